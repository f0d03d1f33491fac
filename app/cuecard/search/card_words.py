"""The words of a card's fields as the ranking reads them, each read once.

A title's, tags' or summary's words (memoised: they repeat on every keystroke), their
letter/digit parts and, for names, their starts and ends; a body's start split into its
lead and the part looked at for passages, with where each word stands.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass

from cuecard.search.words import title_words, word_parts, words

SUMMARY_WORDS = 60  # of a summary, judged word by word
LEAD_WORDS = 120  # of the body's start, judged as its lead
LONG_TEXT = 400  # characters from which a field's words are cached apart (leads)
PASSAGE_WORDS, PASSAGE_CHARS = 250, 1500  # of a body, looked at for passages
COMPOUND_MIN = 3  # letters an alternative needs to match inside a longer title word


@dataclass(frozen=True, slots=True)
class FieldWords:
    """A field's words in order, as a set and sorted, their letter/digit parts
    ('python' of 'python3') and, for names, their starts and ends of COMPOUND_MIN
    letters or more."""

    ordered: tuple[str, ...]
    present: frozenset[str]
    sorted: tuple[str, ...]
    parts: frozenset[str]
    pieces: frozenset[str]

    def has_longer(self, prefix: str) -> bool:
        """Whether a word of the field starts with `prefix` and is longer."""
        at = bisect.bisect_right(self.sorted, prefix)
        return at < len(self.sorted) and self.sorted[at].startswith(prefix)


def field_words(text: str, limit: int = SUMMARY_WORDS, names: bool = False) -> FieldWords:
    """The first `limit` words of a field (memoised: they repeat on every keystroke);
    `names`: a title or tags, whose words may be compounds. Long texts (a body's lead)
    have a cache of their own, kept small: each holds over a hundred words."""
    if len(text) > LONG_TEXT:
        return _long_field_words(text, limit, names)
    return _field_words(text, limit, names)


def _make_field_words(text: str, limit: int, names: bool) -> FieldWords:
    ordered = title_words(text) if len(text) < 200 else tuple(words(text)[:limit])
    parts = frozenset(p for w in ordered for p in word_parts(w))
    pieces = frozenset(p for w in ordered for p in name_pieces(w)) if names else frozenset()
    present = frozenset(ordered)
    return FieldWords(ordered, present, tuple(sorted(present)), parts, pieces)


_field_words = functools.lru_cache(maxsize=4096)(_make_field_words)
_long_field_words = functools.lru_cache(maxsize=256)(_make_field_words)


class BodyWords:
    """The words of a body's start, read once: its lead (the first LEAD_WORDS words),
    the part looked at for passages (PASSAGE_WORDS), each made when first asked for."""

    __slots__ = ("_lead", "_passage", "ordered")

    def __init__(self, body: str) -> None:
        self.ordered = tuple(words(body[:PASSAGE_CHARS])[:PASSAGE_WORDS])
        self._lead: FieldWords | None = None
        self._passage: FieldWords | None = None

    @property
    def lead(self) -> FieldWords:
        if self._lead is None:
            self._lead = _from_words(self.ordered[:LEAD_WORDS])
        return self._lead

    @property
    def passage(self) -> FieldWords:
        if self._passage is None:
            self._passage = _from_words(self.ordered, with_parts=False)
        return self._passage


body_words = functools.lru_cache(maxsize=256)(BodyWords)


def _from_words(ordered: tuple[str, ...], with_parts: bool = True) -> FieldWords:
    present = frozenset(ordered)
    parts = frozenset(p for w in present for p in word_parts(w)) if with_parts else frozenset()
    return FieldWords(ordered, present, tuple(sorted(present)), parts, frozenset())


@functools.lru_cache(maxsize=8192)
def name_pieces(word: str) -> frozenset[str]:
    """Starts and ends of `word` of COMPOUND_MIN letters or more, the word excluded."""
    return frozenset(
        piece for cut in range(COMPOUND_MIN, len(word)) for piece in (word[:cut], word[-cut:])
    )
