"""Shared by the forget tests: markers in the user's text, and a byte scan for them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from cuecard.store.db import open_db
from cuecard.store.events import Event, EventKind, write_events
from cuecard.store.log import add_entry

# Distinct words, so the full-text index keeps each as one token.
MARKERS = (
    "qzxloglinemarker",
    "qzxeventcommentmarker",
    "qzxmissedsearchmarker",
    "qzxoldcopymarker",
)


def markers_found(folder: Path, markers: tuple[str, ...] = MARKERS) -> dict[str, list[str]]:
    """marker -> files below `folder` holding it, scanning every byte of every file."""
    found: dict[str, list[str]] = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        for marker in markers:
            if marker.encode() in data:
                found.setdefault(marker, []).append(path.name)
    return found


def leave_a_damaged_copy(database: Path) -> None:
    """A record holding a marker, then damaged so the next open moves it aside."""
    db = open_db(database).db
    add_entry(db, f"old note {MARKERS[3]}", datetime.now(UTC))
    db.conn.close()  # the last connection checkpoints the WAL into the file
    raw = bytearray(database.read_bytes())
    raw[:16] = b"not a database!!"
    database.write_bytes(bytes(raw))
    assert MARKERS[3].encode() in database.read_bytes()


def report_outdated(database: Path) -> None:
    db = open_db(database).db
    now = datetime.now(UTC)
    write_events(
        db,
        [
            Event(EventKind.COMPLETED, now, "spreadsheet/freeze-header"),
            Event(EventKind.REPORTED_OUTDATED, now, "writer/shortcuts", None, MARKERS[1]),
        ],
    )
    db.conn.close()
