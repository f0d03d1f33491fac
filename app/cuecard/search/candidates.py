"""Which cards are worth ranking, from the in-memory field index.

Cards that hold every required word of the query (one of its alternatives) in the
title come first, then in title or tags, then anywhere in title, tags or summary; a tier
too large for what is wanted gives its shortest titles. When too few cards hold every
word, cards that hold most of them follow, marked partial. The work is set operations
on the postings of the query's alternatives, bounded by PREFIX_WORDS per prefix.
"""

from __future__ import annotations

import functools
import heapq
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping

from cuecard.models import Card
from cuecard.search.fields import Field, FieldIndex
from cuecard.search.plan import Alternative, Kind, QueryPlan, WordGroup

COMPOUND_MIN = 3  # letters an alternative needs to be looked for inside longer title words
DENSE = 20  # a set holding more than 1/DENSE of the cards is read in title order
PARTIAL_LIMIT = 6000  # cards counted at most to find those holding most query words
GROUP_MEMO = 8  # query words whose card sets are kept from one search to the next


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


class _GroupSets:
    """Cards holding one query word: strongly in the title, in title or tags, in any
    short field, and in any short field loosely matched too (each made when first
    needed: a broad word's sets hold thousands of cards)."""

    def __init__(self, index: FieldIndex, group: WordGroup) -> None:
        self._index = index
        self._group = group

    @functools.cached_property
    def title(self) -> set[int]:
        return _union(self._index, self._group, Field.TITLE, True)

    @functools.cached_property
    def named(self) -> set[int]:
        return self.title | _union(self._index, self._group, Field.TAGS, True)

    @functools.cached_property
    def short(self) -> set[int]:
        return self.named | _union(self._index, self._group, Field.SUMMARY, True)

    @functools.cached_property
    def loose(self) -> set[int]:
        index, group = self._index, self._group
        return self.short.union(
            *(_union(index, group, field, False) for field in Field),
        )


class GroupMemo:
    """The card sets of the last GROUP_MEMO query words, for one field index: while a
    query is typed its earlier words are searched again on every keystroke, and their
    sets (unions of hundreds of postings for a common word) were made anew each time.
    Used under the engine's lock, like the rest of a search."""

    def __init__(self, index: FieldIndex) -> None:
        self.index = index
        self._sets: dict[WordGroup, _GroupSets] = {}

    @classmethod
    def for_index(cls, memo: GroupMemo | None, index: FieldIndex) -> GroupMemo:
        """`memo` when it is for `index`, else a new one (a new snapshot's index)."""
        return memo if memo is not None and memo.index is index else cls(index)

    def sets(self, group: WordGroup) -> _GroupSets:
        found = self._sets.pop(group, None)
        if found is None:
            found = _GroupSets(self.index, group)
            if len(self._sets) >= GROUP_MEMO:
                del self._sets[next(iter(self._sets))]  # the least recently used
        self._sets[group] = found
        return found


def _intersection(sets: list[set[int]]) -> set[int]:
    if not sets:
        return set()
    ordered = sorted(sets, key=len)
    return ordered[0].intersection(*ordered[1:])


class FieldMatches:
    """The cards of a field index that match a plan, by tier."""

    def __init__(
        self,
        plan: QueryPlan,
        index: FieldIndex,
        cards: Mapping[str, Card],
        memo: GroupMemo | None = None,
    ) -> None:
        self._index = index
        self._cards = cards
        memo = GroupMemo.for_index(memo, index)
        self._sets = [memo.sets(group) for group in plan.required]
        self._groups = plan.required
        # A stop word can name a card ('who' in 'who is logged in').
        self._optional = [g for g in plan.groups if g.optional and g not in plan.required]

    def _card(self, position: int) -> Card | None:
        """The current snapshot's card at a position of a (possibly older) index."""
        card = self._index.cards[position]
        current = self._cards.get(card.id)
        return current if current is not None and current.path == card.path else None

    def _shortest(self, positions: set[int], count: int) -> list[int]:
        """The `count` positions with the shortest titles. A large set is read in the
        index's title order until enough are found (a few per hundred cards suffice)."""
        if count <= 0 or not positions:
            return []
        index = self._index
        if len(positions) * DENSE > len(index.cards):
            found = []
            for position in index.by_title:
                if position in positions:
                    found.append(position)
                    if len(found) == count:
                        break
            return found
        if len(positions) <= count:
            return sorted(positions, key=index.order.__getitem__)
        return heapq.nsmallest(count, positions, key=index.order.__getitem__)

    def _tiers(self) -> Iterator[set[int]]:
        sets = self._sets
        named_by_stop_word = set().union(
            *(self._index.holding(Field.TITLE, g.typed) for g in self._optional)
        )
        first = _intersection([s.title for s in sets])
        if named_by_stop_word:
            first |= named_by_stop_word & _intersection([s.loose for s in sets])
        yield first
        yield _intersection([s.named for s in sets])
        yield _intersection([s.short for s in sets])
        yield _intersection([s.loose for s in sets])

    def complete(self, want: int) -> list[Card]:
        """Up to `want` cards holding every required word in their short fields: all in
        the title first, then in title or tags, then anywhere there, then loosely."""
        chosen: list[int] = []
        seen: set[int] = set()
        for tier in self._tiers():
            fresh = tier - seen
            chosen += self._shortest(fresh, want - len(chosen))
            seen |= fresh
            if len(chosen) >= want:
                break
        return [card for card in map(self._card, chosen) if card is not None]

    def named_by_a_word(self) -> list[Card]:
        """Cards whose whole title is one of the required words as typed."""
        chosen = {position for group in self._groups for position in self._index.named(group.typed)}
        return [card for card in map(self._card, sorted(chosen)) if card is not None]

    def partial(self, want: int) -> list[Card]:
        """Up to `want` cards holding some, but not all, required words; most first.
        Skipped for words so common that counting their cards would cost more than a
        keystroke may (those queries have complete matches to show)."""
        if len(self._sets) < 2 or sum(len(s.loose) for s in self._sets) > PARTIAL_LIMIT:
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
