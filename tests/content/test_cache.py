"""cache.py: a restart over unchanged content re-parses nothing; the cache is disposable."""

from __future__ import annotations

import os
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from cuecard.content.cache import PARSER_VERSION, IndexCache
from cuecard.content.library import ContentLibrary, LibrarySnapshot
from tests.content.helpers import write

FULL_CARD = (
    "---\ntitle: Full\nminutes: 3\nsummary: S\ntags: [a, b]\nwhen:\n  - app: [excel]\n"
    "    title: '*Book*'\n    class: re:^XL\naudience: [staff]\nvideo: https://e.org/v.mp4\n"
    "owner: o@x\nreviewed: 2025-01-02\nreview_every: 4w\nrequires: [plain]\nid: full/card\n"
    "recall:\n  - q: Q?\n    a: A\nrequired: true\ndue: 2030-05-06\nlayout: post\n---\n"
    "# Full\n\nIntro.\n\n## One\nx\n\n## Two\ny\n"
)


@pytest.fixture
def roots(tmp_path: Path) -> list[Path]:
    write(tmp_path / "one/full.md", FULL_CARD)
    write(tmp_path / "one/plain.md", "# Plain\n\nbody\n")
    write(tmp_path / "one/sub/minutes.md", "---\nminutes: 20\n---\nbody\n")
    write(tmp_path / "two/plain.md", "# Plain two\n\nbody\n")
    return [tmp_path / "one", tmp_path / "two"]


def load_with_cache(roots: list[Path], cache_file: Path) -> LibrarySnapshot:
    cache = IndexCache(cache_file)
    try:
        return ContentLibrary(roots, cache=cache).load()
    finally:
        cache.close()


def test_second_library_reparses_nothing(
    tmp_path: Path, roots: list[Path], read_calls: list[Path]
) -> None:
    cache_file = tmp_path / "data" / "index.sqlite"
    first = load_with_cache(roots, cache_file)
    assert len(read_calls) == 4
    read_calls.clear()
    second = load_with_cache(roots, cache_file)
    assert read_calls == []
    assert dict(second.cards) == dict(first.cards)
    assert second.problems == first.problems
    assert second.roots == first.roots
    full = second.cards["full/card"]
    assert (full.triggers[0].apps, full.triggers[0].window_class, full.recall[0].answer) == (
        ("excel",),
        "re:^XL",
        "A",
    )
    assert full.step_count == 2
    assert (full.required, full.due) == (True, date(2030, 5, 6))
    assert [p.message for p in second.problems] == [
        "unknown key 'layout' ignored",
        "minutes is 20; a card must take at most 10 minutes",
        f"id 'plain' is overridden by {roots[1] / 'plain.md'} (root {roots[1]})",
    ]


def test_only_changed_and_new_files_are_parsed(
    tmp_path: Path, roots: list[Path], read_calls: list[Path]
) -> None:
    cache_file = tmp_path / "index.sqlite"
    load_with_cache(roots, cache_file)
    read_calls.clear()
    write(roots[0] / "plain.md", "# Plain edited\n\nlonger body now\n")
    write(roots[1] / "added.md", "# Added\n\nbody\n")
    snapshot = load_with_cache(roots, cache_file)
    assert sorted(read_calls) == [roots[0] / "plain.md", roots[1] / "added.md"]
    assert snapshot.cards["added"].title == "Added"


def test_same_size_edit_is_detected_by_mtime(
    tmp_path: Path, roots: list[Path], read_calls: list[Path]
) -> None:
    cache_file = tmp_path / "index.sqlite"
    load_with_cache(roots, cache_file)
    path = roots[1] / "plain.md"
    write(path, "# Plain TWO\n\nbody\n")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    read_calls.clear()
    assert load_with_cache(roots, cache_file).cards["plain"].title == "Plain TWO"
    assert read_calls == [path]


def test_deleted_files_are_forgotten(tmp_path: Path, roots: list[Path]) -> None:
    cache_file = tmp_path / "index.sqlite"
    load_with_cache(roots, cache_file)
    (roots[0] / "full.md").unlink()
    snapshot = load_with_cache(roots, cache_file)
    assert "full/card" not in snapshot.cards
    with sqlite3.connect(cache_file) as db:
        stored = {row[0] for row in db.execute("SELECT path FROM cards")}
    assert str(roots[0] / "full.md") not in stored
    assert str(roots[0] / "plain.md") in stored


def test_broken_cards_are_not_cached(tmp_path: Path, read_calls: list[Path]) -> None:
    write(tmp_path / "r/empty.md", "# Only title\n")
    load_with_cache([tmp_path / "r"], tmp_path / "index.sqlite")
    read_calls.clear()
    snapshot = load_with_cache([tmp_path / "r"], tmp_path / "index.sqlite")
    assert read_calls == [tmp_path / "r/empty.md"]
    assert snapshot.errors == 1


def test_corrupt_cache_file_falls_back_to_parsing(tmp_path: Path, roots: list[Path]) -> None:
    cache_file = write(tmp_path / "index.sqlite", b"this is not a database" * 100)
    cache = IndexCache(cache_file)
    assert cache.available is False
    snapshot = ContentLibrary(roots, cache=cache).load()
    assert sorted(snapshot.cards) == ["full/card", "plain", "sub/minutes"]


