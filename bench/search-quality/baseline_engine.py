"""The search engine as it was before issue 11 (commit aa2ebb6), kept as the baseline that
bench/search-quality measures in the same run as the current engine. Not used by the app."""

from __future__ import annotations

import functools
import html
import re
import sqlite3
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from cuecard.content.cache import TABLE
from cuecard.models import Card

_WORD = re.compile(r"\w+", re.UNICODE)
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"
WEIGHTS = (10.0, 4.0, 6.0, 1.0)  # title, summary, tags, body
FUZZY_CUTOFF = 80.0
FUZZY_MIN_LENGTH = 4
FUZZY_WHEN_FEWER = 3
FTS_BASE = 10.0  # above any fuzzy score (at most 1.0)
RANK_ALL_UP_TO = 1500  # matching rows ranked by bm25; beyond, the first BROAD_TAKE by title
BROAD_TAKE = 300


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
    if len(words) > 1 and len(words[-1]) == 1:
        # A lone letter after other words is a word still being typed: it would expand
        # to most of the vocabulary and narrow nothing (15 ms per query, measured).
        words = words[:-1]
    return " ".join(f'"{word}"*' for word in words) if words else None


def snippet_html(raw: str) -> str:
    """Escape the snippet, then turn the match markers into <b>."""
    escaped = html.escape(raw)
    return escaped.replace(_MARK_OPEN, "<b>").replace(_MARK_CLOSE, "</b>")


def word_pattern(words: list[str]) -> re.Pattern[str] | None:
    """Words that start with any query word (for bold in snippets)."""
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\w*", re.I)


