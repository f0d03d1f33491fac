"""Words as the search index sees them: folding, stop words, inflections and synonyms.

Query words and card text are split the way the FTS5 `unicode61` tokenizer splits them
(letters and digits; `_`, `-` and the rest separate words), lower-cased and without
diacritics. Everything here runs in time linear in the text's length.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from cuecard.search.synonyms import SYNONYM_GROUPS

_TOKEN = re.compile(r"[^\W_]+")
_LETTERS_DIGITS = re.compile(r"[^\W\d_]+|\d+")
MAX_WORD = 40  # longer "words" are pasted noise: never corrected or expanded

# Words a question or task phrasing carries that say nothing about the card wanted. They
# are not required to match (a title made of one, like `who`, still counts).
_STOP_WORDS_TEXT = """a an the and or but of to in on at by for from with into onto about as than
    how what which where when why who whom whose do does did doing done can could
    should would will shall may might must i me my mine we us our you your it its
    this that these those there here is are was were be been being am have has had
    some any all each every please want need way ways using use via just also
    so if then much many more most few very too lot lots able possible"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

# Endings stripped to find a word's base, longest first: (ending, replacement).
_ENDINGS = (
    ("ations", "ate"),
    ("ation", "ate"),
    ("ings", ""),
    ("ing", ""),
    ("ing", "e"),
    ("ies", "y"),
    ("ied", "y"),
    ("ions", ""),
    ("ion", ""),
    ("ion", "e"),
    ("ers", ""),
    ("er", ""),
    ("er", "e"),
    ("ors", ""),
    ("or", ""),
    ("ments", ""),
    ("ment", ""),
    ("es", ""),
    ("ed", ""),
    ("ed", "e"),
    ("s", ""),
)
# Endings added to a base to reach the forms a card may use.
_FORMS = ("", "s", "es", "ed", "d", "ing", "er", "ers", "ion", "ions", "ation", "ment")


def fold(text: str) -> str:
    """Lower case without diacritics (what `remove_diacritics 2` indexes)."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The index's words in `text`, folded."""
    return _TOKEN.findall(fold(text))


@functools.lru_cache(maxsize=16_384)
def title_words(title: str) -> tuple[str, ...]:
    """A title's words, folded (memoised: titles repeat on every keystroke)."""
    return tuple(words(title))


def split_parts(word: str) -> tuple[str, ...]:
    """Letter and digit runs of a word when it mixes them ('python3' -> python, 3)."""
    parts = tuple(_LETTERS_DIGITS.findall(word))
    return parts if len(parts) > 1 else ()


word_parts = functools.lru_cache(maxsize=16_384)(split_parts)  # memoised for ranking


def is_stop_word(word: str) -> bool:
    return word in STOP_WORDS


def inflections(word: str) -> frozenset[str]:
    """Forms of the same word ('logs' -> log, logging, logged...), the word excluded.

    A light stemmer without a dictionary: it proposes forms and the vocabulary keeps
    those the cards use, so nonsense forms cost a set lookup and nothing else.
    """
    if len(word) < 3 or len(word) > MAX_WORD or not word.isalpha():
        return frozenset()
    bases = {word}
    for ending, replacement in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            base = word[: -len(ending)] + replacement
            bases.add(base)
            if len(base) >= 4 and base[-1] == base[-2] and base[-1] not in "lsz":
                bases.add(base[:-1])  # running -> runn -> run
    forms = set()
    for base in bases:
        stem = base[:-1] if base.endswith("e") else base
        for ending in _FORMS:
            if ending == "d" and not base.endswith("e"):
                continue
            forms.add(base + ending)
            if ending and ending[0] in "aeiou":
                forms.add(stem + ending)  # create -> creating, creation
                if len(stem) >= 3 and stem[-1] not in "aeiouwxy" and stem[-2] in "aeiou":
                    forms.add(stem + stem[-1] + ending)  # run -> running
        if base.endswith("y") and len(base) > 3:
            forms.update((base[:-1] + "ies", base[:-1] + "ied"))
    forms.discard(word)
    return frozenset(forms)


def _synonym_index() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for group in SYNONYM_GROUPS:
        for member in group:
            index.setdefault(member, set()).update(m for m in group if m != member)
    return {word: frozenset(others) for word, others in index.items()}


_SYNONYMS = _synonym_index()


def synonyms(word: str) -> frozenset[str]:
    """Words that mean the same in a how-to question (curated, see synonyms.py)."""
    return _SYNONYMS.get(word, frozenset())
