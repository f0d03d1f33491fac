"""Open the database: WAL, migrations, and recovery from a corrupt file.

Only damage (SQLite's "malformed" or "not a database", or a failed integrity check)
moves the file aside. A lock, an I/O error or a missing permission leaves a healthy
record where it is and raises `RecordUnavailable`, saying why.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils
from sqlite_migrate import Migrations

from cuecard.clock import SYSTEM_CLOCK
from cuecard.private_files import ensure_private_dir, private_file, tighten
from cuecard.store import outbox

DB_NAME = "cuecard.db"
CORRUPT_INFIX = ".corrupt-"  # cuecard.db.corrupt-20261201-101500: a damaged copy
SIDECARS = ("-wal", "-shm", "-journal")
migrations = Migrations("cuecard")


@migrations()
def m001_events(db: sqlite_utils.Database) -> None:
    db["events"].create(  # type: ignore[union-attr]
        {"id": int, "ts": str, "card_id": str, "kind": str, "value": str, "comment": str},
        pk="id",
        not_null={"ts", "kind"},
    )
    db["events"].create_index(["card_id", "kind"])  # type: ignore[union-attr]
    db["events"].create_index(["kind", "ts"])  # type: ignore[union-attr]


@migrations()
def m002_missed_searches(db: sqlite_utils.Database) -> None:
    # Counts only: which queries found nothing, and how often (for the author report).
    db["missed_searches"].create({"query": str, "count": int}, pk="query")  # type: ignore[union-attr]


@migrations()
def m003_learning_log(db: sqlite_utils.Database) -> None:
    db["log"].create(  # type: ignore[union-attr]
        {"id": int, "ts": str, "text": str, "card_id": str}, pk="id", not_null={"ts", "text"}
    )


@migrations()
def m004_sync_outbox(db: sqlite_utils.Database) -> None:
    outbox.create_tables(db)


@migrations()
def m005_learning_seen(db: sqlite_utils.Database) -> None:
    # Per card, the last two days a window it fits was active (for the refresher after a
    # long time away); never which window, title or app.
    db["seen"].create(  # type: ignore[union-attr]
        {"card_id": str, "last_seen": str, "previous_seen": str}, pk="card_id"
    )


@migrations()
def m006_search_picks(db: sqlite_utils.Database) -> None:
    # The card opened from a search's results, per normalised query (store/picks.py).
    db["search_picks"].create(  # type: ignore[union-attr]
        {"query": str, "card_id": str, "picks": int, "last": str},
        pk=("query", "card_id"),
        not_null={"picks", "last"},
    )


class RecordUnavailable(RuntimeError):
    """The learning record exists but cannot be opened now; it was left untouched."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            f"could not open your learning record {path} ({reason}); it was left as it is"
        )
        self.path = path
        self.reason = reason


class _Damaged(sqlite3.DatabaseError):
    """The integrity check found damage."""


_DAMAGE = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})


def is_damage(error: sqlite3.Error) -> bool:
    """True only for a damaged file, never for a lock, I/O or permission error."""
    if isinstance(error, _Damaged):
        return True
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in _DAMAGE


@dataclass(frozen=True)
class OpenedDb:
    """The database, and a message for the user when the old file had to be moved."""

    db: sqlite_utils.Database
    recovered_from: Path | None = None

    @property
    def message(self) -> str | None:
        if self.recovered_from is None:
            return None
        return (
            f"Your learning record was damaged and has been moved to {self.recovered_from}; "
            "Cuecard started a fresh one."
        )


RECORD_TABLES = (
    "events",
    "log",
    "missed_searches",
    "search_picks",
    "seen",
    *outbox.OUTBOX_TABLES,
)


def truncate_wal(db: sqlite_utils.Database) -> bool:
    """Copy the WAL into the file and empty it, so no old version of a changed or deleted
    row stays in it; False when another reader kept it in use."""
    busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    return not busy


def all_rows(db: sqlite_utils.Database) -> dict[str, list[dict[str, object]]]:
    """Every row of every table of the learning record (export, "What Cuecard stores")."""
    return {
        table: [dict(row) for row in db.table(table).rows]
        for table in RECORD_TABLES
        if table in db.table_names()
    }


def _connect(path: Path, busy_timeout: float) -> sqlite_utils.Database:
    # busy_timeout: how long SQLite retries while another connection holds a lock.
    # SQLite creates -wal and -shm with the database file's mode: 0600 for all three.
    private_file(path)
    for suffix in ("-wal", "-shm"):
        tighten(path.with_name(path.name + suffix))
    connection = sqlite3.connect(path, check_same_thread=False, timeout=busy_timeout)
    try:
        # No sqlite-utils plugins: loading them scans every installed package's entry
        # points (importlib.metadata, about 0.05 s a start) and would run third-party
        # code on this connection.
        db = sqlite_utils.Database(connection, execute_plugins=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA cache_size=-512")  # KiB: a small, append-mostly log
        db.execute("PRAGMA foreign_keys=ON")
        # Deleted rows (a log line, forget) are overwritten, not left in free space.
        db.execute("PRAGMA secure_delete=ON")
        check = db.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise _Damaged(f"integrity check failed: {check}")
        migrations.apply(db)
    except BaseException:
        connection.close()
        raise
    return db


def disk_problem(folder: Path) -> str | None:
    """Why nothing can be written in `folder` when the disk says so (read-only, full):
    SQLite's own message ("unable to open database file") does not tell."""
    try:
        info = os.statvfs(folder)
    except (OSError, AttributeError):  # missing, or not POSIX
        return None
    if info.f_flag & os.ST_RDONLY:
        return "the disk it is on is read-only"
    if info.f_bavail == 0 or (info.f_favail == 0 and info.f_files > 0):
        return "the disk it is on is full"
    return None


def open_db(path: Path, busy_timeout: float = 10) -> OpenedDb:
    """Open (creating or migrating) the database; a damaged file is moved aside.

    Raises `RecordUnavailable` when the file cannot be opened for any other reason.
    """
    try:
        ensure_private_dir(path.parent)
        return OpenedDb(_connect(path, busy_timeout))
    except sqlite3.Error as exc:
        if not is_damage(exc):
            raise RecordUnavailable(path, disk_problem(path.parent) or str(exc)) from exc
    except OSError as exc:
        reason = disk_problem(path.parent) or exc.strerror or str(exc)
        raise RecordUnavailable(path, reason) from exc
    try:
        aside = _move_aside(path)
        return OpenedDb(_connect(path, busy_timeout), recovered_from=aside)
    except sqlite3.Error as exc:
        raise RecordUnavailable(path, str(exc)) from exc
    except OSError as exc:
        raise RecordUnavailable(path, exc.strerror or str(exc)) from exc


def _move_aside(path: Path) -> Path:
    stamp = SYSTEM_CLOCK.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}{CORRUPT_INFIX}{stamp}")
    path.replace(aside)
    for suffix in SIDECARS:
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists():
            sidecar.replace(aside.with_name(aside.name + suffix))
    return aside
