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
snapshot. The FTS5 queries themselves are in full_text.py.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from cuecard.models import Card
from cuecard.search.cancel import Cancel, never
from cuecard.search.candidates import FieldMatches, GroupMemo
from cuecard.search.fields import FieldIndex
from cuecard.search.full_text import FullText, lead_texts
from cuecard.search.highlight import Matcher, Segment, Snippet, body_snippet
from cuecard.search.plan import Correction, Kind, QueryPlan, WordGroup
from cuecard.search.pools import SETTLED, TYPING, Candidate, Depth, found_partly, keep_best
from cuecard.search.prepared import Prepared
from cuecard.search.rank import BOOST, PASSAGE_TYPED, PICKED, Judge, cited, renown
from cuecard.search.vocab import Vocabulary
from cuecard.search.words import words

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
    indexer); searches from several threads take turns (the palette's keystrokes on the
    GUI thread, its settled searches on a worker, cancelled when typing goes on).
    `prepare` reads the vocabulary and indexes the snapshot's short fields ahead, in the
    background."""

    def __init__(self, cache_path: Path) -> None:
        self.cache_path = cache_path
        self._db: sqlite3.Connection | None = None
        self._full_text = FullText()
        self._lock = threading.Lock()  # one search at a time (memos, one connection)
        self._opening = threading.Lock()
        self._prepared = Prepared(cache_path)
        self._renown: dict[str, float] = {}  # title -> renown, for one vocabulary
        self._cited: dict[str, float] = {}  # title -> cited, for the same vocabulary
        self._renown_of: Vocabulary | None = None
        self._group_memo: GroupMemo | None = None

    def _connection(self) -> sqlite3.Connection | None:
        with self._opening:  # the GUI thread and a worker may both come first
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
        cancel: Cancel | None = None,
    ) -> SearchResults:
        """Like `search`, with how the query was read (corrections, unknown words).
        Searches from several threads take turns; one given a `cancel` raises
        `SearchCancelled` at its next step once that is set (the palette's settled
        search, when the user types on)."""
        text = query[:MAX_QUERY_CHARS]
        db = self._connection()
        if not text.strip() or db is None:
            return SearchResults(query, ())
        check = cancel.check if cancel is not None else never
        with self._lock:
            check()
            planner, fields = self._prepared.current(db, cards)
            if planner is None or fields is None:
                return SearchResults(query, ())
            plan = planner.plan(text)
            return self._run(
                db,
                query,
                plan,
                planner.vocabulary,
                fields,
                cards,
                limit,
                boost,
                SETTLED if settled else TYPING,
                picked or {},
                check,
            )

    def _run(
        self,
        db: sqlite3.Connection,
        query: str,
        plan: QueryPlan,
        vocabulary: Vocabulary,
        fields: FieldIndex,
        cards: Mapping[str, Card],
        limit: int,
        boost: Collection[str],
        depth: Depth,
        picked: Mapping[str, float],
        check: Callable[[], None],
    ) -> SearchResults:
        found = self._candidates(
            db, plan, fields, vocabulary, cards, limit + limit // 2, limit, depth, check
        )
        judge = Judge(plan, rarity(plan, vocabulary, len(cards)), *self._memos(vocabulary, cards))
        if depth.judged_complete:
            keep_best(found, judge, depth.judged_complete, False, check)
        if depth.judged_partial:
            keep_best(found, judge, depth.judged_partial, True, check)
        for card_id in picked:
            if card_id not in found and card_id in cards:
                found[card_id] = Candidate(cards[card_id])
        bodies = lead_texts(db, [str(c.card.path) for c in found.values()])
        ranked = []
        for candidate in found.values():
            check()
            lead = bodies.get(str(candidate.card.path), "")
            judgement = judge.judge(candidate.card, lead, candidate.body, candidate.partial)
            score = judgement.score + (BOOST if candidate.card.id in boost else 0.0)
            score += PICKED * picked.get(candidate.card.id, 0.0)
            ranked.append((score, candidate.card, judgement.corrections))
        ranked.sort(key=lambda item: (-item[0], len(item[1].title), item[1].title.lower()))
        matcher = Matcher(plan)
        hits = tuple(
            SearchHit(
                card,
                round(score, 3),
                body_snippet(bodies.get(str(card.path), ""), matcher, card.summary, card.title),
                matcher.segments(card.title) if matcher else (Segment(card.title),),
                corrections,
            )
            for score, card, corrections in ranked[:limit]
        )
        return SearchResults(query, hits, plan.unknown)

    def _memos(
        self, vocabulary: Vocabulary, cards: Mapping[str, Card]
    ) -> tuple[Callable[[str], float], Callable[[str], float]]:
        """A title's renown and how often others run it, remembered per vocabulary."""
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

        return renowned, run_by_others

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
        check: Callable[[], None] = never,
    ) -> dict[str, Candidate]:
        """card id -> candidate, for the cards worth ranking: every word in the short
        fields, then most of the words there; when fewer than `limit` hold every word
        there, every word anywhere (FTS5, body included); when still too few, any."""
        found: dict[str, Candidate] = {}
        self._group_memo = GroupMemo.for_index(self._group_memo, fields)
        matches = FieldMatches(plan, fields, cards, self._group_memo)
        for card in matches.complete(max(want, depth.complete)):
            found[card.id] = Candidate(card)
        complete = min(len(found), want)  # a wider settled pool changes nothing below
        # A card named by one of the words ('edit' for "edit a file") is always ranked,
        # though it lacks the others: dozens of cards holding every word may come first
        # by title length, and the pool of cards holding most words is then not read.
        if len(plan.required) > 1:
            for card in matches.named_by_a_word():
                found.setdefault(card.id, Candidate(card, partial=True))
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
            check()
            for card, share in self._full_text.cards(
                db, every, cards, pool, needed, OPTIONAL_UP_TO
            ):
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
                    check()
                    for card, share in self._full_text.cards(
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
            check()
            for card, share in self._full_text.cards(
                db, some, cards, pool, len(found) < limit, OPTIONAL_UP_TO
            ):
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

    def close(self) -> None:
        self._prepared.wait()
        with self._lock, self._opening:  # not under a search running on another thread
            if self._db is not None:
                self._db.close()
                self._db = None
