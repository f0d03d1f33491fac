"""From what was typed to what to look for: one group of alternatives per query word.

Each word becomes a group of alternatives, each with a quality: the word itself (1.0; the
last word also as the start of a longer word, since it may still be being typed), its
other forms ('logs' -> log), two typed words written as one ('shut down' -> shutdown),
its synonyms, words related in meaning (an embedding model's nearest words, related.py),
and, when the word is not one the cards use often, its corrections. A card
must match every group except stop words ('a', 'the', 'how to'). The FTS5 expression is
built only from words of the index's vocabulary, quoted, so no query text reaches FTS5
syntax.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from enum import Enum

from cuecard.search.related import RelatedWords
from cuecard.search.vocab import Vocabulary
from cuecard.search.words import MAX_WORD, inflections, is_stop_word, synonyms, words

MAX_QUERY_WORDS = 12  # a pasted paragraph is cut, not searched word by word
MAX_ALTERNATIVES = 24  # per word: bounds the ranking work
BODY_ALTERNATIVES = 10  # per word, in the FTS5 expression
MEMO = 2048  # words whose alternatives a planner remembers


class Kind(Enum):
    """How an alternative relates to the typed word, best first."""

    TYPED = "typed"
    FORM = "form"
    JOINED = "joined"
    SYNONYM = "synonym"
    CORRECTION = "correction"
    RELATED = "related"


QUALITY = {
    Kind.TYPED: 1.0,
    Kind.FORM: 0.9,
    Kind.JOINED: 0.9,
    Kind.SYNONYM: 0.5,
    Kind.CORRECTION: 0.6,
    Kind.RELATED: 0.4,  # times the similarity (0.55-1): below every synonym
}
SECOND_EDIT = 0.75  # a correction two edits away counts this much of one edit away
SYNONYM_FORM = 0.9  # another form of a synonym ('displays' for 'show')


@dataclass(frozen=True, slots=True)
class Alternative:
    """A word of the index that stands for a query word."""

    word: str
    kind: Kind
    quality: float
    prefix: bool = False  # also matches words that start with it


@dataclass(frozen=True, slots=True)
class WordGroup:
    """One typed word and what may stand for it in a card."""

    typed: str
    alternatives: tuple[Alternative, ...]
    optional: bool = False  # a stop word: counts when present, never required
    known: bool = False  # some card holds the word as typed (being typed: a word so starting)

    def body_alternatives(self) -> list[Alternative]:
        """The alternatives looked for in bodies (see `expression`)."""
        chosen = [a for a in self.alternatives if a.kind is not Kind.SYNONYM or a.quality >= 0.7]
        return chosen[:BODY_ALTERNATIVES]

    def expression(self) -> str:
        """FTS5 syntax: any of the best BODY_ALTERNATIVES alternatives (each a quoted
        word of the vocabulary). Bodies are searched for fewer alternatives than short
        fields: FTS5 reads a word's whole doclist, and other forms of synonyms, common
        words, made a body search several times slower while rarely deciding a rank."""
        chosen = self.body_alternatives()
        return "(" + " OR ".join(f'"{a.word}"' + ("*" if a.prefix else "") for a in chosen) + ")"


@dataclass(frozen=True, slots=True)
class Correction:
    """A typed word searched as another (`cuecard search` shows these)."""

    typed: str
    used: str


@dataclass(frozen=True, slots=True)
class QueryPlan:
    """The groups of a query, and the typed words that no card holds and that nothing
    else could stand for (they are still looked for: the vocabulary may lag)."""

    groups: tuple[WordGroup, ...]
    unknown: tuple[str, ...] = ()

    @property
    def required(self) -> tuple[WordGroup, ...]:
        """The groups every result must match: all but stop words (unless all are)."""
        wanted = tuple(g for g in self.groups if not g.optional)
        return wanted or self.groups

    def match_all(self) -> str | None:
        groups = self.required
        return " AND ".join(g.expression() for g in groups) if groups else None

    def match_all_but(self, left_out: int) -> str | None:
        """Every required group but the `left_out`-th (a task phrasing's answer often
        lacks one of its words: 'remove duplicate lines' -> uniq, 'Display only
        duplicated lines')."""
        groups = [g for i, g in enumerate(self.required) if i != left_out]
        return " AND ".join(g.expression() for g in groups) if groups else None

    def match_any(self) -> str | None:
        groups = self.required
        return " OR ".join(g.expression() for g in groups) if len(groups) > 1 else None


class Planner:
    """Plans queries against one vocabulary, remembering each word's alternatives (the
    words of a query repeat from keystroke to keystroke)."""

    def __init__(self, vocabulary: Vocabulary, related: RelatedWords | None = None) -> None:
        self.vocabulary = vocabulary
        self.related = related if related is not None else RelatedWords({})
        self._memo: OrderedDict[tuple[str, bool], dict[str, Alternative]] = OrderedDict()

    def alternatives(self, word: str, last: bool) -> dict[str, Alternative]:
        key = (word, last)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = _alternatives(word, last, self.vocabulary, self.related)
            if len(self._memo) > MEMO:
                self._memo.popitem(last=False)
        return found

    def _known(self, word: str, last: bool) -> bool:
        """Whether some card holds the word (or, being typed, a word starting with it)."""
        vocabulary = self.vocabulary
        return vocabulary.cards_with(word) > 0 or bool(last and vocabulary.words_starting(word, 1))

    def plan(self, text: str) -> QueryPlan:
        """The plan for `text`; the last word counts as unfinished unless a space follows."""
        typed = [w for w in words(text) if len(w) <= MAX_WORD][:MAX_QUERY_WORDS]
        still_typing = bool(text) and not text[-1].isspace()
        if still_typing and len(typed) > 1 and len(typed[-1]) == 1:
            # A lone letter after other words is a word still being typed: it would stand
            # for most of the vocabulary and narrow nothing (15 ms per query, measured).
            typed.pop()
        joined = _joined(typed, self.vocabulary, still_typing)
        groups = []
        unknown = []
        for index, word in enumerate(typed):
            last = still_typing and index == len(typed) - 1
            found = dict(self.alternatives(word, last))
            for other in joined.get(index, ()):
                found.setdefault(other.word, other)
            best = sorted(found.values(), key=lambda a: -a.quality)[:MAX_ALTERNATIVES]
            known = self._known(word, last)
            groups.append(WordGroup(word, tuple(best), is_stop_word(word), known))
            if len(best) == 1 and not is_stop_word(word) and not known:
                unknown.append(word)
        return QueryPlan(tuple(groups), tuple(unknown))


def plan_query(text: str, vocabulary: Vocabulary, related: RelatedWords | None = None) -> QueryPlan:
    """The plan for `text` (see Planner.plan)."""
    return Planner(vocabulary, related).plan(text)


def _alternatives(
    word: str, last: bool, vocabulary: Vocabulary, related: RelatedWords
) -> dict[str, Alternative]:
    found: dict[str, Alternative] = {}

    def add(candidate: str, kind: Kind, quality: float, prefix: bool = False) -> None:
        if candidate not in found or found[candidate].quality < quality:
            found[candidate] = Alternative(candidate, kind, quality, prefix)

    # The word itself is always looked for: the vocabulary may be a moment older than
    # the index (it is re-read in the background after a change).
    add(word, Kind.TYPED, QUALITY[Kind.TYPED], prefix=last)
    if is_stop_word(word):
        return found
    # Sets are read in sorted order: the order of equal alternatives decides which one a
    # card is said to match, and must not follow the string hash seed of the process
    # (it did: the same query ranked differently from one start to the next).
    every_form = sorted(inflections(word))
    forms = [f for f in every_form if vocabulary.cards_with(f)]
    for form in forms:
        add(form, Kind.FORM, QUALITY[Kind.FORM])
    # Also the synonyms of forms no card uses ('hotkeys': hotkey's synonym 'shortcut').
    for base in (word, *every_form):
        for synonym in sorted(synonyms(base)):
            if vocabulary.cards_with(synonym):
                add(synonym, Kind.SYNONYM, QUALITY[Kind.SYNONYM])
            for form in sorted(inflections(synonym)):
                if vocabulary.cards_with(form):
                    add(form, Kind.SYNONYM, QUALITY[Kind.SYNONYM] * SYNONYM_FORM)
    for near in related.of(word):
        if vocabulary.cards_with(near.word):
            add(near.word, Kind.RELATED, QUALITY[Kind.RELATED] * near.similarity)
    if not vocabulary.is_meant(word, as_prefix=last):
        for candidate in vocabulary.corrections(word):
            quality = QUALITY[Kind.CORRECTION] * (SECOND_EDIT if candidate.edits > 1 else 1.0)
            add(candidate.word, Kind.CORRECTION, quality, prefix=last)
    return found


def _joined(
    typed: list[str], vocabulary: Vocabulary, still_typing: bool
) -> dict[int, list[Alternative]]:
    """Two neighbouring words the cards write as one ('time zone' -> timezone): the
    joined word stands for either."""
    result: dict[int, list[Alternative]] = {}
    for index in range(len(typed) - 1):
        word = typed[index] + typed[index + 1]
        last = still_typing and index + 1 == len(typed) - 1
        if len(word) <= MAX_WORD and (
            vocabulary.cards_with(word) or (last and vocabulary.words_starting(word, 1))
        ):
            alternative = Alternative(word, Kind.JOINED, QUALITY[Kind.JOINED], prefix=last)
            result.setdefault(index, []).append(alternative)
            result.setdefault(index + 1, []).append(alternative)
    return result
