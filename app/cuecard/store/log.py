"""The learning log: one-line notes of what the user learned, optionally about a card."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlite_utils

from cuecard.store.db import truncate_wal

MAX_TEXT = 2000


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One note; `ts` is when it was written."""

    id: int
    ts: datetime
    text: str
    card_id: str | None = None


# Called inside the transaction that adds an entry (sync queues its statement).
LogHook = Callable[[sqlite_utils.Database, LogEntry], None]


def add_entry(
    db: sqlite_utils.Database,
    text: str,
    ts: datetime,
    card_id: str | None = None,
    also: LogHook | None = None,
) -> LogEntry:
    clean = " ".join(text.split())[:MAX_TEXT]
    if not clean:
        raise ValueError("a log entry needs some text")
    with db.conn:
        cursor = db.execute(
            "INSERT INTO log (ts, text, card_id) VALUES (?, ?, ?)",
            [ts.astimezone(UTC).isoformat(), clean, card_id],
        )
        entry = LogEntry(int(cursor.lastrowid or 0), ts, clean, card_id)
        if also is not None:
            also(db, entry)
    return entry


def list_entries(db: sqlite_utils.Database, limit: int | None = None) -> list[LogEntry]:
    sql = "SELECT id, ts, text, card_id FROM log ORDER BY ts DESC, id DESC"
    rows = db.execute(sql + (" LIMIT ?" if limit else ""), [limit] if limit else []).fetchall()
    return [LogEntry(row[0], datetime.fromisoformat(row[1]), row[2], row[3]) for row in rows]


def update_entry(db: sqlite_utils.Database, entry_id: int, text: str) -> None:
    clean = " ".join(text.split())[:MAX_TEXT]
    if not clean:
        raise ValueError("a log entry needs some text")
    with db.conn:
        db.execute("UPDATE log SET text = ? WHERE id = ?", [clean, entry_id])
    truncate_wal(db)  # the old wording must not stay in the WAL


def delete_entry(db: sqlite_utils.Database, entry_id: int) -> None:
    with db.conn:
        db.execute("DELETE FROM log WHERE id = ?", [entry_id])
    truncate_wal(db)  # secure_delete overwrote the row; drop the WAL's old copy too


def as_markdown(entries: list[LogEntry], titles: dict[str, str]) -> str:
    """The log as a markdown document, newest day first."""
    lines = ["# My learning log", ""]
    day = None
    for entry in entries:
        local = entry.ts.astimezone()
        if local.date() != day:
            day = local.date()
            lines += ["", f"## {day.isoformat()}", ""]
        about = f" (card: {titles.get(entry.card_id, entry.card_id)})" if entry.card_id else ""
        lines.append(f"- {local:%H:%M} {entry.text}{about}")
    return "\n".join(lines).replace("\n\n\n", "\n\n").rstrip() + "\n"
