"""The related-words table's build leaves out opposites made by a negating prefix (the
model puts 'enable' next to 'disable'), and the committed table was built that way."""

from __future__ import annotations

import pytest

from cuecard.search.related import bundled_related_words
from related_words import opposites


@pytest.mark.parametrize(
    ("word", "other"),
    [
        ("enable", "disable"),
        ("enable", "disabling"),
        ("lock", "unlock"),
        ("install", "uninstall"),
        ("encrypt", "decrypt"),
        ("mute", "unmute"),
    ],
)
def test_a_negated_word_is_an_opposite(word: str, other: str) -> None:
    assert opposites(word, other)
    assert opposites(other, word)


@pytest.mark.parametrize(
    ("word", "other"),
    [("delete", "remove"), ("folder", "directory"), ("delete", "deletion"), ("unix", "linux")],
)
def test_related_words_are_not_opposites(word: str, other: str) -> None:
    assert not opposites(word, other)


def test_the_committed_table_has_no_such_opposites() -> None:
    table = bundled_related_words()
    for word in ("enable", "lock", "install", "mute"):
        near = [n.word for n in table.of(word)]
        assert near, word
        assert not [n for n in near if opposites(word, n)], word
