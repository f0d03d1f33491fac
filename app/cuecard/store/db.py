"""Open the database: WAL, migrations, and recovery from a corrupt file."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils
from sqlite_migrate import Migrations

from cuecard.clock import SYSTEM_CLOCK
from cuecard.store import outbox

DB_NAME = "cuecard.db"
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


RECORD_TABLES = ("events", "log", "missed_searches", *outbox.OUTBOX_TABLES)


def all_rows(db: sqlite_utils.Database) -> dict[str, list[dict[str, object]]]:
    """Every row of every table of the learning record (export, "What Cuecard stores")."""
    return {
        table: [dict(row) for row in db.table(table).rows]
        for table in RECORD_TABLES
        if table in db.table_names()
    }


def _connect(path: Path) -> sqlite_utils.Database:
    connection = sqlite3.connect(path, check_same_thread=False, timeout=10)
    db = sqlite_utils.Database(connection)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA cache_size=-512")  # KiB: a small, append-mostly log
    db.execute("PRAGMA foreign_keys=ON")
    check = db.execute("PRAGMA quick_check").fetchone()[0]
    if check != "ok":
        connection.close()
        raise sqlite3.DatabaseError(f"integrity check failed: {check}")
    migrations.apply(db)
    return db


def open_db(path: Path) -> OpenedDb:
    """Open (creating or migrating) the database; a corrupt file is moved aside."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return OpenedDb(_connect(path))
    except sqlite3.DatabaseError:
        stamp = SYSTEM_CLOCK.now().strftime("%Y%m%d-%H%M%S")
        aside = path.with_name(f"{path.name}.corrupt-{stamp}")
        path.replace(aside)
        for suffix in ("-wal", "-shm"):
            sidecar = path.with_name(path.name + suffix)
            if sidecar.exists():
                sidecar.replace(aside.with_name(aside.name + suffix))
        return OpenedDb(_connect(path), recovered_from=aside)
