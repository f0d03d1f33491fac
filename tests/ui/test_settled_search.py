"""The palette's settled search runs on a worker thread, and a keystroke cancels it:
its stale results are never shown (tests/search/test_cancel.py: the engine's side)."""

from __future__ import annotations

import threading
from collections.abc import Collection, Mapping
from pathlib import Path

from pytestqt.qtbot import QtBot
from tests.search.conftest import build
from tests.search.test_settled import QUERY as SETTLED_QUERY
from tests.search.test_settled import library as settled_library

from cuecard.content.library import LibrarySnapshot
from cuecard.models import Card
from cuecard.search.cancel import Cancel, SearchCancelled
from cuecard.search.engine import SearchEngine, SearchResults
from cuecard.ui.palette import SearchPalette


class GatedEngine(SearchEngine):
    """The real engine; records each settled search's thread and can hold the next one
    at its start until the test lets it go."""

    def __init__(self, cache_path: Path) -> None:
        super().__init__(cache_path)
        self.settled_threads: list[threading.Thread] = []
        self.hold = False
        self.entered, self.go_on = threading.Event(), threading.Event()
        self.cancelled: list[str] = []  # queries whose settled search was cancelled

    def lookup(
        self,
        query: str,
        cards: Mapping[str, Card],
        limit: int = 20,
        boost: Collection[str] = (),
        settled: bool = False,
        picked: Mapping[str, float] | None = None,
        cancel: Cancel | None = None,
    ) -> SearchResults:
        if settled:
            self.settled_threads.append(threading.current_thread())
            if self.hold:
                self.hold = False
                self.entered.set()
                assert self.go_on.wait(10)
        try:
            return super().lookup(query, cards, limit, boost, settled, picked, cancel)
        except SearchCancelled:
            self.cancelled.append(query)
            raise


def make(qtbot: QtBot, tmp_path: Path) -> tuple[SearchPalette, GatedEngine]:
    snapshot: LibrarySnapshot = build(tmp_path / "c", tmp_path / "i.sqlite", settled_library())
    engine = GatedEngine(tmp_path / "i.sqlite")
    palette = SearchPalette(engine)
    qtbot.addWidget(palette)
    palette.set_snapshot(snapshot)
    palette.open_palette()
    return palette, engine


def worker_idle(palette: SearchPalette) -> None:
    """Returns once the settled-search worker has finished what it was given."""
    palette._settling._worker.submit(lambda: None).result(timeout=10)


def test_the_settled_search_runs_off_the_gui_thread(qtbot: QtBot, tmp_path: Path) -> None:
    palette, engine = make(qtbot, tmp_path)
    with qtbot.waitSignal(palette.settled, timeout=5000):
        qtbot.keyClicks(palette.query, SETTLED_QUERY)
    assert palette.hits[0].card.title == "peruse"  # the wider pool's answer is shown
    assert engine.settled_threads
    assert threading.main_thread() not in engine.settled_threads


def test_typing_on_cancels_the_settled_search(qtbot: QtBot, tmp_path: Path) -> None:
    palette, engine = make(qtbot, tmp_path)
    seen: list[str] = []
    palette.settled.connect(seen.append)
    engine.hold = True
    qtbot.keyClicks(palette.query, SETTLED_QUERY)
    qtbot.waitUntil(engine.entered.is_set)  # the pause came; its search waits at its start
    qtbot.keyClicks(palette.query, " zip")  # typing goes on meanwhile
    assert palette.result.query == SETTLED_QUERY + " zip"  # the keystrokes were searched
    engine.go_on.set()
    worker_idle(palette)
    assert engine.cancelled == [SETTLED_QUERY]  # the held search saw the cancel, stopped
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)  # the new query's own pause
    assert seen == [SETTLED_QUERY + " zip"]


def test_a_settled_result_is_dropped_when_the_query_changed(qtbot: QtBot, tmp_path: Path) -> None:
    # The keystroke came as the search finished, too late to cancel it: its results
    # arrive for a query no longer typed, and are not shown.
    palette, _engine = make(qtbot, tmp_path)
    qtbot.keyClicks(palette.query, "inspect")
    shown = [hit.card.id for hit in palette.hits]
    palette._settling.start(SETTLED_QUERY, palette.snapshot.cards, 20, (), {})
    with qtbot.assertNotEmitted(palette.settled, wait=100):
        worker_idle(palette)
    assert [hit.card.id for hit in palette.hits] == shown


def test_a_settled_result_for_an_older_library_is_dropped(qtbot: QtBot, tmp_path: Path) -> None:
    # The library changed (a card edited) while the search ran: its results may hold
    # cards that are gone; the new library's own keystroke results stay.
    palette, _engine = make(qtbot, tmp_path)
    qtbot.keyClicks(palette.query, "inspect")
    shown = [hit.card.id for hit in palette.hits]
    older = dict(palette.snapshot.cards)  # the same cards, another snapshot's mapping
    palette._settling.start("inspect", older, 20, (), {})
    with qtbot.assertNotEmitted(palette.settled, wait=100):
        worker_idle(palette)
    assert [hit.card.id for hit in palette.hits] == shown
