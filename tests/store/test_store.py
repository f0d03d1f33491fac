"""The learning record on a real SQLite file: migrations, events, recovery, the writer."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cuecard.policy.model import AttentionState
from cuecard.store.db import RecordUnavailable, open_db
from cuecard.store.events import (
    FOREVER,
    PROACTIVE,
    Event,
    EventKind,
    apply_event,
    load_attention,
    write_events,
)
from cuecard.store.writer import SAVING_AGAIN, StoreWriter

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def test_migrations_create_the_schema_once(tmp_path: Path) -> None:
    path = tmp_path / "cuecard.db"
    opened = open_db(path)
    assert opened.message is None
    assert "events" in opened.db.table_names()
    assert opened.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    opened.db.conn.close()
    again = open_db(path)
    applied = again.db.execute("SELECT name FROM _sqlite_migrations").fetchall()
    assert applied == [
        ("m001_events",),
        ("m002_missed_searches",),
        ("m003_learning_log",),
        ("m004_sync_outbox",),
        ("m005_learning_seen",),
        ("m006_search_picks",),
    ]


def test_corrupt_file_is_moved_aside_and_replaced(tmp_path: Path) -> None:
    path = tmp_path / "cuecard.db"
    path.write_bytes(b"this is not a database" * 100)
    opened = open_db(path)
    assert opened.recovered_from is not None and opened.recovered_from.exists()
    assert opened.recovered_from.read_bytes().startswith(b"this is not")
    assert "moved to" in (opened.message or "")
    assert "events" in opened.db.table_names()


def test_events_fold_into_attention_state(tmp_path: Path) -> None:
    db = open_db(tmp_path / "cuecard.db").db
    events = [
        Event(EventKind.SHOWN, NOW - timedelta(days=2), "a", PROACTIVE),
        Event(EventKind.SHOWN, NOW - timedelta(hours=2), "a", PROACTIVE),
        Event(EventKind.OPENED, NOW - timedelta(hours=2), "a"),
        Event(EventKind.SHOWN, NOW - timedelta(hours=1), "a", PROACTIVE),
        Event(EventKind.SHOWN, NOW - timedelta(minutes=30), "b", "pulled"),
        Event(EventKind.COMPLETED, NOW - timedelta(minutes=20), "b"),
        Event(EventKind.DISMISSED, NOW - timedelta(minutes=10), "c", FOREVER),
        Event(EventKind.DISMISSED, NOW - timedelta(minutes=10), "d", "later"),
        Event(EventKind.SNOOZED, NOW, None, (NOW + timedelta(hours=1)).isoformat()),
    ]
    write_events(db, events)
    state = load_attention(db, NOW)
    assert state.nudges_shown == (NOW - timedelta(hours=2), NOW - timedelta(hours=1))
    assert state.history("a").unopened_impressions == 1
    assert state.history("b").completed and not state.history("b").dismissed_forever
    assert state.history("c").dismissed_forever
    assert not state.history("d").dismissed_forever
    assert state.snoozed_until == NOW + timedelta(hours=1)
    folded = AttentionState()
    for event in events:
        folded = apply_event(folded, event)
    assert folded.cards == state.cards, "in-memory and replayed state agree"


def test_no_window_data_in_the_schema(tmp_path: Path) -> None:
    db = open_db(tmp_path / "cuecard.db").db
    columns = {column.name for column in db["events"].columns}  # type: ignore[union-attr]
    assert columns == {"id", "ts", "card_id", "kind", "value", "comment"}


def test_writer_writes_off_the_calling_thread_and_survives_restart(tmp_path: Path) -> None:
    path = tmp_path / "cuecard.db"
    writer = StoreWriter(path)
    writer.start()
    caller = threading.get_ident()
    assert writer._thread.ident != caller
    for n in range(500):
        writer.record(Event(EventKind.STEP_DONE, NOW, "a", str(n)))
    writer.record(Event(EventKind.COMPLETED, NOW, "a"))
    writer.flush()
    writer.stop()
    db = open_db(path).db
    assert db.execute("SELECT count(*) FROM events").fetchone()[0] == 501
    assert load_attention(db, NOW).history("a").completed


def test_writer_keeps_queue_order_between_calls_and_events(tmp_path: Path) -> None:
    writer = StoreWriter(tmp_path / "cuecard.db")
    writer.start()
    gate = threading.Event()
    try:
        writer.call(lambda _db: gate.wait(10))  # hold the writer so the next two queue up
        count = writer.call(lambda db: db.execute("SELECT count(*) FROM events").fetchone()[0])
        writer.record(Event(EventKind.SHOWN, NOW, "a"))
        later = writer.call(lambda db: db.execute("SELECT count(*) FROM events").fetchone()[0])
        gate.set()
        assert count.result(timeout=10) == 0, "a call never sees events queued after it"
        assert later.result(timeout=10) == 1
    finally:
        gate.set()
        writer.stop()


def test_done_and_rate_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cuecard.cli import main

    data = ["--data-dir", str(tmp_path / "data")]
    assert main(["done", "spreadsheet/freeze-header", *data]) == 0
    assert main(["rate", "spreadsheet/freeze-header", "up", *data]) == 0
    assert main(["done", "no/such-card", *data]) == 1
    assert "no card with id 'no/such-card'" in capsys.readouterr().err
    db = open_db(tmp_path / "data" / "cuecard.db").db
    rows = db.execute("SELECT card_id, kind, value FROM events ORDER BY id").fetchall()
    assert rows == [
        ("spreadsheet/freeze-header", "completed", None),
        ("spreadsheet/freeze-header", "rated", "up"),
    ]


@pytest.fixture
def healthy(tmp_path: Path) -> Path:
    path = tmp_path / "cuecard.db"
    db = open_db(path).db
    write_events(db, [Event(EventKind.COMPLETED, NOW, "kept")])
    db.conn.close()
    return path


class _Locker:
    """Another process's connection holding an EXCLUSIVE lock on the file."""

    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(path)
        self.connection.execute("PRAGMA locking_mode=EXCLUSIVE")
        self.connection.execute("BEGIN EXCLUSIVE")

    def release(self) -> None:
        self.connection.rollback()
        self.connection.close()


