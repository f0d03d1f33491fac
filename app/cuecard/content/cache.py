"""A SQLite cache of parsed cards keyed by path, size and mtime.

A restart with unchanged content reads rows instead of re-parsing files. The cache is
disposable: any error reading or writing it falls back to parsing, and a schema or
parser change empties it.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
import threading
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

import sqlite_utils

from cuecard.content.parse import ParsedCard, compact_card, shared_key_lines
from cuecard.models import Card, ElementPattern, Level, Problem, RecallPrompt, Trigger
from cuecard.private_files import private_file, tighten
from cuecard.wording import plural

log = logging.getLogger(__name__)

# Bump when parsing changes what a file turns into.
# 7: lint warns about control and bidi characters; 8: links leaving the root; 9: required, due;
# 10: element fields in triggers (dialog, control, role); 11: option marks inside words;
# 12: the command names a card's code runs (for search's ranking)
PARSER_VERSION = 12
TABLE = "cards"
# Full-text search over the cached cards: an external-content FTS5 table kept in step
# by triggers, over title, summary, tags and the body's plain text. Prefix indexes for 2
# and 3 characters make typing fast (a 2-letter prefix took 7 ms without, measured).
SEARCH_COLUMNS = ("title", "summary", "tags", "plain")


def _create_search_index(db: sqlite_utils.Database) -> None:
    cols = ", ".join(SEARCH_COLUMNS)
    new = ", ".join(f"new.{c}" for c in SEARCH_COLUMNS)
    old = ", ".join(f"old.{c}" for c in SEARCH_COLUMNS)
    fts = f"{TABLE}_fts"
    db.executescript(f"""
        CREATE VIRTUAL TABLE [{fts}] USING fts5({cols}, content='{TABLE}',
            content_rowid='rowid', tokenize='unicode61 remove_diacritics 2', prefix='2 3');
        CREATE TRIGGER [{TABLE}_ai] AFTER INSERT ON [{TABLE}] BEGIN
            INSERT INTO [{fts}](rowid, {cols}) VALUES (new.rowid, {new});
        END;
        CREATE TRIGGER [{TABLE}_ad] AFTER DELETE ON [{TABLE}] BEGIN
            INSERT INTO [{fts}]([{fts}], rowid, {cols}) VALUES ('delete', old.rowid, {old});
        END;
        CREATE TRIGGER [{TABLE}_au] AFTER UPDATE ON [{TABLE}] BEGIN
            INSERT INTO [{fts}]([{fts}], rowid, {cols}) VALUES ('delete', old.rowid, {old});
            INSERT INTO [{fts}](rowid, {cols}) VALUES (new.rowid, {new});
        END;
    """)


class IndexCache:
    """Parsed cards on disk; safe to call from any thread (one connection, one lock)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._db = self._open(path)

    def _open(self, path: Path) -> sqlite_utils.Database | None:
        try:
            private_file(path)  # the cards' text: 0600, and so are its -wal and -shm
            for suffix in ("-wal", "-shm"):
                tighten(path.with_name(path.name + suffix))
            # Parse workers write their chunks concurrently: wait for the lock, don't fail.
            connection = sqlite3.connect(path, check_same_thread=False, timeout=30)
            # No sqlite-utils plugins: loading them scans every installed package's entry
            # points (importlib.metadata, about 0.05 s a start) and would run third-party
            # code on this connection.
            db = sqlite_utils.Database(connection, execute_plugins=False)
            db.execute("PRAGMA journal_mode=WAL")
            # Disposable (rebuilt from the cards on any doubt): no fsync on the hot path.
            db.execute("PRAGMA synchronous=OFF")
            db.execute("PRAGMA cache_size=-512")  # KiB; the default 2 MB sits idle after load
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version != PARSER_VERSION:
                for name in db.table_names():
                    if not name.startswith(f"{TABLE}_fts_"):  # FTS shadow tables go with it
                        db.execute(f"DROP TABLE IF EXISTS [{name}]")
                for trigger in db.triggers:
                    db.execute(f"DROP TRIGGER IF EXISTS [{trigger.name}]")
                db.execute(f"PRAGMA user_version={PARSER_VERSION}")
            if TABLE not in db.table_names():
                db.table(TABLE).create(
                    {
                        "path": str,
                        "root": str,
                        "size": int,
                        "mtime_ns": int,
                        "card": str,
                        "problems": str,
                        "plain": str,
                        "commands": str,
                        "lines": str,
                        "card_id": str,
                        "title": str,
                        "summary": str,
                        "tags": str,
                    },
                    pk="path",
                )
                db.table(TABLE).create_index(["root"])
                _create_search_index(db)
            return db
        except (sqlite3.Error, OSError):
            return None

    @property
    def available(self) -> bool:
        """False when the file could not be opened (the library then just parses)."""
        return self._db is not None

    def rows_for_root(
        self, root: Path, present: Mapping[str, Path]
    ) -> dict[str, tuple[int, int, ParsedCard | None]]:
        """path -> (size, mtime_ns, decoded entry) for every cached file of a root.

        Only files in `present` (str -> the caller's own Path object, which the decoded
        card then shares) are decoded; the others come back as None, to be forgotten.
        """
        if self._db is None:
            return {}
        result: dict[str, tuple[int, int, ParsedCard | None]] = {}
        # Decode row by row from the cursor: fetching all rows first doubled the peak
        # heap, which the allocator then keeps as resident memory.
        with self._lock:
            try:
                cursor = self._db.execute(
                    f"SELECT path, size, mtime_ns, card, problems, lines FROM {TABLE} "
                    "WHERE root = ?",
                    [str(root)],
                )
                for key, size, mtime_ns, card, problems, lines in cursor:
                    path = present.get(key)
                    decoded = _decode(card, problems, lines, root, path) if path else None
                    result[key] = (size, mtime_ns, decoded)
            except sqlite3.Error:
                return {}
        return result

    def store(self, root: Path, entries: Iterable[ParsedCard], paths: Iterable[Path]) -> bool:
        """Write parsed files (paired with their paths) of one root; False if that failed."""
        if self._db is None:
            return False
        records = (
            {
                "path": str(path),
                "root": str(root),
                "size": parsed.card.size,
                "mtime_ns": parsed.card.mtime_ns,
                "card": json.dumps(_card_to_json(parsed.card)),
                "problems": json.dumps([_problem_to_json(p) for p in parsed.problems]),
                "plain": parsed.plain_text,
                "commands": " ".join(parsed.commands),
                "lines": json.dumps(parsed.key_lines),
                "card_id": parsed.card.id,
                "title": parsed.card.title,
                "summary": parsed.card.summary,
                "tags": " ".join(parsed.card.tags),
            }
            for parsed, path in zip(entries, paths, strict=True)
            if parsed.card is not None
        )
        # A generator: sqlite-utils encodes and writes 500 at a time, keeping the peak low.
        with self._lock:
            connection = self._db.conn
            try:
                # Take the write lock first (waiting out other parse workers): a deferred
                # transaction that reads, then writes, fails at once with "database is
                # locked" when another worker committed in between (seen in tests).
                connection.execute("BEGIN IMMEDIATE")
                self._db.table(TABLE).upsert_all(records, pk="path", batch_size=500)
                connection.execute("COMMIT")
            except sqlite3.Error:
                if connection.in_transaction:
                    connection.rollback()
                return False
        return True

    def keep_only_roots(self, roots: Iterable[Path]) -> int:
        """Drop the rows of every other root (a content folder or pack no longer used):
        they would stay in the full-text statistics and the vocabulary that corrections
        come from. Returns how many rows went. Only the cache's owner (the running app)
        may call it: a command run with other roots would take the app's cards out of
        its search."""
        if self._db is None:
            return 0
        keep = {str(root) for root in roots}
        with self._lock:
            try:
                known = [row[0] for row in self._db.execute(f"SELECT DISTINCT root FROM {TABLE}")]
                gone = [root for root in known if root not in keep]
                if not gone:
                    return 0
                # Overwrite the freed pages, and merge the full-text segments (a deleted
                # row's words stay in them as tombstones otherwise): their text goes too.
                self._db.execute("PRAGMA secure_delete=ON")
                try:
                    removed = _delete_roots(self._db, gone)
                finally:
                    self._db.execute("PRAGMA secure_delete=OFF")
                log.info("the index cache dropped %s no longer read", plural(removed, "card"))
                return removed
            except sqlite3.Error:
                if self._db.conn.in_transaction:
                    self._db.conn.rollback()
                return 0

    def forget(self, paths: Iterable[Path]) -> None:
        if self._db is None:
            return
        keys = [str(path) for path in paths]
        with self._lock:
            try:
                for start in range(0, len(keys), 500):
                    chunk = keys[start : start + 500]
                    self._db.execute(
                        f"DELETE FROM {TABLE} WHERE path IN ({','.join('?' * len(chunk))})", chunk
                    )
                self._db.conn.commit()
            except sqlite3.Error:
                pass

    def close(self) -> None:
        if self._db is not None:
            with self._lock:
                self._db.conn.close()
                self._db = None


