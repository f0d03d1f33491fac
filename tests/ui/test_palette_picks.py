"""The palette learns from what is opened: a card opened from a search's results comes
first when the same words are typed again, also after a restart (the learning record),
and not after the record is erased."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from tests.conftest import REPO

from cuecard.clock import FixedClock
from cuecard.content.cache import IndexCache
from cuecard.content.library import ContentLibrary
from cuecard.search.engine import SearchEngine
from cuecard.store.picks import load_picks
from cuecard.store.writer import StoreWriter
from cuecard.ui.palette import SearchPalette
from cuecard.ui.search_picks import SearchPicks

QUERY = "shortcuts"


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[StoreWriter]:
    writer = StoreWriter(tmp_path / "cuecard.db")
    writer.start()
    yield writer
    writer.stop()


def palette_with(qtbot: QtBot, tmp_path: Path, picks: SearchPicks) -> SearchPalette:
    cache = tmp_path / "index.sqlite"
    snapshot = ContentLibrary([REPO / "content"], IndexCache(cache)).load()
    palette = SearchPalette(SearchEngine(cache), picks=picks.weights)
    palette.chosen_for.connect(picks.note)
    qtbot.addWidget(palette)
    palette.set_snapshot(snapshot)
    palette.open_palette()
    return palette


def open_last_result(qtbot: QtBot, palette: SearchPalette) -> str:
    qtbot.keyClicks(palette.query, QUERY)
    assert len(palette.hits) >= 3
    for _ in palette.hits[1:]:
        qtbot.keyClick(palette.query, Qt.Key.Key_Down)
    last = palette.hits[palette.results.currentRow()].card.id
    assert last == palette.hits[-1].card.id
    with qtbot.waitSignal(palette.card_chosen):
        qtbot.keyClick(palette.query, Qt.Key.Key_Return)
    return last


def test_a_card_opened_from_the_results_comes_first_next_time_and_after_a_restart(
    qtbot: QtBot, tmp_path: Path, writer: StoreWriter, clock: FixedClock
) -> None:
    picks = SearchPicks(writer, clock)
    palette = palette_with(qtbot, tmp_path, picks)
    picked = open_last_result(qtbot, palette)
    assert palette.hits[0].card.id != picked
    palette.open_palette()  # the last query is there, searched again
    assert palette.hits[0].card.id == picked
    rows = [palette.results.itemWidget(palette.results.item(n)).text() for n in range(3)]
    assert "opened before" in rows[0], "the row says why it is first"
    assert not any("opened before" in row for row in rows[1:])
    writer.flush()
    (pick,) = writer.call(load_picks).result(timeout=10)
    assert (pick.query, pick.card_id, pick.picks, pick.last) == (QUERY, picked, 1, clock.now())

    restarted = SearchPicks(writer, clock)
    with qtbot.waitSignal(restarted.loaded):
        restarted.load()
    again = palette_with(qtbot, tmp_path / "again", restarted)
    qtbot.keyClicks(again.query, QUERY)
    assert again.hits[0].card.id == picked
    restarted.forget()
    again.run_query(QUERY)
    assert again.hits[0].card.id != picked


def test_typing_the_start_of_the_words_already_lifts_the_card(
    qtbot: QtBot, tmp_path: Path, writer: StoreWriter, clock: FixedClock
) -> None:
    picks = SearchPicks(writer, clock)
    palette = palette_with(qtbot, tmp_path, picks)
    qtbot.keyClicks(palette.query, QUERY[:5])
    before = palette.hits[0].card.id
    palette.query.clear()
    picked = open_last_result(qtbot, palette)
    assert picked != before
    palette.open_palette()
    palette.query.clear()
    qtbot.keyClicks(palette.query, QUERY[:5])
    assert palette.hits[0].card.id == picked