def test_corrupt_row_is_reparsed(tmp_path: Path, roots: list[Path], read_calls: list[Path]) -> None:
    cache_file = tmp_path / "index.sqlite"
    load_with_cache(roots, cache_file)
    with sqlite3.connect(cache_file) as db:
        db.execute("UPDATE cards SET card = '{broken' WHERE path = ?", [str(roots[0] / "full.md")])
    read_calls.clear()
    snapshot = load_with_cache(roots, cache_file)
    assert read_calls == [roots[0] / "full.md"]
    assert snapshot.cards["full/card"].title == "Full"


def test_parser_version_change_empties_the_cache(
    tmp_path: Path, roots: list[Path], read_calls: list[Path]
) -> None:
    cache_file = tmp_path / "index.sqlite"
    load_with_cache(roots, cache_file)
    with sqlite3.connect(cache_file) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == PARSER_VERSION
        db.execute(f"PRAGMA user_version={PARSER_VERSION - 1}")
    read_calls.clear()
    load_with_cache(roots, cache_file)
    assert len(read_calls) == 4


def test_apply_changes_keeps_cache_current(
    tmp_path: Path, roots: list[Path], read_calls: list[Path]
) -> None:
    cache_file = tmp_path / "index.sqlite"
    cache = IndexCache(cache_file)
    library = ContentLibrary(roots, cache=cache)
    library.load()
    write(roots[0] / "plain.md", "# Plain hot\n\nreloaded body\n")
    (roots[0] / "sub/minutes.md").unlink()
    library.apply_changes([roots[0] / "plain.md", roots[0] / "sub/minutes.md"])
    cache.close()
    read_calls.clear()
    snapshot = load_with_cache(roots, cache_file)
    assert read_calls == []
    assert sorted(snapshot.cards) == ["full/card", "plain"]
    assert snapshot.cards["plain"].path == roots[1] / "plain.md"


def test_closed_cache_is_harmless(tmp_path: Path, roots: list[Path]) -> None:
    cache = IndexCache(tmp_path / "index.sqlite")
    cache.close()
    assert cache.available is False
    assert cache.rows_for_root(roots[0], {}) == {}
    assert len(ContentLibrary(roots, cache=cache).load().cards) == 3


def cached_roots(cache_file: Path) -> dict[str, int]:
    with sqlite3.connect(cache_file) as db:
        return dict(db.execute("SELECT root, count(*) FROM cards GROUP BY root").fetchall())


def test_the_apps_library_keeps_only_its_own_roots_in_the_cache(
    tmp_path: Path, roots: list[Path]
) -> None:
    cache_file = tmp_path / "data" / "index.sqlite"
    load_with_cache(roots, cache_file)
    assert cached_roots(cache_file) == {str(roots[0]): 3, str(roots[1]): 1}
    cache = IndexCache(cache_file)
    try:  # the app, after the second folder was removed from its settings
        snapshot = ContentLibrary([roots[0]], cache=cache, owns_cache=True).load()
    finally:
        cache.close()
    assert cached_roots(cache_file) == {str(roots[0]): 3}
    assert "plain" in snapshot.cards
    with sqlite3.connect(cache_file) as db:  # its text is out of the search index too
        found = db.execute("SELECT count(*) FROM cards_fts WHERE cards_fts MATCH 'title:two'")
        assert found.fetchone() == (0,)


def test_a_command_leaves_the_rows_of_other_roots_alone(tmp_path: Path, roots: list[Path]) -> None:
    cache_file = tmp_path / "data" / "index.sqlite"
    load_with_cache(roots, cache_file)
    load_with_cache([roots[1]], cache_file)  # say, `cuecard search --content two`
    assert cached_roots(cache_file) == {str(roots[0]): 3, str(roots[1]): 1}
    with sqlite3.connect(cache_file) as db:
        found = db.execute("SELECT count(*) FROM cards_fts WHERE cards_fts MATCH 'title:two'")
        assert found.fetchone() == (1,)


def test_roots_changed_while_the_app_runs_are_dropped_too(
    tmp_path: Path, roots: list[Path]
) -> None:
    cache_file = tmp_path / "data" / "index.sqlite"
    cache = IndexCache(cache_file)
    try:
        library = ContentLibrary(roots, cache=cache, owns_cache=True)
        library.load()
        assert set(cached_roots(cache_file)) == {str(roots[0]), str(roots[1])}
        library.set_roots([roots[1]])
    finally:
        cache.close()
    assert cached_roots(cache_file) == {str(roots[1]): 1}


def test_the_text_of_dropped_content_leaves_the_cache_file(tmp_path: Path) -> None:
    kept, removed = tmp_path / "kept", tmp_path / "removed"
    write(kept / "plain.md", "# Plain\n\nbody\n")
    for number in range(40):
        write(removed / f"secret{number}.md", f"# Secret {number}\n\nquetzalcoatl{number}\n")
    cache_file = tmp_path / "data" / "index.sqlite"
    load_with_cache([kept, removed], cache_file)
    cache = IndexCache(cache_file)
    try:
        ContentLibrary([kept], cache=cache, owns_cache=True).load()
    finally:
        cache.close()
    files = [cache_file, *cache_file.parent.glob(cache_file.name + "-*")]
    assert b"quetzalcoatl" not in b"".join(path.read_bytes() for path in files)
