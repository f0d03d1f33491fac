"""The sync outbox: xAPI statements waiting for the Learning Record Store.

A statement is built once, when its event is recorded, and its exact JSON text is
stored here in the same transaction as the event (so a crash never keeps one without
the other). The sender re-sends those bytes, never a rebuilt statement: some LRSs
compare content literally, and a rebuilt one would be a conflict.

Rows move from `pending` to `delivered` (the LRS took it), `conflict` (the LRS holds
different content under the same id: never retried) or `quarantined` (the LRS found
this one statement invalid: kept, shown in `cuecard sync status`, never retried).
`sync_state` holds small facts (the actor's opaque id, last success and error) and
`sync_runs` the registration of each guide run in progress. All three tables belong
to the learning record: exported, shown in "What Cuecard stores", emptied by forget.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlite_utils

OUTBOX_TABLES = ("outbox", "sync_state", "sync_runs")
MAX_DETAIL = 500  # characters of an LRS's reason kept for a quarantined statement


class OutboxState(enum.StrEnum):
    """Where a statement is on its way to the LRS."""

    PENDING = "pending"
    DELIVERED = "delivered"
    CONFLICT = "conflict"
    QUARANTINED = "quarantined"


@dataclass(frozen=True, slots=True)
class QueuedStatement:
    """A statement as it waits in the outbox: its id and its exact JSON text."""

    row: int
    statement_id: str
    body: str


@dataclass(frozen=True, slots=True)
class SetAside:
    """A statement the LRS refused for good (conflict or quarantined), and why."""

    statement_id: str
    state: OutboxState
    queued: str
    detail: str
    body: str


@dataclass(frozen=True, slots=True)
class OutboxCounts:
    """How many statements are in each state (delivered includes pruned ones)."""

    pending: int = 0
    delivered: int = 0
    conflict: int = 0
    quarantined: int = 0


def create_tables(db: sqlite_utils.Database) -> None:
    """The migration body (called from store/db.py)."""
    db.execute(
        "CREATE TABLE outbox ("
        " id INTEGER PRIMARY KEY,"
        " statement_id TEXT NOT NULL UNIQUE,"
        " queued TEXT NOT NULL,"
        " body TEXT NOT NULL,"
        " state TEXT NOT NULL DEFAULT 'pending',"
        " attempts INTEGER NOT NULL DEFAULT 0,"
        " settled TEXT,"
        " detail TEXT)"
    )
    db.execute("CREATE INDEX outbox_state ON outbox (state, id)")
    db.execute("CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute(
        "CREATE TABLE sync_runs ("
        " card_id TEXT PRIMARY KEY, registration TEXT NOT NULL, started TEXT NOT NULL)"
    )


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


# Writing (inside the caller's transaction) ------------------------------------------


def enqueue(
    db: sqlite_utils.Database, statements: Sequence[tuple[str, str]], now: datetime
) -> None:
    """Queue `(statement_id, json_text)` pairs; the caller holds the transaction."""
    db.conn.executemany(
        "INSERT INTO outbox (statement_id, queued, body) VALUES (?, ?, ?)",
        [(statement_id, _iso(now), body) for statement_id, body in statements],
    )


def state_value(db: sqlite_utils.Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM sync_state WHERE key = ?", [key]).fetchone()
    return None if row is None else str(row[0])


def set_state_value(db: sqlite_utils.Database, key: str, value: str | None) -> None:
    """Set (or with None delete) one fact; the caller holds the transaction."""
    if value is None:
        db.execute("DELETE FROM sync_state WHERE key = ?", [key])
    else:
        db.execute(
            "INSERT INTO sync_state (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )


def actor_id(db: sqlite_utils.Database) -> str:
    """The learner's opaque, stable id (a random UUID made on first use; forget resets
    it). Never an email address or a user name."""
    existing = state_value(db, "actor_id")
    if existing:
        return existing
    made = str(uuid.uuid4())
    set_state_value(db, "actor_id", made)
    return made


def run_registration(db: sqlite_utils.Database, card_id: str, now: datetime, end: bool) -> str:
    """The registration of the guide run `card_id` is in (a new one when none is open);
    `end` closes the run (the guide was completed), so the next run gets a new one."""
    row = db.execute("SELECT registration FROM sync_runs WHERE card_id = ?", [card_id]).fetchone()
    registration = str(row[0]) if row else str(uuid.uuid4())
    if end:
        db.execute("DELETE FROM sync_runs WHERE card_id = ?", [card_id])
    elif row is None:
        db.execute(
            "INSERT INTO sync_runs (card_id, registration, started) VALUES (?, ?, ?)",
            [card_id, registration, _iso(now)],
        )
    return registration


# The sender's side (each call is its own transaction) -------------------------------


def pending(db: sqlite_utils.Database, limit: int) -> list[QueuedStatement]:
    """The oldest pending statements, in the order they were recorded."""
    rows = db.execute(
        "SELECT id, statement_id, body FROM outbox WHERE state = 'pending' ORDER BY id LIMIT ?",
        [limit],
    ).fetchall()
    return [QueuedStatement(int(row[0]), str(row[1]), str(row[2])) for row in rows]


def settle(
    db: sqlite_utils.Database,
    rows: Sequence[QueuedStatement],
    state: OutboxState,
    now: datetime,
    detail: str = "",
) -> None:
    """Mark statements delivered, conflicting or quarantined (only while pending: a
    second sender that settled them first wins)."""
    with db.conn:
        db.conn.executemany(
            "UPDATE outbox SET state = ?, settled = ?, detail = ?, attempts = attempts + 1 "
            "WHERE id = ? AND state = 'pending'",
            [(state.value, _iso(now), detail[:MAX_DETAIL] or None, row.row) for row in rows],
        )
        if state is OutboxState.DELIVERED:
            set_state_value(db, "last_success", _iso(now))


def note_attempt(db: sqlite_utils.Database, rows: Sequence[QueuedStatement]) -> None:
    with db.conn:
        db.conn.executemany(
            "UPDATE outbox SET attempts = attempts + 1 WHERE id = ?", [(row.row,) for row in rows]
        )


def record_outcome(db: sqlite_utils.Database, error: str | None, config_error: bool) -> None:
    """Remember the last error (None: the last push went through) for status and doctor."""
    with db.conn:
        set_state_value(db, "last_error", error)
        set_state_value(db, "config_error", error if config_error else None)


def counts(db: sqlite_utils.Database) -> OutboxCounts:
    found = dict(db.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state").fetchall())
    pruned = int(state_value(db, "delivered_pruned") or 0)
    return OutboxCounts(
        pending=int(found.get("pending", 0)),
        delivered=int(found.get("delivered", 0)) + pruned,
        conflict=int(found.get("conflict", 0)),
        quarantined=int(found.get("quarantined", 0)),
    )


def set_aside(db: sqlite_utils.Database, limit: int = 100) -> list[SetAside]:
    """Statements the LRS refused for good, newest first."""
    rows = db.execute(
        "SELECT statement_id, state, queued, COALESCE(detail, ''), body FROM outbox "
        "WHERE state IN ('conflict', 'quarantined') ORDER BY id DESC LIMIT ?",
        [limit],
    ).fetchall()
    return [SetAside(r[0], OutboxState(r[1]), r[2], r[3], r[4]) for r in rows]


def prune_delivered(db: sqlite_utils.Database, now: datetime, keep: timedelta) -> int:
    """Drop delivered statements older than `keep` (counted, so status stays right)."""
    cutoff = _iso(now - keep)
    with db.conn:
        gone = db.execute(
            "DELETE FROM outbox WHERE state = 'delivered' AND settled < ?", [cutoff]
        ).rowcount
        if gone:
            before = int(state_value(db, "delivered_pruned") or 0)
            set_state_value(db, "delivered_pruned", str(before + gone))
    return int(gone)
