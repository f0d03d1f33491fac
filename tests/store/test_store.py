"""The learning record on a real SQLite file: migrations, events, recovery, the writer."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cuecard.policy.model import AttentionState
from cuecard.store.db import open_db
from cuecard.store.events import (
    FOREVER,
    PROACTIVE,
    Event,
    EventKind,
    apply_event,
    load_attention,
    write_events,
)
from cuecard.store.writer import StoreWriter

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
