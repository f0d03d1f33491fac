"""How well a card answers a query plan.

Title, tags and summary are judged word by word in memory (title above tags above
summary); the body counts through FTS5's bm25, scaled to a tie-breaker. A title whose
every word matched ranks above one that only contains a match, and a title that is the
query word for word above both. Each match counts at its alternative's quality, so the
typed word beats its forms, synonyms and corrections. A title only ever matches whole
words or, for the word being typed, their start: 'tarr' never matches the title 'ar'.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cuecard.content.commands import command_name
from cuecard.models import Card
from cuecard.search.card_words import (
    COMPOUND_MIN,
    BodyWords,
    FieldWords,
    body_words,
    field_words,
    name_pieces,
)
from cuecard.search.passage import coverage
from cuecard.search.plan import QUALITY, Alternative, Correction, Kind, QueryPlan, WordGroup
from cuecard.search.words import title_words, word_parts

COVER = 12.0  # each query word a card holds in its title, tags or summary (times quality)
TITLE, TAGS, SUMMARY = 10.0, 6.0, 4.0  # ... plus this much more by where (times quality)
LEAD_COVER, LEAD = 8.0, 2.0  # each query word only in the start of the body (its lead)
BODY = 4.0  # each query word a card holds only further in its body
RARITY = 0.5  # share of a word's weight that follows its rarity
WHOLE_TITLE = 40.0  # every word of the title matched (scaled by the query words it holds)
EXACT_TITLE = 60.0  # the title is the query, word for word
WHOLE_SUMMARY = 10.0  # the summary holds every query word
OPTIONAL = 0.3  # weight of a stop word's match
BM25 = 5.0  # the best body match of a pass
BOOST = 20.0  # a card for the app in front
PICKED = 120.0  # a card the person opened for these words before (times its strength)
RENOWN = 10.0  # a name other cards often mention (see renown)
SUBCOMMAND = 0.5
RENOWN_SHARE, RENOWN_FLOOR = 0.01, 20  # mentions by this share of the cards count fully
CITED, CITED_FULL = 15.0, 15  # a tool other cards' code runs (see cited); so many count fully
BREVITY, BREVITY_SPAN = 30.0, 10  # for task phrasings, a short name (see brevity)
PART = 0.85  # matched as a letter/digit part ('python' in 'python3') or, typed, as a start
TYPED_SHARE = 0.15  # of a typed start's quality, the share that follows how much it covers
LOOSE = 0.5  # a correction or synonym matched as the start of a longer word
COMPOUND = 0.35  # part of a compound name ('journal' in journalctl, 'add' in useradd)
PASSAGE = 20.0  # a passage holding every query word (times its coverage squared)
BODY_PASSAGE = 1.0  # a passage of the body counts this much of one in the summary
PASSAGE_TYPED = 4  # letters of a word being typed before bodies are read for passages
TITLE_SHARE = 2.0  # power of the share of query words a whole-title match holds


@dataclass(frozen=True, slots=True)
class Judgement:
    """A card's score and the corrections its match relies on."""

    score: float
    corrections: tuple[Correction, ...]


# For one word of card text: group index -> (quality, alternative, matched loosely).
WordMatches = dict[int, tuple[float, Alternative, bool]]


