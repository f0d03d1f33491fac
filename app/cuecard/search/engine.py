"""Best cards first for a query typed into the palette or `cuecard search`.

Pass 1: FTS5 over title, summary, tags and body, every word a prefix (as you type),
weighted by column (bm25). Pass 2, when that finds too little: rapidfuzz over titles, so
a typo still finds the card. An exact or leading title match is lifted to the top, and
cards for the current app are ranked higher. Rows of cards overridden or gone from the
library are dropped by checking each hit against the snapshot.
"""

from __future__ import annotations

import html
import re
import sqlite3
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from cuecard.content.cache import TABLE
from cuecard.models import Card

_WORD = re.compile(r"\w+", re.UNICODE)
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"
WEIGHTS = (10.0, 4.0, 6.0, 1.0)  # title, summary, tags, body
FUZZY_CUTOFF = 80.0
FUZZY_MIN_LENGTH = 4
FTS_BASE = 10.0  # above any fuzzy score (at most 1.0)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One result: the card, its score (higher is better) and an HTML snippet."""

    card: Card
    score: float
    snippet_html: str
    fuzzy: bool = False


def fts_query(text: str) -> str | None:
    """`"word"*` for every word typed: each is a prefix, all must appear."""
    words = _WORD.findall(text.lower())
    return " ".join(f'"{word}"*' for word in words) if words else None


def snippet_html(raw: str) -> str:
    """Escape the snippet, then turn the match markers into <b>."""
    escaped = html.escape(raw)
    return escaped.replace(_MARK_OPEN, "<b>").replace(_MARK_CLOSE, "</b>")


class SearchEngine:
    """Reads the index cache's FTS table on its own connection (WAL: never blocks the
    indexer); call from one thread at a time."""

    def __init__(self, cache_path: Path) -> None:
        self.cache_path = cache_path
        self._db: sqlite3.Connection | None = None

    def _connection(self) -> sqlite3.Connection | None:
        if self._db is None:
            try:
                uri = f"{self.cache_path.as_uri()}?mode=ro"
                self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            except sqlite3.Error:
                return None
        return self._db

    def search(
        self,
        query: str,
        cards: Mapping[str, Card],
        limit: int = 20,
        boost: Collection[str] = (),
    ) -> list[SearchHit]:
        """Best first; `boost` holds ids of cards for the current app."""
        text = query.strip()
        if not text:
            return []
        hits: dict[str, SearchHit] = {}
        for hit in self._full_text(text, cards, limit * 3):
            hits.setdefault(hit.card.id, hit)
        if len(hits) < limit:
            for hit in self._fuzzy_titles(text, cards, limit):
                hits.setdefault(hit.card.id, hit)
        lowered = text.lower()
        ranked = []
        for hit in hits.values():
            title = hit.card.title.lower()
            bonus = 100.0 if title == lowered else 30.0 if title.startswith(lowered) else 0.0
            bonus += 20.0 if hit.card.id in boost else 0.0
            ranked.append((hit.score + bonus, hit))
        ranked.sort(key=lambda pair: (-pair[0], pair[1].card.title.lower()))
        return [SearchHit(h.card, round(s, 3), h.snippet_html, h.fuzzy) for s, h in ranked][:limit]

    def _full_text(self, text: str, cards: Mapping[str, Card], limit: int) -> list[SearchHit]:
        match = fts_query(text)
        db = self._connection()
        if match is None or db is None:
            return []
        weights = ", ".join(str(w) for w in WEIGHTS)
        sql = (
            f"SELECT c.card_id, c.path, snippet({TABLE}_fts, -1, ?, ?, '…', 10), "
            f"bm25({TABLE}_fts, {weights}) FROM {TABLE}_fts "
            f"JOIN {TABLE} c ON c.rowid = {TABLE}_fts.rowid "
            f"WHERE {TABLE}_fts MATCH ? ORDER BY 4 LIMIT ?"
        )
        try:
            rows = db.execute(sql, [_MARK_OPEN, _MARK_CLOSE, match, limit]).fetchall()
        except sqlite3.Error:
            return []
        hits = []
        for card_id, path, snippet, rank in rows:
            card = cards.get(card_id)
            if card is not None and str(card.path) == path:
                # bm25 is negative, better is lower; text hits always outrank fuzzy ones.
                hits.append(SearchHit(card, FTS_BASE - float(rank), snippet_html(snippet)))
        return hits

    def _fuzzy_titles(self, text: str, cards: Mapping[str, Card], limit: int) -> list[SearchHit]:
        if len(text) < FUZZY_MIN_LENGTH:
            return []  # two or three letters fit too many titles to be a useful guess
        titles = {card_id: card.title.lower() for card_id, card in cards.items()}
        found = process.extract(
            text.lower(), titles, scorer=fuzz.partial_ratio, limit=limit, score_cutoff=FUZZY_CUTOFF
        )
        return [
            SearchHit(cards[card_id], score / 100.0, html.escape(cards[card_id].summary), True)
            for _title, score, card_id in found
        ]

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
