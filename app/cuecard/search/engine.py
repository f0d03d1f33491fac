"""Best cards first for a query typed into the palette or `cuecard search`.

The query becomes a plan (plan.py): per word, the word itself and what may stand for it
(forms, synonyms, corrections against the index's own vocabulary). Cards holding every
word in their title, tags or summary come from an in-memory index (candidates.py);
when those are too few, FTS5 adds cards holding every word anywhere, body included
(bm25), and then cards holding some of the words; a task phrasing also gets the best
few holding every word, or all words but one, in their bodies, when the vocabulary's
counts say that is cheap enough. rank.py orders them. Once the query settles (the
palette after a pause, `cuecard search`) the pools are wider (`SETTLED`): a keystroke
cannot afford that, a finished query can. Rows of cards
overridden or gone from the library are dropped by checking each hit against the
snapshot.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from cuecard.content.cache import TABLE
from cuecard.models import Card
from cuecard.search.broad import BroadRows
from cuecard.search.candidates import FieldMatches
from cuecard.search.fields import FieldIndex
from cuecard.search.highlight import SCAN, Matcher, Segment, Snippet, body_snippet
from cuecard.search.plan import Correction, Kind, QueryPlan, WordGroup
from cuecard.search.pools import SETTLED, TYPING, Candidate, Depth, found_partly, keep_best
from cuecard.search.prepared import Prepared
from cuecard.search.rank import BOOST, PASSAGE_TYPED, PICKED, Judge, cited, renown
from cuecard.search.vocab import Vocabulary
from cuecard.search.words import words

WEIGHTS = (10.0, 4.0, 6.0, 1.0)  # bm25 column weights: title, summary, tags, body
RANK_ALL_UP_TO = 1500  # matching rows ranked by bm25; beyond, the first BROAD_TAKE unranked
BROAD_TAKE = 300
OPTIONAL_UP_TO = 300  # matching rows an optional body pass ranks at most
MOST_WORDS = 3  # required words from which cards holding all but one are looked for
MOST_TAKE = 20  # of them, the best by bm25 are ranked beside the others
RENOWN_MEMO = 50_000  # titles whose renown is remembered
MAX_QUERY_CHARS = 500  # a longer query is cut (untrusted text, bounded work)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One result: the card, its score (higher is better), its title and a snippet cut
    into matched and plain segments, and the corrections its match relies on."""

    card: Card
    score: float
    snippet: Snippet
    title: Snippet
    corrections: tuple[Correction, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchResults:
    """The hits of one query, and how the query was read."""

    query: str
    hits: tuple[SearchHit, ...]
    unknown: tuple[str, ...] = ()  # typed words no card has and nothing could correct

    @property
    def corrections(self) -> tuple[Correction, ...]:
        """The corrections the best hit relies on (what 'Showing results for' names)."""
        return self.hits[0].corrections if self.hits else ()

    @property
    def showing_for(self) -> str:
        """The query with each corrected word replaced ('' when nothing was corrected)."""
        if not self.corrections:
            return ""
        swaps = {c.typed: c.used for c in self.corrections}
        return " ".join(swaps.get(w, w) for w in words(self.query[:MAX_QUERY_CHARS]))


def rarity(plan: QueryPlan, vocabulary: Vocabulary, total: int) -> list[float]:
    """Per group, the inverse document frequency of its best alternative."""
    return [
        math.log(1 + total / (1 + vocabulary.cards_with(group.alternatives[0].word)))
        for group in plan.groups
    ]


class SearchEngine:
    """Reads the index cache's FTS table on its own connection (WAL: never blocks the
    indexer); call `search` from one thread at a time. `prepare` reads the vocabulary
    and indexes the snapshot's short fields ahead, in the background."""

    def __init__(self, cache_path: Path) -> None:
        self.cache_path = cache_path
        self._db: sqlite3.Connection | None = None
        self._rows: dict[int, tuple[str, str]] = {}
        self._broad = BroadRows()
        self._prepared = Prepared(cache_path)
        self._renown: dict[str, float] = {}  # title -> renown, for one vocabulary
        self._cited: dict[str, float] = {}  # title -> cited, for the same vocabulary
        self._renown_of: Vocabulary | None = None

    def _connection(self) -> sqlite3.Connection | None:
        if self._db is None:
            try:
                uri = f"{self.cache_path.as_uri()}?mode=ro"
                self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            except sqlite3.Error:
                return None
        return self._db

    def prepare(self, cards: Mapping[str, Card] | None = None) -> None:
        """Bring the vocabulary (and the field index of `cards`) up to date in the
        background, so that the next search does not wait for them."""
        db = self._connection()
        if db is not None:
            self._prepared.refresh(db, cards)

    def search(
        self,
        query: str,
        cards: Mapping[str, Card],
        limit: int = 20,
        boost: Collection[str] = (),
        settled: bool = False,
        picked: Mapping[str, float] | None = None,
    ) -> list[SearchHit]:
        """Best first; `boost` holds ids of cards for the current app; `settled`: the
        query is finished (not a keystroke), so wider pools are weighed; `picked`: cards
        the person opened for these words before, found or not, and how strongly
        (search/picks.py: 1 for the same words, half for their start)."""
        return list(self.lookup(query, cards, limit, boost, settled, picked).hits)

    def lookup(
        self,
        query: str,
        cards: Mapping[str, Card],
        limit: int = 20,
        boost: Collection[str] = (),
        settled: bool = False,
        picked: Mapping[str, float] | None = None,
    ) -> SearchResults:
        """Like `search`, with how the query was read (corrections, unknown words)."""
        text = query[:MAX_QUERY_CHARS]
        db = self._connection()
        if not text.strip() or db is None:
            return SearchResults(query, ())
        planner, fields = self._prepared.current(db, cards)
        if planner is None or fields is None:
            return SearchResults(query, ())
        plan = planner.plan(text)
        depth = SETTLED if settled else TYPING
        found = self._candidates(
            db, plan, fields, planner.vocabulary, cards, limit + limit // 2, limit, depth
        )
        ranked = []
        vocabulary = planner.vocabulary
        if self._renown_of is not vocabulary or len(self._renown) > RENOWN_MEMO:
            self._renown_of, self._renown, self._cited = vocabulary, {}, {}
        known, run = self._renown, self._cited

        def renowned(title: str) -> float:
            found = known.get(title)
            if found is None:
                found = known[title] = renown(title, vocabulary.least_mentioned, len(cards))
            return found

        def run_by_others(title: str) -> float:
            found = run.get(title)
            if found is None:
                found = run[title] = cited(title, vocabulary.runs)
            return found

        judge = Judge(plan, rarity(plan, vocabulary, len(cards)), renowned, run_by_others)
        if depth.judged_complete:
            keep_best(found, judge, depth.judged_complete, partial=False)
        if depth.judged_partial:
            keep_best(found, judge, depth.judged_partial, partial=True)
        picked = picked or {}
        for card_id in picked:
            if card_id not in found and card_id in cards:
                found[card_id] = Candidate(cards[card_id])
        bodies = self._bodies(db, [str(c.card.path) for c in found.values()])
        for candidate in found.values():
            lead = bodies.get(str(candidate.card.path), "")
            judgement = judge.judge(candidate.card, lead, candidate.body, candidate.partial)
            score = judgement.score + (BOOST if candidate.card.id in boost else 0.0)
            score += PICKED * picked.get(candidate.card.id, 0.0)
            ranked.append((score, candidate.card, judgement.corrections))
        ranked.sort(key=lambda item: (-item[0], len(item[1].title), item[1].title.lower()))
        best = ranked[:limit]
        matcher = Matcher(plan)
        hits = tuple(
            SearchHit(
                card,
                round(score, 3),
                body_snippet(bodies.get(str(card.path), ""), matcher, card.summary, card.title),
                matcher.segments(card.title) if matcher else (Segment(card.title),),
                corrections,
            )
            for score, card, corrections in best
        )
        return SearchResults(query, hits, plan.unknown)

    def _candidates(
        self,
        db: sqlite3.Connection,
        plan: QueryPlan,
        fields: FieldIndex,
        vocabulary: Vocabulary,
        cards: Mapping[str, Card],
        want: int,
        limit: int,
        depth: Depth = TYPING,
    ) -> dict[str, Candidate]:
        """card id -> candidate, for the cards worth ranking: every word in the short
        fields, then most of the words there; when fewer than `limit` hold every word
        there, every word anywhere (FTS5, body included); when still too few, any."""
        found: dict[str, Candidate] = {}
        matches = FieldMatches(plan, fields, cards)
        for card in matches.complete(max(want, depth.complete)):
            found[card.id] = Candidate(card)
        complete = min(len(found), want)  # a wider settled pool changes nothing below
        # Cards holding most of the words in their short fields can beat cards holding
        # all of them deep in a body: they are always ranked (set operations, cheap).
        if complete < want:
            for card in matches.partial(max(limit, depth.partial)):
                found.setdefault(card.id, Candidate(card, partial=True))
        every = plan.match_all()
        # Too few cards hold every word in their short fields: the bodies must be read.
        needed = complete < limit
        # A task phrasing (several words): a body may say it better than a summary, so the
        # best few by bm25 are ranked too, unless the words are so common that ranking
        # them costs more than a keystroke may (OPTIONAL_UP_TO rows).
        several = len(plan.required) > 1
        pool = max(want, depth.body) if several else want
        shares = [self._share(group, vocabulary, len(cards)) for group in plan.required]
        held_all = 0
        if every and (needed or (several and math.prod(shares) * len(cards) <= OPTIONAL_UP_TO)):
            for card, share in self._full_text(db, every, cards, pool, needed):
                held_all += 1
                if card.id in found:
                    found[card.id].body, found[card.id].partial = share, False
                else:
                    found[card.id] = Candidate(card, share)
        # A task phrasing of three words or more: its answer may lack one of them (often
        # its verb). Cards holding all but one, ranked by bm25, are ranked beside the
        # others, each pass bounded like the one above.
        # A word still being typed is at least PASSAGE_TYPED letters long first.
        typed = all(
            len(a.word) >= PASSAGE_TYPED
            for group in plan.required
            for a in group.alternatives
            if a.prefix and a.kind is Kind.TYPED
        )
        if len(shares) >= MOST_WORDS and held_all < limit and typed:
            for left_out in range(len(shares)):
                rest = math.prod(s for i, s in enumerate(shares) if i != left_out)
                most = plan.match_all_but(left_out)
                if most and rest * len(cards) <= depth.most_up_to:
                    for card, share in self._full_text(
                        db, most, cards, MOST_TAKE, False, depth.most_up_to
                    ):
                        found_partly(found, card, share)
        some = plan.match_any()
        # Few cards hold every word even in their bodies: those holding the rarer ones
        # (bm25 weighs by rarity) are worth ranking beside those holding most.
        if some and (
            len(found) < limit
            or (several and held_all < limit and max(shares) * len(cards) <= OPTIONAL_UP_TO)
        ):
            for card, share in self._full_text(db, some, cards, pool, len(found) < limit):
                found_partly(found, card, share)
        return found

    @staticmethod
    def _share(group: WordGroup, vocabulary: Vocabulary, total: int) -> float:
        """About which share of the cards hold a word (one of the alternatives looked for
        in bodies): an upper bound, from the vocabulary, without asking FTS5."""
        held = 0
        for alternative in group.body_alternatives():
            held += vocabulary.cards_with(alternative.word)
            if alternative.prefix:
                held += sum(map(vocabulary.cards_with, vocabulary.words_starting(alternative.word)))
        return min(1.0, held / max(1, total))

    def _full_text(
        self,
        db: sqlite3.Connection,
        match: str,
        cards: Mapping[str, Card],
        limit: int,
        needed: bool = True,
        up_to: int = OPTIONAL_UP_TO,
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
        self,
        db: sqlite3.Connection,
        match: str,
        limit: int,
        needed: bool = True,
        up_to: int = OPTIONAL_UP_TO,
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
    def _bodies(db: sqlite3.Connection, paths: list[str]) -> dict[str, str]:
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

    def close(self) -> None:
        self._prepared.wait()
        if self._db is not None:
            self._db.close()
            self._db = None
