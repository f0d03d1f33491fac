"""The command names a card's code runs (cuecard.content.commands)."""

from __future__ import annotations

from pathlib import Path

from cuecard.content.cache import IndexCache
from cuecard.content.commands import MAX_COMMANDS, code_commands
from cuecard.content.library import ContentLibrary
from tests.conftest import write_card


def test_names_at_the_start_of_spans_and_after_pipes_and_separators() -> None:
    body = "See also: `dmesg`.\n\n`journalctl -f | grep ssh && sort -u; echo $(date)`\n"
    assert code_commands(body) == ("dmesg", "journalctl", "grep", "sort", "echo", "date")


def test_the_command_a_runner_runs_counts() -> None:
    assert code_commands("`sudo systemctl restart nginx`\n`find . | xargs rm`") == (
        "systemctl",
        "find",
        "rm",
    )


def test_shell_blocks_count_and_other_languages_do_not() -> None:
    body = (
        "```\n$ ls -l\n```\n"
        "```bash\ntar -xf a.tar\n```\n"
        "~~~~text\nChange the group of each FILE\n~~~~\n"
        "```python\nimport os\n```\n"
    )
    assert code_commands(body) == ("ls", "tar")


def test_prose_and_the_cards_own_name_are_left_out() -> None:
    body = "Make a directory with mkdir, then `make -j4` and `cmake ..`."
    assert code_commands(body, own_name="make") == ("cmake",)


def test_a_long_script_keeps_at_most_max_commands() -> None:
    body = "```sh\n" + "\n".join(f"tool{n} --flag" for n in range(200)) + "\n```\n"
    found = code_commands(body)
    assert len(found) == MAX_COMMANDS
    assert found[0] == "tool0"


def test_unclosed_spans_and_fences_give_what_they_hold() -> None:
    assert code_commands("`" + "a" * 5000) == ()
    assert code_commands("```\nls\n" + "x y\n" * 100) == ("ls", "x")


def test_the_index_cache_stores_them_and_the_library_drops_them(tmp_path: Path) -> None:
    write_card(tmp_path / "c", "ps.md", "---\ntitle: ps\n---\nList them: `ps aux | grep x`\n")
    cache = IndexCache(tmp_path / "i.sqlite")
    library = ContentLibrary([tmp_path / "c"], cache)
    library.load()
    assert cache._db is not None
    rows = list(cache._db.execute("SELECT title, commands FROM cards"))
    assert rows == [("ps", "grep")]  # its own name is not a mention
    # The library does not hold them once they are in the cache.
    entries = [e for root in library._roots for e in root.entries.values()]
    assert [e.commands for e in entries] == [()]
