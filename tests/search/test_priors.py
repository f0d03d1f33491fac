"""Which of two cards that say a task equally well people mean (issue 11, third
round): a tool other cards' code runs, a short name; and the same ranking in every
process, whatever its string hash seed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cuecard.search.engine import SearchEngine
from cuecard.search.rank import BREVITY_SPAN, CITED_FULL, SUBCOMMAND, brevity, cited
from tests.search.conftest import build

SAME = "Report a snapshot of the current processes."


def ranked(tmp_path: Path, cards: dict[str, tuple[str, str]], query: str) -> list[str]:
    snapshot = build(tmp_path / "c", tmp_path / "i.sqlite", cards)
    hits = SearchEngine(tmp_path / "i.sqlite").search(query, snapshot.cards)
    return [hit.card.title for hit in hits]


def test_a_tool_other_cards_run_ranks_above_one_nobody_runs(tmp_path: Path) -> None:
    # Same summary and length, and each name is written by one other card (renown is
    # even): 'pa' would come first on the tie-break (alphabetical), but only 'ps' is run.
    cards = {
        "pa": (SAME, "`pa -e`"),
        "ps": (SAME, "`ps -e`"),
        "pgrep": ("Find processes by name.", "First list them: `ps aux | grep name`"),
        "kill": ("Send a signal.", "Unlike pa, it sends signals: `kill -9 1234`"),
    }
    assert ranked(tmp_path, cards, "current processes")[:2] == ["ps", "pa"]


def test_the_code_a_card_runs_of_itself_does_not_count(tmp_path: Path) -> None:
    # Counting it, 'zz' would beat 'aa', which comes first on the tie-break.
    cards = {"aa": (SAME, "aa -e"), "zz": (SAME, "`zz -e`, `zz -x`\n\n```sh\nzz -a\n```")}
    assert ranked(tmp_path, cards, "current processes") == ["aa", "zz"]


def test_cited_grows_with_the_cards_running_a_name() -> None:
    runs = {"wc": 0, "tar": 3, "git": 100}.get
    assert cited("wc", lambda n: runs(n) or 0) == 0.0
    assert 0.0 < cited("tar", lambda n: runs(n) or 0) < 1.0
    assert cited("git", lambda n: runs(n) or 0) == 1.0
    assert cited("Git", lambda n: runs(n) or 0) == 1.0  # names are counted in lower case
    assert cited("git commit", lambda n: runs(n) or 0) == SUBCOMMAND
    assert cited("x", lambda _: CITED_FULL) == 1.0
    assert cited("  ", lambda _: CITED_FULL) == 0.0


def test_brevity_falls_from_two_characters_to_none() -> None:
    assert brevity("ls") == 1.0
    assert brevity("ls") == brevity("a")  # never above 1 ...
    assert 0.0 < brevity("lsblk") < brevity("ls")
    assert brevity("x" * (2 + BREVITY_SPAN)) == 0.0  # ... nor below 0
    assert brevity("x" * 80) == 0.0


def test_a_short_name_wins_a_task_phrasing_not_a_name_search(tmp_path: Path) -> None:
    # The long name's summary says the task a little better; for a task phrasing the short
    # name still comes first, for its own name the long one does.
    cards = {
        "du": ("Estimate file space usage.", "Show the disk usage of each folder: `du -sh`"),
        "dirsizereport": (
            "Estimate disk space usage.",
            "Show the disk usage of each folder: `dirsizereport -a`",
        ),
    }
    assert ranked(tmp_path, cards, "show disk usage")[0] == "du"
    assert ranked(tmp_path / "name", cards, "dirsizereport")[0] == "dirsizereport"


def test_the_ranking_is_the_same_in_every_process(tmp_path: Path) -> None:
    # The alternatives of a word (its forms and synonyms) came from sets, read in the
    # order of the process's string hash seed; equal alternatives then decided which a
    # card matched, and the man-page benchmark's results changed from run to run.
    script = (
        "from cuecard.search.plan import Planner\n"
        "from cuecard.search.vocab import Vocabulary\n"
        "words = ['show', 'display', 'print', 'list', 'view', 'logs', 'log', 'logging',"
        " 'remove', 'delete', 'erase', 'files', 'file']\n"
        "plan = Planner(Vocabulary(dict.fromkeys(words, 3), ())).plan('view logs remove files')\n"
        "print([[a.word for a in g.alternatives] for g in plan.groups])\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={"PYTHONHASHSEED": str(seed), "PYTHONPATH": "app"},
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parents[2],
        ).stdout
        for seed in range(6)
    }
    assert len(outputs) == 1, outputs
