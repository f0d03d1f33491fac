"""Which card a person opened from a search, per normalised query.

The palette puts a card opened for some words first the next time the same words (or
the start of them) are typed. The words stay on this device: they are shown in "What
Cuecard stores", exported and erased with the record, and never synced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from cuecard.store.searches import normalise_query

KEEP = 1000  # queries and cards remembered; the least recently picked go first


@dataclass(frozen=True)
class SearchPick:
    """A card opened from the results of a query, how often, and when last."""

    query: str
    card_id: str
    picks: int
    last: datetime


def record_pick(db: sqlite_utils.Database, query: str, card_id: str, when: datetime) -> None:
    """Count one more opening of `card_id` from the results of `query`."""
    text = normalise_query(query)
    if not text or not card_id:
        return
    with db.conn:
        db.execute(
            "INSERT INTO search_picks (query, card_id, picks, last) VALUES (?, ?, 1, ?) "
            "ON CONFLICT(query, card_id) DO UPDATE SET picks = picks + 1, last = excluded.last",
            [text, card_id, when.isoformat()],
        )
        db.execute(
            "DELETE FROM search_picks WHERE rowid NOT IN "
            "(SELECT rowid FROM search_picks ORDER BY last DESC LIMIT ?)",
            [KEEP],
        )


def load_picks(db: sqlite_utils.Database) -> tuple[SearchPick, ...]:
    """Every remembered pick, the most recent first (rows that do not parse are skipped)."""
    picks = []
    for query, card_id, count, last in db.execute(
        "SELECT query, card_id, picks, last FROM search_picks ORDER BY last DESC"
    ).fetchall():
        try:
            picks.append(SearchPick(str(query), str(card_id), int(count), _parse(last)))
        except (TypeError, ValueError):
            continue
    return tuple(picks)


def _parse(text: object) -> datetime:
    return datetime.fromisoformat(str(text))
