"""A word's opposites are not offered as words related to it."""

from __future__ import annotations

from pathlib import Path

from cuecard.search.opposites import OPPOSITE_STARTS, opposed, opposite_starts
from cuecard.search.related import RelatedWords, bundled_related_words
from tests.search.test_ranking import search


def test_opposites_apply_both_ways_and_to_every_form() -> None:
    assert opposed("stop", "continue") and opposed("stopping", "continues")
    assert opposed("continue", "stop") and opposed("close", "opened")
    assert opposed("uninstall", "installed") and opposed("install", "uninstalling")
    assert not opposed("stop", "quit") and not opposed("open", "launch")
    assert opposite_starts("banana") == ()


def test_no_pair_is_a_word_and_its_own_form() -> None:
    for one, other in OPPOSITE_STARTS:
        assert not one.startswith(other) and not other.startswith(one), (one, other)


def test_the_table_leaves_out_opposites_and_keeps_the_rest() -> None:
    table = RelatedWords({"stop": "continue:63 quit:68 starting:60 keep:59 cease:59"})
    assert [near.word for near in table.of("stop")] == ["quit", "cease"]


def test_the_shipped_tables_worst_opposites_are_gone() -> None:
    table = bundled_related_words()
    for word, wrong, kept in (
        ("stop", "continue", "quit"),
        ("open", "closed", "opened"),
        ("close", "open", "shut"),
        ("hide", "reveal", "conceal"),
        ("download", "upload", "downloaded"),
        ("read", "wrote", "reading"),
    ):
        near = {n.word for n in table.of(word)}
        assert wrong not in near and kept in near, word


def test_searching_for_an_action_does_not_find_its_opposite(tmp_path: Path) -> None:
    # Neither card holds 'close'; the shipped table relates it to 'shut' and to 'open'.
    cards = {
        "garage": ("Open the garage door from your phone.", "Tap: garage open"),
        "gate": ("Shut the gate at night.", "Run: gate shut"),
    }
    assert search(tmp_path, cards, "close") == ["gate"]
