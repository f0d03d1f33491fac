"""Reference cycles collected on the calling thread, when CPython would have."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from cuecard.cycles import collect_if_due


class Node:
    """One end of a reference cycle."""

    partner: Node


def make_cycle(collected: list[str]) -> None:
    first, second = Node(), Node()
    first.partner, second.partner = second, first
    weakref.finalize(first, collected.append, "collected")


@pytest.fixture
def small_thresholds() -> Iterator[None]:
    before = gc.get_threshold()
    enabled = gc.isenabled()
    gc.disable()
    gc.set_threshold(50, 10, 10)
    yield
    gc.set_threshold(*before)
    if enabled:
        gc.enable()


def test_nothing_is_collected_before_the_first_threshold(small_thresholds: None) -> None:
    gc.collect()
    collected: list[str] = []
    make_cycle(collected)
    assert collect_if_due() == 0
    assert collected == []


def test_a_young_cycle_is_collected_once_allocations_pass_the_threshold(
    small_thresholds: None,
) -> None:
    gc.collect()
    collected: list[str] = []
    make_cycle(collected)
    alive = [[] for _ in range(60)]  # tracked containers, kept: the count only rises
    assert collect_if_due() >= 2
    assert collected == ["collected"]
    assert gc.get_count()[0] < 50
    assert len(alive) == 60


def test_no_collection_when_collection_is_configured_off(small_thresholds: None) -> None:
    gc.set_threshold(0)
    gc.collect()
    collected: list[str] = []
    make_cycle(collected)
    alive = [[] for _ in range(60)]
    assert collect_if_due() == 0
    assert collected == [] and len(alive) == 60
