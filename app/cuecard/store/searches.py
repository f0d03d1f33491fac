"""Searches that found nothing, counted per normalised query (nothing else is kept)."""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils


def normalise_query(query: str) -> str:
    return " ".join(query.lower().split())[:200]


# Called inside the transaction that counts a missed search (sync queues its statement).
SearchHook = Callable[[sqlite_utils.Database, str], None]


def record_missed_search(
    db: sqlite_utils.Database, query: str, also: SearchHook | None = None
) -> None:
    text = normalise_query(query)
    if not text:
        return
    with db.conn:
        db.execute(
            "INSERT INTO missed_searches (query, count) VALUES (?, 1) "
            "ON CONFLICT(query) DO UPDATE SET count = count + 1",
            [text],
        )
        if also is not None:
            also(db, text)


def top_missed_searches(db: sqlite_utils.Database, limit: int = 20) -> list[tuple[str, int]]:
    return [
        (query, count)
        for query, count in db.execute(
            "SELECT query, count FROM missed_searches ORDER BY count DESC, query LIMIT ?",
            [limit],
        ).fetchall()
    ]
