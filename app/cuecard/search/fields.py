"""Titles, tags and summaries of the library's cards, indexed in memory by word.

Most searches are answered from these short fields: which cards hold a word (or a word
starting or, in titles, ending with it) comes from here in a few set operations, without
reading FTS5 doclists, whose size grows with the bodies. Built once per library
snapshot (about 50 ms per 10,000 cards); read-only afterwards.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from enum import IntEnum

from cuecard.models import Card
from cuecard.search.words import split_parts, words

SUMMARY_WORDS = 60  # words of a summary indexed
PREFIX_WORDS = 256  # distinct words a prefix may stand for (bounded work per keystroke)


class Field(IntEnum):
    """The short fields of a card, best first."""

    TITLE = 0
    TAGS = 1
    SUMMARY = 2


class _Postings:
    """word -> positions of the cards holding it, with the words sorted for prefixes
    (and, for titles, reversed for endings)."""

    def __init__(self, postings: dict[str, list[int]], endings: bool) -> None:
        self.postings = postings
        self.sorted = sorted(postings)
        self.reversed = sorted(w[::-1] for w in postings) if endings else []

    def exact(self, word: str) -> list[int]:
        return self.postings.get(word, [])

    def starting(self, prefix: str) -> Iterable[str]:
        start = bisect.bisect_left(self.sorted, prefix)
        for word in self.sorted[start : start + PREFIX_WORDS]:
            if not word.startswith(prefix):
                break
            yield word

    def ending(self, suffix: str) -> Iterable[str]:
        backwards = suffix[::-1]
        start = bisect.bisect_left(self.reversed, backwards)
        for word in self.reversed[start : start + PREFIX_WORDS]:
            if not word.startswith(backwards):
                break
            yield word[::-1]


class FieldIndex:
    """The cards of one snapshot by position, and their short fields' words."""

    def __init__(self, cards: Mapping[str, Card]) -> None:
        self.source = cards
        self.cards: tuple[Card, ...] = tuple(cards.values())
        positions = list(range(len(self.cards)))  # one int object per position, shared
        fields: list[dict[str, list[int]]] = [{}, {}, {}]
        self._named: dict[str, list[int]] = {}  # a title of one word -> its cards
        for position, card in zip(positions, self.cards, strict=True):
            texts = (
                words(card.title),
                [w for tag in card.tags for w in words(tag)],
                words(card.summary)[:SUMMARY_WORDS],
            )
            if len(texts[0]) == 1:
                self._named.setdefault(texts[0][0], []).append(position)
            for field, postings, found in zip(Field, fields, texts, strict=True):
                held = set(found)
                if field is not Field.SUMMARY:  # 'python3' is held by 'python' too
                    held.update(part for word in found for part in split_parts(word))
                for word in held:
                    postings.setdefault(word, []).append(position)
        # Rank of each card among all by (title length, title): short titles first when
        # a broad query (a letter typed) matches more cards than are wanted.
        self.by_title = sorted(
            positions, key=lambda p: (len(self.cards[p].title), self.cards[p].title)
        )
        self.order = [0] * len(positions)
        for rank, position in enumerate(self.by_title):
            self.order[position] = rank
        self._fields = tuple(
            _Postings(postings, endings=field is not Field.SUMMARY)
            for field, postings in zip(Field, fields, strict=True)
        )

    def holding(self, field: Field, word: str) -> list[int]:
        """Positions of the cards whose `field` holds `word`."""
        return self._fields[field].exact(word)

    def named(self, word: str) -> list[int]:
        """Positions of the cards whose whole title is `word`."""
        return self._named.get(word, [])

    def starting(self, field: Field, prefix: str) -> list[list[int]]:
        """Postings of the words of `field` that start with `prefix` (bounded)."""
        postings = self._fields[field]
        return [postings.exact(w) for w in postings.starting(prefix)]

    def inside(self, field: Field, part: str) -> list[list[int]]:
        """Postings of the longer words of a title or tags field that start or end with
        `part` (compound names: 'journal' in journalctl, 'add' in useradd)."""
        postings = self._fields[field]
        found = {w for w in postings.starting(part) if w != part}
        found.update(w for w in postings.ending(part) if w != part)
        return [postings.exact(w) for w in found]