class Judge:
    """Scores cards for one plan. Each distinct word of card text is matched against the
    plan once (memoised), by dictionary lookups: the word itself, its letter/digit parts,
    the prefixes being typed, and for titles and tags the word's starts and ends."""

    def __init__(
        self,
        plan: QueryPlan,
        rarity: Sequence[float] = (),
        renown: Callable[[str], float] | None = None,
        cited: Callable[[str], float] | None = None,
    ) -> None:
        """`rarity`: per group, how rare its word is in the library (an IDF); rare words
        weigh more ('compress' more than 'file' in 'compress a file'). `renown`: of a
        title, 0..1, how well known the name is (see `renown`); `cited`: of a title,
        0..1, how many cards run it in their code (see `cited`)."""
        self.plan = plan
        self._renown = renown
        self._cited = cited
        self._exact: dict[str, list[tuple[int, Alternative]]] = {}
        self._prefixes: list[tuple[int, Alternative]] = []
        for index, group in enumerate(plan.groups):
            for alternative in group.alternatives:
                self._exact.setdefault(alternative.word, []).append((index, alternative))
                if alternative.prefix:
                    self._prefixes.append((index, alternative))
        required = [i for i, g in enumerate(plan.groups) if not g.optional]
        self._required = required or list(range(len(plan.groups)))
        typical = sum(rarity[i] for i in self._required) / len(self._required) if rarity else 0
        self._weights = [
            OPTIONAL
            if i not in self._required
            else (1 - RARITY) + RARITY * rarity[i] / typical
            if typical
            else 1.0
            for i in range(len(plan.groups))
        ]
        self._memo: tuple[dict[str, WordMatches], dict[str, WordMatches]] = ({}, {})
        self._words = frozenset(self._exact)
        self._plain: dict[str, dict[int, float]] = {}
        self._passage_weights = {i: self._weights[i] for i in self._required}
        # Bodies are read for passages once every word is typed far enough to mean
        # something (a word still being typed has PASSAGE_TYPED letters or more).
        self._bodies = len(self._required) > 1 and all(
            len(a.word) >= PASSAGE_TYPED
            for i in self._required
            for a in plan.groups[i].alternatives
            if a.prefix and a.kind is Kind.TYPED
        )

    def _qualities(self, word: str) -> dict[int, float]:
        """Required group -> quality of `word` of running text (summary, body), memoised."""
        found = self._plain.get(word)
        if found is None:
            required = self._passage_weights
            found = self._plain[word] = {
                i: q for i, (q, _, _) in self.matches(word, False).items() if i in required
            }
        return found

    def _passage(self, body: BodyWords, floor: float = 0.0) -> float:
        """The best coverage of the query's required words by a passage of a body (0
        when it cannot beat `floor`)."""
        field = body.passage
        held: dict[str, dict[int, float]] = {}
        for word in field.present & self._words:
            found = self._qualities(word)
            if found:
                held[word] = found
        ordered = field.sorted
        for _, alternative in self._prefixes:
            if len(alternative.word) < 2:
                continue
            at = bisect.bisect_right(ordered, alternative.word)
            while at < len(ordered) and ordered[at].startswith(alternative.word):
                found = self._qualities(ordered[at])
                if found:
                    held[ordered[at]] = found
                at += 1
        return coverage(held, body.ordered, self._passage_weights, floor)

    def matches(self, word: str, compound: bool) -> WordMatches:
        """How `word` of card text matches each group (memoised)."""
        memo = self._memo[compound]
        found = memo.get(word)
        if found is None:
            found = memo[word] = self._match(word, compound)
        return found

    def _match(self, word: str, compound: bool) -> WordMatches:
        found: WordMatches = {}

        def put(index: int, quality: float, alternative: Alternative, loose: bool) -> None:
            if index not in found or found[index][0] < quality:
                found[index] = (quality, alternative, loose)

        for index, alternative in self._exact.get(word, ()):
            put(index, alternative.quality, alternative, False)
        for part in word_parts(word):
            for index, alternative in self._exact.get(part, ()):
                put(index, alternative.quality * PART, alternative, False)
        for index, alternative in self._prefixes:
            if word != alternative.word and word.startswith(alternative.word):
                # A typed start covering more of the word is closer ('t': tar, then tarcat).
                covered = len(alternative.word) / len(word)
                factor = (
                    (PART - TYPED_SHARE + TYPED_SHARE * covered)
                    if (alternative.kind is Kind.TYPED)
                    else LOOSE
                )
                put(index, alternative.quality * factor, alternative, False)
        if compound and len(word) > COMPOUND_MIN:
            for piece in name_pieces(word) & self._words:
                for index, alternative in self._exact[piece]:
                    put(index, alternative.quality * COMPOUND, alternative, True)
        return found

    def _field(
        self, field: FieldWords, compound: bool, best: list[tuple[float, Alternative | None]]
    ) -> list[float]:
        """Per group, the best quality in one field; `best` keeps the best overall. Set
        intersections with the plan's words do most of the work."""
        qualities = [0.0] * len(self.plan.groups)

        def put(index: int, quality: float, alternative: Alternative) -> None:
            if quality > qualities[index]:
                qualities[index] = quality
                if quality > best[index][0]:
                    best[index] = (quality, alternative)

        exact = self._exact
        for word in field.present & self._words:
            for index, alternative in exact[word]:
                put(index, alternative.quality, alternative)
        for word in field.parts & self._words:
            for index, alternative in exact[word]:
                put(index, alternative.quality * PART, alternative)
        for index, alternative in self._prefixes:
            if len(alternative.word) == 1 and not compound:
                continue  # one letter typed stands for names, not for 'the' in a summary
            factor = PART if alternative.kind is Kind.TYPED else LOOSE
            if qualities[index] < alternative.quality * factor and field.has_longer(
                alternative.word
            ):
                put(index, alternative.quality * factor, alternative)
        if compound:
            for word in field.pieces & self._words:
                for index, alternative in exact[word]:
                    put(index, alternative.quality * COMPOUND, alternative)
        return qualities

    def judge(self, card: Card, body: str, body_score: float, partial: bool) -> Judgement:
        """Score of `card`; `body` is the start of its body, `body_score` its bm25 share
        (0..1) from FTS5, `partial` says it lacks some query word (otherwise it holds
        each, in the body at least)."""
        parts, best = self._parts(card, body, body_score, partial)
        corrections = []
        for group, (_, alternative) in zip(self.plan.groups, best, strict=True):
            corrected = _corrected(group, alternative)
            if corrected is not None:
                corrections.append(Correction(group.typed, corrected.word))
        return Judgement(sum(parts.values()), tuple(corrections))

    def explain(self, card: Card, body: str, body_score: float, partial: bool) -> dict[str, float]:
        """The parts of a card's score by name (what `judge` adds up)."""
        return self._parts(card, body, body_score, partial)[0]

    def _parts(
        self, card: Card, body: str, body_score: float, partial: bool
    ) -> tuple[dict[str, float], list[tuple[float, Alternative | None]]]:
        groups = self.plan.groups
        required = self._required
        title_field = field_words(card.title, names=True)
        best: list[tuple[float, Alternative | None]] = [(0.0, None)] * len(groups)
        named: list[tuple[float, Alternative | None]] = [(0.0, None)] * len(groups)
        in_title = self._field(title_field, True, named)
        best = list(named)
        in_tags = self._field(field_words(" ".join(card.tags), names=True), True, best)
        summary_field = field_words(card.summary)
        in_summary = self._field(summary_field, False, best)
        located = [
            max(
                (COVER + TITLE) * in_title[index],
                (COVER + TAGS) * in_tags[index],
                (COVER + SUMMARY) * in_summary[index],
            )
            for index in range(len(groups))
        ]
        # The body's lead is read only for words the short fields lack (most searches
        # for a name never need it).
        in_lead = (
            self._field(body_words(body).lead, False, best) if body and not all(located) else None
        )
        words = 0.0
        for index, weight in enumerate(self._weights):
            if located[index]:
                words += weight * located[index]
            elif in_lead is not None and in_lead[index]:
                words += weight * (LEAD_COVER + LEAD) * in_lead[index]
            elif not partial and index in required:
                words += weight * BODY
        parts = {"words": words, "bm25": BM25 * body_score}
        if any(
            group.known and _corrected(group, alternative) is not None
            for group, (_, alternative) in zip(groups, best, strict=True)
        ):
            # Matched through a correction of a word some card holds as typed: its body
            # counts at a correction's quality too, as every other match does ('get' in
            # one card's body was worth as much as 'git' in another's, for 'git').
            parts["bm25"] *= QUALITY[Kind.CORRECTION]
        if len(required) > 1 and all(in_summary[i] for i in required):
            parts["summary"] = WHOLE_SUMMARY * sum(in_summary[i] for i in required) / len(required)
        # A stop word can name a card ('who'): matching the whole title, it counts.
        # A synonym in the title does not make it the name asked for ('make' is not 'new').
        share = min(
            1.0, sum(1 for _, a in named if a and a.kind is not Kind.SYNONYM) / len(required)
        )
        parts["title"] = self._title_bonus(title_field.ordered, share)
        if self._renown is not None:
            parts["renown"] = RENOWN * self._renown(card.title)
        if self._cited is not None:
            parts["cited"] = CITED * self._cited(card.title)
        if len(required) > 1:
            weights = self._passage_weights
            said = sum(w * in_summary[i] for i, w in weights.items()) / sum(weights.values())
            if said < 1.0 and body and self._bodies:
                told = self._passage(body_words(body), said / BODY_PASSAGE)
                said = max(said, BODY_PASSAGE * told)
            parts["passage"] = PASSAGE * said * said
            # A short name decides between cards that say the task about as well: it
            # counts by the share of the query's words the card holds, squared.
            held = sum(1 for i in required if located[i] or (in_lead and in_lead[i]))
            parts["brevity"] = BREVITY * brevity(card.title) * (held / len(required)) ** 2
        return parts, best

    def _title_bonus(self, title: tuple[str, ...], share: float) -> float:
        """WHOLE_TITLE when every title word matched some query word (scaled by how well
        and by the `share` of the query's words found in the title), plus EXACT_TITLE when
        the title is the query's words in order."""
        if not title:
            return 0.0
        per_word = [self.matches(word, True) for word in title]
        if not all(per_word):
            return 0.0
        qualities = [max(q for q, _, _ in found.values()) for found in per_word]
        bonus = WHOLE_TITLE * math.pow(share, TITLE_SHARE) * sum(qualities) / len(qualities)
        if len(title) == len(self.plan.groups):
            in_order = [found.get(i) for i, found in enumerate(per_word)]
            if all(m is not None and not m[2] for m in in_order):
                bonus += EXACT_TITLE * min(m[0] for m in in_order if m is not None)
        return bonus


