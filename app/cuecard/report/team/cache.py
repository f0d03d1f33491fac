"""The local cache of fetched statements (team-cache.db in the data dir, mode 0600).

It keeps the few fields of each statement the team view reads (records.py), one row
per statement id (a statement fetched twice is kept once), learners as small numbers,
and where the last fetch got to, so the next run asks the LRS only for what is new.
It holds learners' shared text: it is private like the learning record, and
`cuecard forget` deletes it with the rest of the data dir.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from cuecard.private_files import private_file
from cuecard.report.team.records import TeamRecord

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS actors (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS statements (
    id TEXT NOT NULL UNIQUE, stored TEXT NOT NULL, ts TEXT NOT NULL, actor INTEGER NOT NULL,
    kind INTEGER NOT NULL, subject TEXT NOT NULL, value INTEGER, text TEXT, text2 TEXT,
    teams TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS names (subject TEXT PRIMARY KEY, name TEXT NOT NULL, ts TEXT NOT NULL);
"""
CACHE_PAGES = -8000  # SQLite's page cache: 8 MB (the table grows in the order it is read)


class CachedRow(NamedTuple):
    """One statement as the figures read it (the learner as a small number)."""

    ts: str
    actor: int
    kind: int
    subject: str
    value: int | None
    text: str | None
    text2: str | None


class TeamCache:
    """The cache file; `add` one page at a time, `rows` streams them back in time order."""

    def __init__(self, path: Path) -> None:
        self.path = private_file(path)  # 0600 before SQLite writes anything into it
        self.conn = sqlite3.connect(path)
        self.conn.executescript(
            # A cache: a power cut may lose the last pages read (never half a page: WAL
            # keeps each page's transaction whole), so no fsync per page.
            f"PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size={CACHE_PAGES};"
            + SCHEMA
        )
        self._actors: dict[str, int] | None = None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> TeamCache:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # Where the last fetch got to -------------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, **values: str | None) -> None:
        with self.conn:
            self._write_meta(values)

    def _write_meta(self, values: Mapping[str, str | None]) -> None:
        for key, value in values.items():
            if value is None:
                self.conn.execute("DELETE FROM meta WHERE key = ?", [key])
            else:
                self.conn.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [key, value]
                )

    def reset(self) -> None:
        """Forget everything (another LRS, or `--refetch`)."""
        with self.conn:
            for table in ("meta", "actors", "statements", "names"):
                self.conn.execute(f"DELETE FROM {table}")  # fixed names, no input
        self._actors = None

    # Writing ---------------------------------------------------------------------------

    def _actor_ids(self, names: Sequence[str]) -> dict[str, int]:
        if self._actors is None:
            self._actors = dict(self.conn.execute("SELECT name, id FROM actors"))
        known = self._actors
        for name in names:
            if name not in known:
                cursor = self.conn.execute("INSERT INTO actors (name) VALUES (?)", [name])
                known[name] = int(cursor.lastrowid or 0)
        return known

    def add(
        self,
        records: Sequence[TeamRecord],
        voided: Sequence[str] = (),
        meta: Mapping[str, str | None] | None = None,
    ) -> int:
        """Keep one page's records (those already kept stay as they are), drop the
        statements it voids and note `meta` (how far the fetch got), in one transaction;
        returns how many were new."""
        names: dict[str, tuple[str, str]] = {}
        for r in records:  # each card's newest title on this page
            if r.name and (r.subject not in names or names[r.subject][1] < r.ts):
                names[r.subject] = (r.name, r.ts)
        with self.conn:
            ids = self._actor_ids([r.actor for r in records])
            before = self.conn.total_changes
            self.conn.executemany(
                "INSERT OR IGNORE INTO statements VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(*r[:3], ids[r.actor], *r[4:10]) for r in records],
            )
            added = self.conn.total_changes - before
            self.conn.executemany(
                "INSERT INTO names (subject, name, ts) VALUES (?, ?, ?) ON CONFLICT (subject) "
                "DO UPDATE SET name = excluded.name, ts = excluded.ts WHERE excluded.ts > ts",
                [(subject, name, ts) for subject, (name, ts) in names.items()],
            )
            self.conn.executemany("DELETE FROM statements WHERE id = ?", [(v,) for v in voided])
            self._write_meta(meta or {})
        return added

    # Reading ---------------------------------------------------------------------------

    def count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM statements").fetchone()[0])

    def rows(self, since: str | None = None, team: str | None = None) -> Iterator[CachedRow]:
        """Kept statements in time order, from `since` (UTC text) on, of `team` only
        when given; streamed from SQLite (the whole cache is never in memory)."""
        query = "SELECT ts, actor, kind, subject, value, text, text2 FROM statements"
        where, params = [], []
        if since:
            where.append("ts >= ?")
            params.append(since)
        if team:
            where.append("instr(teams, ?) > 0")
            params.append(f",{team},")
        if where:
            query += " WHERE " + " AND ".join(where)
        # SQLite's sorter (bounded memory, spilling to a temporary file) after one sweep
        # of the table: faster here than keeping an index on ts up to date and walking it.
        cursor = self.conn.execute(query + " ORDER BY ts", params)
        cursor.arraysize = 2000
        while batch := cursor.fetchmany():
            for row in batch:
                yield CachedRow(*row)

    def names(self) -> dict[str, str]:
        """Each card's latest title as the statements named it."""
        return dict(self.conn.execute("SELECT subject, name FROM names"))

    def teams(self) -> list[str]:
        """Every team tag in the cache (for the message when a team has no statements)."""
        found: set[str] = set()
        for (tags,) in self.conn.execute("SELECT DISTINCT teams FROM statements"):
            found.update(tag for tag in str(tags).split(",") if tag)
        return sorted(found)