def compact_cache(path: Path) -> bool:
    """Rewrite the cache file with only its live rows, on a connection of its own.

    Text of cards deleted or changed since they were cached stays on disk otherwise: in
    free pages, in full-text segments (until merged) and in the WAL. Rebuilds the search
    index, VACUUMs and empties the WAL. False when that could not be finished.
    """
    if not path.exists():
        return True
    try:
        connection = sqlite3.connect(path, timeout=30)
    except sqlite3.Error:
        return False
    try:
        connection.execute("PRAGMA secure_delete=ON")
        fts = f"{TABLE}_fts"
        found = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [fts]
        ).fetchone()
        if found:
            with connection:
                connection.execute(f"INSERT INTO [{fts}]([{fts}]) VALUES ('rebuild')")
        connection.execute("VACUUM")
        busy = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        return not busy
    except sqlite3.Error:
        return False
    finally:
        connection.close()


def _card_to_json(card: Card) -> dict[str, Any]:
    data = asdict(card)
    data["path"] = str(card.path)
    data["root"] = str(card.root)
    data["reviewed"] = card.reviewed.isoformat() if card.reviewed else None
    data["due"] = card.due.isoformat() if card.due else None
    return data


def _problem_to_json(problem: Problem) -> list[Any]:
    return [str(problem.path), problem.line, problem.level.value, problem.message, problem.code]