def renown(title: str, mentions: Callable[[tuple[str, ...]], int], total: int) -> float:
    """0..1: how often the cards mention a name, as a word of their summary or body (a
    title of several words by its least mentioned word). A command others refer to
    ('wc', 'wget') ranks above an obscure variant ('scc', 'wget2') with the same words;
    mentions by RENOWN_SHARE of the cards count fully."""
    named = title_words(title)
    if not named:
        return 0.0
    least = mentions(named)
    known = min(1.0, math.log1p(least) / math.log1p(max(RENOWN_FLOOR, total * RENOWN_SHARE)))
    return known * SUBCOMMAND if " " in title.strip() else known


def cited(title: str, runs: Callable[[str], int]) -> float:
    """0..1: how many other cards run the title's name (its first word) in their code
    (`runs`: name -> cards), on a log scale, full at CITED_FULL; half for a title of
    several words (a subcommand's page). `grep`, which many examples pipe into, ranks
    above `pdfgrep`; `ps` above `gops`. Content without code gives 0 to every card."""
    name = command_name(title)
    if not name:
        return 0.0
    known = min(1.0, math.log1p(runs(name)) / math.log1p(CITED_FULL))
    return known * SUBCOMMAND if " " in title.strip() else known


def brevity(title: str) -> float:
    """0..1: how short a name is, 1 at two characters, 0 from BREVITY_SPAN more. The
    tools people use most have the shortest names (Zipf's law of abbreviation: `ls`,
    `cp`, `df`, `ps`), so for a task phrasing, which names no tool, a short name is the
    better guess between cards that say the task equally well."""
    return min(1.0, max(0.0, 1.0 - (len(title.strip()) - 2) / BREVITY_SPAN))


def _corrected(group: WordGroup, matched: Alternative | None) -> Alternative | None:
    """The correction a card's match of `group` relies on: the one it matched in its
    title, tags or summary, or, when the typed word is not in the index at all, the
    best correction (the card then matched it in its body)."""
    if matched is not None:
        return matched if matched.kind is Kind.CORRECTION else None
    if any(a.kind is Kind.TYPED for a in group.alternatives):
        return None
    return next((a for a in group.alternatives if a.kind is Kind.CORRECTION), None)