def make_snippet(
    body: str, pattern: re.Pattern[str] | None, fallback: str, width: int = 110, title: str = ""
) -> str:
    """About `width` characters of the body around the first matching word, the words
    that start with a query word in bold; the summary when the body has no match. A
    body that opens with the card's title skips it: the result already shows the title."""
    if pattern is None:
        return html.escape(fallback)
    flat = " ".join(body.split())
    heading = " ".join(title.split())
    if heading and flat[: len(heading)].lower() == heading.lower():
        flat = flat[len(heading) :].lstrip()
    first = pattern.search(flat)
    if first is None:
        return html.escape(fallback)
    start = max(0, first.start() - width // 3)
    if start > 0 and flat[start - 1] != " ":  # begin on a whole word
        space = flat.find(" ", start, first.start())
        start = space + 1 if space != -1 else first.start()
    piece = flat[start : start + width]
    marked = pattern.sub(lambda m: f"{_MARK_OPEN}{m.group(0)}{_MARK_CLOSE}", piece)
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(flat) else ""
    return snippet_html(prefix + marked + suffix)


@functools.lru_cache(maxsize=32_768)
def _title_parts(title: str) -> tuple[str, tuple[str, ...]]:
    lowered = title.lower()
    return lowered, tuple(lowered.split())


def title_bonus(card: Card, lowered: str, words: list[str]) -> float:
    """Exact title, then title starting with the query, then words starting a title word."""
    title, title_words = _title_parts(card.title)
    bonus = 100.0 if title == lowered else 30.0 if title.startswith(lowered) else 0.0
    return bonus + 5.0 * sum(1 for w in words if any(t.startswith(w) for t in title_words))


class SearchEngine:
    """Reads the index cache's FTS table on its own connection (WAL: never blocks the
    indexer); call from one thread at a time."""

    def __init__(self, cache_path: Path) -> None:
        self.cache_path = cache_path
        self._db: sqlite3.Connection | None = None
        self._rows: dict[int, tuple[str, str]] = {}

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
        if len(hits) < FUZZY_WHEN_FEWER:  # a typo usually leaves full text with nothing
            for hit in self._fuzzy_titles(text, cards, limit):
                hits.setdefault(hit.card.id, hit)
        lowered = text.lower()
        words = _WORD.findall(lowered)
        ranked = []
        for hit in hits.values():
            bonus = title_bonus(hit.card, lowered, words)
            bonus += 20.0 if hit.card.id in boost else 0.0
            ranked.append((hit.score + bonus, hit))
        ranked.sort(key=lambda pair: (-pair[0], pair[1].card.title.lower()))
        return [SearchHit(h.card, round(s, 3), h.snippet_html, h.fuzzy) for s, h in ranked][:limit]

    def _full_text(self, text: str, cards: Mapping[str, Card], limit: int) -> list[SearchHit]:
        """Title, summary and tags first; the body only when they find too little.

        bm25 over every matching row is the cost (about 1 ms per thousand rows here),
        and a common prefix matches most cards' bodies, so the narrow pass comes first.
        """
        match = fts_query(text)
        db = self._connection()
        if match is None or db is None:
            return []
        found: dict[str, tuple[int, Card, float]] = {}
        for columns in ("{title summary tags}: ", ""):
            ranked = dict(self._ranked(db, columns + match, limit * 2))
            for rowid, card in self._cards_for(db, list(ranked), cards).items():
                if card.id not in found:
                    # bm25 is negative, better is lower; text hits outrank fuzzy ones.
                    found[card.id] = (rowid, card, FTS_BASE - ranked[rowid])
            if len(found) >= limit:
                break
        lowered = text.lower()
        words = _WORD.findall(lowered)
        best = sorted(
            found.values(), key=lambda item: -(item[2] + title_bonus(item[1], lowered, words))
        )[:limit]
        bodies = self._bodies(db, [rowid for rowid, _, _ in best])
        pattern = word_pattern(words)
        return [
            SearchHit(
                card,
                score,
                make_snippet(bodies.get(rowid, ""), pattern, card.summary, title=card.title),
            )
            for rowid, card, score in best
        ]

    @staticmethod
    def _ranked(db: sqlite3.Connection, match: str, limit: int) -> list[tuple[int, float]]:
        """(rowid, bm25) best first. bm25 costs about 1 µs per matching row, so a query
        matching very many rows (a letter or two typed, a word in every card) takes the
        first few hundred unranked; `search` then orders them by title."""
        weights = ", ".join(str(w) for w in WEIGHTS)
        fts = f"{TABLE}_fts"
        try:
            # A probe stops after RANK_ALL_UP_TO + 1 rows, where count(*) reads them all.
            probe = db.execute(
                f"SELECT rowid, 0.0 FROM {fts} WHERE {fts} MATCH ? LIMIT ?",
                [match, RANK_ALL_UP_TO + 1],
            ).fetchall()
            if len(probe) > RANK_ALL_UP_TO:
                return probe[:BROAD_TAKE]
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
        for rowid, card_id, path in self._fetch_rows(db, missing):
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
        for rowid, card_id, path in self._fetch_rows(db, stale):  # the row was reused
            self._rows[rowid] = (card_id, path)
            card = cards.get(card_id)
            if card is not None and str(card.path) == path:
                result[rowid] = card
        return {rowid: result[rowid] for rowid in rowids if rowid in result}

    @staticmethod
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

    @staticmethod
    def _bodies(db: sqlite3.Connection, rowids: list[int]) -> dict[int, str]:
        if not rowids:
            return {}
        marks = ",".join("?" * len(rowids))
        try:
            rows = db.execute(
                f"SELECT rowid, plain FROM {TABLE} WHERE rowid IN ({marks})", rowids
            ).fetchall()
        except sqlite3.Error:
            return {}
        return {rowid: plain or "" for rowid, plain in rows}

    def _fuzzy_titles(self, text: str, cards: Mapping[str, Card], limit: int) -> list[SearchHit]:
        if len(text) < FUZZY_MIN_LENGTH:
            return []  # two or three letters fit too many titles to be a useful guess
        from rapidfuzz import fuzz, process  # only when text search found almost nothing

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