def test_a_locked_record_is_reported_and_left_where_it_is(healthy: Path) -> None:
    locker = _Locker(healthy)
    try:
        with pytest.raises(RecordUnavailable, match="database is locked") as raised:
            open_db(healthy, busy_timeout=0.1)
        assert "left as it is" in str(raised.value)
        assert not list(healthy.parent.glob("*.corrupt-*")), "a healthy record is not moved"
    finally:
        locker.release()
    opened = open_db(healthy)
    assert opened.recovered_from is None
    assert opened.db.execute("SELECT card_id FROM events").fetchall() == [("kept",)]


def test_a_record_that_cannot_be_opened_is_not_moved(tmp_path: Path) -> None:
    path = tmp_path / "cuecard.db"
    path.mkdir()  # SQLite: unable to open database file
    with pytest.raises(RecordUnavailable, match="unable to open"):
        open_db(path)
    assert path.is_dir() and not list(tmp_path.glob("*.corrupt-*"))


def test_a_damaged_page_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "cuecard.db"
    db = open_db(path).db
    write_events(
        db, [Event(EventKind.RATED, NOW, f"card-{n}", "up", "x" * 200) for n in range(200)]
    )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    raw = bytearray(path.read_bytes())
    page = 4096
    raw[3 * page : 3 * page + 64] = b"\xff" * 64  # a b-tree page header destroyed
    path.write_bytes(bytes(raw))
    opened = open_db(path)
    assert opened.recovered_from is not None
    assert opened.recovered_from.read_bytes() == bytes(raw)
    assert opened.db.execute("SELECT count(*) FROM events").fetchone()[0] == 0


def test_writer_reports_a_locked_record_once_and_writes_when_it_opens(healthy: Path) -> None:
    locker = _Locker(healthy)
    problems: list[str] = []
    reported = threading.Event()

    def on_problem(message: str) -> None:
        problems.append(message)
        reported.set()

    writer = StoreWriter(healthy, on_problem=on_problem, busy_timeout=0.05)
    writer.start()
    try:
        writer.record(Event(EventKind.OPENED, NOW, "queued"))
        assert reported.wait(10)
        assert "database is locked" in problems[0] and "keeps trying" in problems[0]
        assert writer.problem is not None
        locker.release()
        rows = writer.call(lambda db: db.execute("SELECT card_id FROM events").fetchall())
        assert rows.result(timeout=30) == [("kept",), ("queued",)]
        assert problems[1:] == [SAVING_AGAIN] and writer.problem is None
        assert not list(healthy.parent.glob("*.corrupt-*"))
    finally:
        writer.stop()


def test_the_running_state_keeps_only_the_last_day_of_nudges() -> None:
    """Found by the long run: every nudge the app ever showed stayed in memory (and was
    copied and sorted at each event and decision) until the next start."""
    state = AttentionState()
    for hour in range(72):
        when = NOW + timedelta(hours=hour)
        state = apply_event(state, Event(EventKind.SHOWN, when, "card", PROACTIVE))
    last = NOW + timedelta(hours=71)
    assert len(state.nudges_shown) == 24
    assert min(state.nudges_shown) > last - timedelta(days=1)
