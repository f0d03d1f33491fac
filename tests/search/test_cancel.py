"""A search given a `Cancel` stops at its next step once that is set, and leaves the
engine free for the next search (the palette's keystroke after a settled search)."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from cuecard.models import Card
from cuecard.search.cancel import Cancel, SearchCancelled
from cuecard.search.engine import SearchEngine
from tests.search.conftest import build
from tests.search.test_settled import QUERY, library


class CancelAfter(Cancel):
    """Cancels itself at its `steps`-th check and counts the checks made."""

    def __init__(self, steps: int) -> None:
        super().__init__()
        self.steps = steps
        self.checks = 0

    def check(self) -> None:
        self.checks += 1
        if self.checks >= self.steps:
            self.cancel()
        super().check()


Searched = tuple[SearchEngine, Mapping[str, Card]]


@pytest.fixture
def engine_and_cards(tmp_path: Path) -> Iterator[Searched]:
    snapshot = build(tmp_path / "c", tmp_path / "i.sqlite", library())
    engine = SearchEngine(tmp_path / "i.sqlite")
    yield engine, snapshot.cards
    engine.close()


def test_a_cancelled_search_raises_and_the_next_search_answers(engine_and_cards: Searched) -> None:
    engine, cards = engine_and_cards
    cancel = Cancel()
    cancel.cancel()
    with pytest.raises(SearchCancelled):
        engine.lookup(QUERY, cards, settled=True, cancel=cancel)
    assert engine.lookup(QUERY, cards, settled=True).hits[0].card.title == "peruse"


def test_a_search_stops_while_judging_cards(engine_and_cards: Searched) -> None:
    engine, cards = engine_and_cards
    whole = CancelAfter(10**9)
    engine.lookup(QUERY, cards, settled=True, cancel=whole)
    # A check per card judged (41 here hold words of the query), not per pass.
    assert whole.checks > 40
    stopped = CancelAfter(whole.checks // 2)
    with pytest.raises(SearchCancelled):
        engine.lookup(QUERY, cards, settled=True, cancel=stopped)
    assert stopped.checks == whole.checks // 2


def test_a_keystroke_waits_only_for_a_cancelled_search_to_stop(engine_and_cards: Searched) -> None:
    engine, cards = engine_and_cards
    engine.lookup("warm", cards)
    inside, go_on = threading.Event(), threading.Event()

    class Held(Cancel):
        def check(self) -> None:
            inside.set()
            assert go_on.wait(10)
            super().check()

    held = Held()
    outcome: list[BaseException] = []

    def settled() -> None:
        try:
            engine.lookup(QUERY, cards, settled=True, cancel=held)
        except SearchCancelled as stopped:
            outcome.append(stopped)

    worker = threading.Thread(target=settled)
    worker.start()
    assert inside.wait(10)  # the settled search holds the engine
    held.cancel()
    go_on.set()
    hits = engine.lookup(QUERY, cards).hits  # waits for the worker's next check, no more
    worker.join(10)
    assert hits and isinstance(outcome[0], SearchCancelled)
