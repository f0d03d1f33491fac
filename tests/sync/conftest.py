"""Fixtures for sync: a real LRS on loopback (installed once per machine), a tap in
front of it, and a learning record with statements queued the way the app queues them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlite_utils

from cuecard.clock import FixedClock
from cuecard.store import outbox
from cuecard.store.db import open_db
from cuecard.store.events import Event, EventKind, write_events
from cuecard.sync.recorder import OutboxRecorder, StatementSettings
from cuecard.sync.statements import CardInfo
from tests.sync.lrs_server import LearningLocker, Tap, install_lrs

HOME = "https://learning.example.org"
CARDS = {
    "calc/freeze": CardInfo("Freeze the header row", "guide"),
    "notes": CardInfo("Plain note", "card"),
}


@pytest.fixture(scope="session")
def lrs_installed() -> Path:
    return install_lrs()


@pytest.fixture
def lrs(lrs_installed: Path, tmp_path: Path) -> Iterator[LearningLocker]:
    server = LearningLocker(tmp_path / "lrs").start()
    yield server
    server.stop()


@pytest.fixture
def tap(lrs: LearningLocker) -> Iterator[Tap]:
    proxy = Tap(lrs.port).start()
    yield proxy
    proxy.stop()


@pytest.fixture
def record(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    opened = open_db(tmp_path / "data" / "cuecard.db")
    yield opened.db
    opened.db.conn.close()


def recorder(clock: FixedClock, share_text: bool = False) -> OutboxRecorder:
    return OutboxRecorder(StatementSettings(HOME, share_text), CARDS.get, clock)


def queue_events(db: sqlite_utils.Database, clock: FixedClock, count: int) -> list[str]:
    """Record `count` events as the app does (each with its statement); their ids."""
    hook = recorder(clock).events
    kinds = [EventKind.OPENED, EventKind.COMPLETED, EventKind.RATED]
    for start in range(0, count, 250):
        events = []
        for n in range(start, min(count, start + 250)):
            kind = kinds[n % 3]
            value = "up" if kind is EventKind.RATED else None
            events.append(Event(kind, clock.now(), "calc/freeze", value))
            clock.advance(timedelta(milliseconds=7))
        write_events(db, events, hook)
    return queued_ids(db)


def queued_ids(db: sqlite_utils.Database) -> list[str]:
    return [row[0] for row in db.execute("SELECT statement_id FROM outbox ORDER BY id")]


def bodies(db: sqlite_utils.Database) -> dict[str, str]:
    return dict(db.execute("SELECT statement_id, body FROM outbox").fetchall())


def states(db: sqlite_utils.Database) -> dict[str, int]:
    return dict(db.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state").fetchall())


def add_invalid_statement(db: sqlite_utils.Database, clock: FixedClock, statement_id: str) -> None:
    """A statement no LRS accepts (its verb id is not an IRI), queued among good ones."""
    body = json.dumps(
        {
            "id": statement_id,
            "actor": {"objectType": "Agent", "account": {"homePage": HOME, "name": "x"}},
            "verb": {"id": "not an iri", "display": {"en-US": "broke"}},
            "object": {"objectType": "Activity", "id": HOME + "/cuecard/cards/x"},
        }
    )
    with db.conn:
        outbox.enqueue(db, [(statement_id, body)], clock.now())
