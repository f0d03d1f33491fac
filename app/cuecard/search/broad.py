"""Which rows a word found in very many cards contributes, chosen the same way every time.

Ranking every row of a word held by most cards costs too much per keystroke (bm25 reads
each row's doclist), so such a word contributes BROAD_TAKE rows unranked. They used to be
the first rows of the index, whose order follows the order in which parallel parse
workers happened to write (two builds of the same 6,643 cards put 400 in other places).
Now they are the rows with the shortest titles (a command's name, rather than a long
page about it), ties broken by title and path: which rows a broad word brings no longer
depends on how the index happened to be written.
"""

from __future__ import annotations

import heapq
import sqlite3

from cuecard.content.cache import TABLE
from cuecard.search.vocab import data_version

LAST = (1 << 30, "", "")  # a row this memo does not know yet sorts last


class BroadRows:
    """Memo of each index row's order key, read again when the index file changes."""

    def __init__(self) -> None:
        self._version: int | None = None
        self._keys: dict[int, tuple[int, str, str]] = {}

    def take(self, db: sqlite3.Connection, match: str, count: int) -> list[tuple[int, float]]:
        """The first `count` rows matching an FTS5 expression, shortest titles first,
        as (rowid, 0.0) like an unranked bm25 result."""
        fts = f"{TABLE}_fts"
        found = db.execute(f"SELECT rowid FROM {fts} WHERE {fts} MATCH ?", [match])
        rows = [row for (row,) in found]
        keys = self._keys_for(db)
        first = heapq.nsmallest(count, rows, key=lambda row: keys.get(row, LAST))
        return [(row, 0.0) for row in first]

    def _keys_for(self, db: sqlite3.Connection) -> dict[int, tuple[int, str, str]]:
        version = data_version(db)
        if version != self._version:
            self._keys = {
                rowid: (len(title or ""), (title or "").lower(), path or "")
                for rowid, title, path in db.execute(f"SELECT rowid, title, path FROM {TABLE}")
            }
            self._version = version
        return self._keys