def _element(trigger: dict[str, Any]) -> ElementPattern | None:
    element = trigger.get("element")
    if element is None:
        return None
    return ElementPattern(element["dialog"], element["control"], tuple(element["roles"]))


def _decode(
    card_json: str, problems_json: str, lines_json: str, root: Path, path: Path
) -> ParsedCard | None:
    try:
        data = json.loads(card_json)
        data["path"] = path  # the library's own Path object: one per file, not two
        data["root"] = root  # one shared object, not a Path per card
        data["reviewed"] = date.fromisoformat(data["reviewed"]) if data["reviewed"] else None
        data["due"] = date.fromisoformat(data["due"]) if data["due"] else None
        data["triggers"] = tuple(
            Trigger(tuple(t["apps"]), t["title"], t["window_class"], t["line"], _element(t))
            for t in data["triggers"]
        )
        data["recall"] = tuple(RecallPrompt(r["question"], r["answer"]) for r in data["recall"])
        for key in ("tags", "audience", "requires"):
            data[key] = tuple(data[key])
        problems = tuple(
            Problem(Path(p[0]), p[1], Level(p[2]), p[3], p[4]) for p in json.loads(problems_json)
        )
        lines = shared_key_lines(
            tuple((sys.intern(str(k)), int(v)) for k, v in json.loads(lines_json))
        )
        return ParsedCard(compact_card(Card(**data)), problems, key_lines=lines)
    except (ValueError, KeyError, TypeError):
        return None


def _delete_roots(db: sqlite_utils.Database, roots: list[str]) -> int:
    """Delete the rows of `roots` and merge the full-text segments; rows deleted."""
    removed = 0
    for root in roots:
        cursor = db.execute(f"DELETE FROM {TABLE} WHERE root = ?", [root])
        removed += max(cursor.rowcount, 0)
    db.execute(f"INSERT INTO [{TABLE}_fts]([{TABLE}_fts]) VALUES ('optimize')")
    db.conn.commit()
    return removed
