"""Forget: the learning record deleted so that none of the user's text stays on disk.

Deleting rows is not enough: SQLite leaves their text in free pages, in the WAL until a
checkpoint, and any damaged copy moved aside earlier holds the whole record. Forgetting
overwrites deleted rows (secure_delete), rewrites the file (VACUUM), empties the WAL
(a TRUNCATE checkpoint) and deletes the damaged copies. The index cache holds no part
of the record, but it is compacted too, so text of cards deleted since is gone as well.
"""

from __future__ import annotations

import glob
import shutil
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import sqlite_utils

from cuecard.content.cache import compact_cache
from cuecard.paths import AppPaths
from cuecard.store.db import CORRUPT_INFIX, RECORD_TABLES, SIDECARS, truncate_wal


def damaged_copies(database: Path) -> list[Path]:
    """Copies of the record moved aside as damaged (without their -wal/-shm files)."""
    pattern = glob.escape(database.name) + glob.escape(CORRUPT_INFIX) + "*"
    return sorted(
        found for found in database.parent.glob(pattern) if not found.name.endswith(SIDECARS)
    )


def with_sidecars(path: Path) -> list[Path]:
    return [path, *(path.with_name(path.name + suffix) for suffix in SIDECARS)]


def erase_record(db: sqlite_utils.Database) -> bool:
    """Empty every table of the open record in place, leaving none of the deleted text
    in the file or its WAL; False when another reader kept the WAL from being emptied."""
    db.execute("PRAGMA secure_delete=ON")
    with db.conn:
        for table in RECORD_TABLES:
            if table in db.table_names():
                db.execute(f"DELETE FROM [{table}]")
    db.execute("VACUUM")
    return truncate_wal(db)


def forget_in_place(db: sqlite_utils.Database, paths: AppPaths) -> list[str]:
    """The running app's forget: erase the open record, delete damaged copies and
    compact the index cache. Returns what could not be done (empty when all went)."""
    problems = []
    try:
        if not erase_record(db):
            problems.append("another program is reading the learning record")
    except sqlite3.Error as exc:
        problems.append(f"the learning record could not be emptied ({exc})")
    failed = delete(path for copy in damaged_copies(paths.database) for path in with_sidecars(copy))
    problems.extend(f"could not delete {path}" for path in failed)
    if not compact_cache(paths.index_cache):
        problems.append("the search index could not be compacted")
    return problems


def delete(paths: Iterable[Path]) -> list[Path]:
    """Delete files and folders that exist; returns those that could not be deleted."""
    failed = []
    for path in paths:
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            elif path.exists() or path.is_symlink():
                path.unlink()
        except OSError:
            failed.append(path)
    return failed


def local_data(paths: AppPaths) -> list[Path]:
    """Everything `cuecard forget` deletes (the user's own content folder is kept)."""
    return [
        *with_sidecars(paths.database),
        *(path for copy in damaged_copies(paths.database) for path in with_sidecars(copy)),
        *with_sidecars(paths.team_cache),
        paths.window_state,
        paths.cache_dir,
        paths.log_dir,
    ]
