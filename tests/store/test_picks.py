"""Cards opened from a search, kept per normalised query in the learning record."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from cuecard.clock import FixedClock
from cuecard.store import picks
from cuecard.store.db import all_rows, open_db
from cuecard.store.describe import describe_record
from cuecard.store.forget import erase_record
from cuecard.store.picks import load_picks, record_pick


def test_picks_are_counted_per_query_and_card_and_read_back(
    tmp_path: Path, clock: FixedClock
) -> None:
    db = open_db(tmp_path / "cuecard.db").db
    record_pick(db, "View  System LOGS", "tools/journalctl", clock.now())
    later = clock.now() + timedelta(minutes=5)
    record_pick(db, "view system logs", "tools/journalctl", later)
    record_pick(db, "view system logs", "tools/dmesg", clock.now())
    record_pick(db, "   ", "tools/less", clock.now())  # no words: nothing to remember
    read = load_picks(open_db(tmp_path / "cuecard.db").db)
    assert [(p.query, p.card_id, p.picks, p.last) for p in read] == [
        ("view system logs", "tools/journalctl", 2, later),
        ("view system logs", "tools/dmesg", 1, clock.now()),
    ]


def test_the_least_recently_picked_go_beyond_the_limit(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(picks, "KEEP", 3)
    db = open_db(tmp_path / "cuecard.db").db
    for n in range(5):
        record_pick(db, f"query {n}", "card", clock.now() + timedelta(minutes=n))
    assert [p.query for p in load_picks(db)] == ["query 4", "query 3", "query 2"]


def test_a_row_that_does_not_parse_is_skipped(tmp_path: Path, clock: FixedClock) -> None:
    db = open_db(tmp_path / "cuecard.db").db
    record_pick(db, "tar", "tools/tar", clock.now())
    db.execute("INSERT INTO search_picks VALUES ('zip', 'tools/zip', 1, 'yesterday')")
    db.conn.commit()
    assert [p.card_id for p in load_picks(db)] == ["tools/tar"]


def test_picks_are_shown_exported_and_erased_with_the_record(
    tmp_path: Path, clock: FixedClock
) -> None:
    db = open_db(tmp_path / "cuecard.db").db
    record_pick(db, "view system logs", "tools/journalctl", clock.now())
    rows = all_rows(db)
    assert rows["search_picks"][0]["query"] == "view system logs"
    sections = {s.table: s for s in describe_record(rows, {"tools/journalctl": "journalctl"})}
    (line,) = sections["search_picks"].lines
    assert line.text == "“view system logs”: you opened “journalctl” (1 time)"
    assert "Never sent anywhere" in sections["search_picks"].summary
    assert erase_record(db)
    assert load_picks(db) == ()
