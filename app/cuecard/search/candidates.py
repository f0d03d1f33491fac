"""Which cards are worth ranking, from the in-memory field index.

Cards that hold every required word of the query (one of its alternatives) in the
title come first, then in title or tags, then anywhere in title, tags or summary; a tier
too large for what is wanted gives its shortest titles. When too few cards hold every
word, cards that hold most of them follow, marked partial. The work is set operations
on the postings of the query's alternatives, bounded by PREFIX_WORDS per prefix.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cuecard.models import Card
from cuecard.search.fields import Field, FieldIndex
from cuecard.search.plan import Alternative, Kind, QueryPlan, WordGroup

COMPOUND_MIN = 3  # letters an alternative needs to be looked for inside longer title words


def _postings(
    index: FieldIndex, field: Field, alternative: Alternative, strong: bool
) -> Iterable[list[int]]:
    """Postings of what an alternative matches in a field: `strong`, the word itself
    (or a letter/digit part) and the start of a word being typed; otherwise the start
    of a word for a correction or synonym and, in titles and tags, a compound's part."""
    typed = alternative.kind is Kind.TYPED
    if strong:
        yield index.holding(field, alternative.word)
        # One letter typed is looked up in titles only.
        if alternative.prefix and typed and (len(alternative.word) > 1 or field is Field.TITLE):
            yield from index.starting(field, alternative.word)
    elif alternative.prefix and not typed:
        yield from index.starting(field, alternative.word)
    elif field is not Field.SUMMARY and len(alternative.word) >= COMPOUND_MIN:
        yield from index.inside(field, alternative.word)


def _union(index: FieldIndex, group: WordGroup, field: Field, strong: bool) -> set[int]:
    return set().union(*(p for a in group.alternatives for p in _postings(index, field, a, strong)))


@dataclass(frozen=True, slots=True)
class _GroupSets:
    """Cards holding one query word: strongly in the title, in title or tags, in any
    short field, and in any short field loosely matched too."""

    title: set[int]
    named: set[int]
    short: set[int]
    loose: set[int]


def _group_sets(index: FieldIndex, group: WordGroup) -> _GroupSets:
    title = _union(index, group, Field.TITLE, True)
    named = title | _union(index, group, Field.TAGS, True)
    short = named | _union(index, group, Field.SUMMARY, True)
    loose = (
        short
        | _union(index, group, Field.TITLE, False)
        | _union(index, group, Field.TAGS, False)
        | _union(index, group, Field.SUMMARY, False)
    )
    return _GroupSets(title, named, short, loose)


def _intersection(sets: list[set[int]]) -> set[int]:
    if not sets:
        return set()
    ordered = sorted(sets, key=len)
    return ordered[0].intersection(*ordered[1:])


class FieldMatches:
    """The cards of a field index that match a plan, by tier."""

    def __init__(self, plan: QueryPlan, index: FieldIndex, cards: Mapping[str, Card]) -> None:
        self._index = index
        self._cards = cards
        self._sets = [_group_sets(index, group) for group in plan.required]
        # A stop word can name a card ('who' in 'who is logged in').
        optional = [g for g in plan.groups if g.optional and g not in plan.required]
        self._named_by_stop_word = set().union(
            *(index.holding(Field.TITLE, g.typed) for g in optional)
        )

    def _card(self, position: int) -> Card | None:
        """The current snapshot's card at a position of a (possibly older) index."""
        card = self._index.cards[position]
        current = self._cards.get(card.id)
        return current if current is not None and current.path == card.path else None

    def _shortest(self, positions: set[int], count: int) -> list[int]:
        """The `count` positions with the shortest titles (the order is precomputed)."""
        if count <= 0:
            return []
        if len(positions) <= count:
            return sorted(positions, key=self._index.order.__getitem__)
        return heapq.nsmallest(count, positions, key=self._index.order.__getitem__)

    def complete(self, want: int) -> list[Card]:
        """Up to `want` cards holding every required word in their short fields: all in
        the title first, then in title or tags, then anywhere there, then loosely."""
        anywhere = _intersection([s.loose for s in self._sets])
        tiers = (
            _intersection([s.title for s in self._sets]) | (self._named_by_stop_word & anywhere),
            _intersection([s.named for s in self._sets]),
            _intersection([s.short for s in self._sets]),
            anywhere,
        )
        chosen: list[int] = []
        seen: set[int] = set()
        for tier in tiers:
            fresh = tier - seen
            chosen += self._shortest(fresh, want - len(chosen))
            seen |= fresh
            if len(chosen) >= want:
                break
        return [card for card in map(self._card, chosen) if card is not None]

    def partial(self, want: int) -> list[Card]:
        """Up to `want` cards holding some, but not all, required words; most first."""
        if len(self._sets) < 2:
            return []
        counts = Counter(p for s in self._sets for p in s.loose)
        whole = len(self._sets)
        by_count: dict[int, set[int]] = {}
        for position, count in counts.items():
            if count < whole:
                by_count.setdefault(count, set()).add(position)
        chosen: list[int] = []
        for count in sorted(by_count, reverse=True):
            chosen += self._shortest(by_count[count], want - len(chosen))
        return [card for card in map(self._card, chosen) if card is not None]
