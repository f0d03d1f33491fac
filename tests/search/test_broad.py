"""A word found in very many cards contributes the same rows whatever order the index
was written in (parallel parse workers write in the order they finish)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cuecard.content.cache import TABLE, IndexCache
from cuecard.search import full_text as full_text_module
from cuecard.search.broad import BroadRows
from cuecard.search.engine import SearchEngine
from tests.search.conftest import build

# Every card's body holds "widget"; titles of several lengths, in no order.
NAMES = ["zebra-tool", "ab", "kappa", "b", "longer-name-here", "mid", "cd", "x", "omega"]
LIBRARY = {name: ("A tool.", f"Use it on a widget: `{name} widget`") for name in NAMES}


def reversed_copy(source: Path, target: Path) -> None:
    """The same rows, written in the opposite order (so with other rowids)."""
    IndexCache(target).close()  # the schema, FTS table and triggers
    columns = [row[1] for row in sqlite3.connect(source).execute(f"PRAGMA table_info({TABLE})")]
    rows = sqlite3.connect(source).execute(
        f"SELECT {', '.join(columns)} FROM {TABLE} ORDER BY rowid DESC"
    )
    with sqlite3.connect(target) as db:
        db.execute(f"DELETE FROM {TABLE}")
        db.executemany(
            f"INSERT INTO {TABLE} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            rows,
        )


def test_the_rows_taken_are_the_shortest_titles_in_any_write_order(tmp_path: Path) -> None:
    build(tmp_path / "c", tmp_path / "a.sqlite", LIBRARY)
    reversed_copy(tmp_path / "a.sqlite", tmp_path / "b.sqlite")
    taken = []
    for name in ("a.sqlite", "b.sqlite"):
        db = sqlite3.connect(tmp_path / name)
        rows = BroadRows().take(db, "widget", 4)
        marks = ",".join("?" * len(rows))
        titles = dict(
            db.execute(
                f"SELECT rowid, title FROM {TABLE} WHERE rowid IN ({marks})", [r for r, _ in rows]
            ).fetchall()
        )
        taken.append([titles[row] for row, _ in rows])
    assert taken[0] == taken[1] == ["b", "x", "ab", "cd"]


def test_search_results_do_not_depend_on_the_write_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(full_text_module, "RANK_ALL_UP_TO", 3)  # "widget" counts as broad
    monkeypatch.setattr(full_text_module, "BROAD_TAKE", 4)
    snapshot = build(tmp_path / "c", tmp_path / "a.sqlite", LIBRARY)
    reversed_copy(tmp_path / "a.sqlite", tmp_path / "b.sqlite")
    results = []
    for name in ("a.sqlite", "b.sqlite"):
        engine = SearchEngine(tmp_path / name)
        try:
            results.append([h.card.title for h in engine.search("use widget", snapshot.cards)])
        finally:
            engine.close()
    assert results[0] == results[1]
    assert set(results[0]) >= {"b", "x"}
