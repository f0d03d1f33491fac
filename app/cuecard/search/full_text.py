"""The FTS5 side of a search: cards matching an expression, ranked by bm25.

The in-memory field index (candidates.py) answers most keystrokes; this reads the index
cache's full-text table when bodies must be searched too. Rows are mapped back to the
library's cards (rows of cards that are gone or overridden by another root are dropped),
and a word held by very many rows contributes a bounded, stable set (broad.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from cuecard.content.cache import TABLE
from cuecard.models import Card
from cuecard.search.broad import BroadRows
from cuecard.search.highlight import SCAN

WEIGHTS = (10.0, 4.0, 6.0, 1.0)  # bm25 column weights: title, summary, tags, body
RANK_ALL_UP_TO = 1500  # matching rows ranked by bm25; beyond, the first BROAD_TAKE unranked
BROAD_TAKE = 300


class FullText:
    """Queries one index cache's FTS table; remembers which card each row holds."""

    def __init__(self) -> None:
        self._rows: dict[int, tuple[str, str]] = {}
        self._broad = BroadRows()

    def cards(
        self,
        db: sqlite3.Connection,
        match: str,
        cards: Mapping[str, Card],
        limit: int,
        needed: bool,
        up_to: int,
    ) -> list[tuple[Card, float]]:
        """Cards matching an FTS5 expression with their bm25 share of the best (0..1);
        when not `needed`, none if more than `up_to` rows match."""
        ranked = dict(self._ranked(db, match, limit, needed, up_to))
        if not ranked:
            return []
        strongest = min(ranked.values())
        return [
            (card, ranked[rowid] / strongest if strongest < 0 else 0.0)
            for rowid, card in self._cards_for(db, list(ranked), cards).items()
        ]

    def _ranked(
        self, db: sqlite3.Connection, match: str, limit: int, needed: bool, up_to: int
    ) -> list[tuple[int, float]]:
        """(rowid, bm25) best first. A query matching very many rows (a word in every
        card) takes the first BROAD_TAKE unranked instead (bm25 costs 1 to 100 µs per
        matching row, by the length of the words' doclists; see broad.py for which), or
        nothing when not `needed` and more than `up_to` rows match."""
        cap = RANK_ALL_UP_TO if needed else up_to
        weights = ", ".join(str(w) for w in WEIGHTS)
        fts = f"{TABLE}_fts"
        try:
            # A probe stops after RANK_ALL_UP_TO + 1 rows, where count(*) reads them all.
            probe = db.execute(
                f"SELECT rowid, 0.0 FROM {fts} WHERE {fts} MATCH ? LIMIT ?",
                [match, cap + 1],
            ).fetchall()
            if len(probe) > cap:
                return self._broad.take(db, match, BROAD_TAKE) if needed else []
            return db.execute(
                f"SELECT rowid, bm25({fts}, {weights}) AS r FROM {fts} WHERE {fts} MATCH ? "
                "ORDER BY r LIMIT ?",
                [match, limit],
            ).fetchall()
        except sqlite3.Error:
            return []

    def _cards_for(
        self, db: sqlite3.Connection, rowids: list[int], cards: Mapping[str, Card]
    ) -> dict[int, Card]:
        """The library's card for each FTS row, in order; rows of cards that are gone or
        overridden by another root are dropped. Row facts are memoised: reading them from
        the wide cache rows cost more than the search itself."""
        missing = [r for r in rowids if r not in self._rows]
        for rowid, card_id, path in _fetch_rows(db, missing):
            self._rows[rowid] = (card_id, path)
        result: dict[int, Card] = {}
        stale = []
        for rowid in rowids:
            card_id, path = self._rows.get(rowid, ("", ""))
            card = cards.get(card_id)
            if card is not None and str(card.path) == path:
                result[rowid] = card
            else:
                stale.append(rowid)
        for rowid, card_id, path in _fetch_rows(db, stale):  # the row was reused
            self._rows[rowid] = (card_id, path)
            card = cards.get(card_id)
            if card is not None and str(card.path) == path:
                result[rowid] = card
        return {rowid: result[rowid] for rowid in rowids if rowid in result}


def _fetch_rows(db: sqlite3.Connection, rowids: list[int]) -> list[tuple[int, str, str]]:
    if not rowids:
        return []
    marks = ",".join("?" * len(rowids))
    try:
        return db.execute(
            f"SELECT rowid, card_id, path FROM {TABLE} WHERE rowid IN ({marks})", rowids
        ).fetchall()
    except sqlite3.Error:
        return []


def lead_texts(db: sqlite3.Connection, paths: list[str]) -> dict[str, str]:
    """The start of each card's plain text (enough for a snippet), by path."""
    if not paths:
        return {}
    marks = ",".join("?" * len(paths))
    try:
        rows = db.execute(
            f"SELECT path, substr(plain, 1, {SCAN}) FROM {TABLE} WHERE path IN ({marks})",
            paths,
        ).fetchall()
    except sqlite3.Error:
        return {}
    return {path: plain or "" for path, plain in rows}
