"""The search palette, keyboard only."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from tests.conftest import REPO

from cuecard.content.cache import IndexCache
from cuecard.content.library import ContentLibrary
from cuecard.search.engine import SearchEngine
from cuecard.ui.palette import SearchPalette


def make(qtbot: QtBot, tmp_path: Path) -> SearchPalette:
    cache = tmp_path / "index.sqlite"
    snapshot = ContentLibrary([REPO / "content"], IndexCache(cache)).load()
    palette = SearchPalette(SearchEngine(cache))
    qtbot.addWidget(palette)
    palette.set_snapshot(snapshot)
    palette.open_palette()
    return palette


def test_type_arrows_enter(qtbot: QtBot, tmp_path: Path) -> None:
    palette = make(qtbot, tmp_path)
    assert "20 cards" in palette.hint.text()
    qtbot.keyClicks(palette.query, "shortcuts")
    assert palette.results.count() >= 3
    first = palette.hits[0].card.id
    qtbot.keyClick(palette.query, Qt.Key.Key_Down)
    second = palette.hits[palette.results.currentRow()].card.id
    assert second != first
    qtbot.keyClick(palette.query, Qt.Key.Key_Up)
    assert palette.results.currentRow() == 0
    with qtbot.waitSignal(palette.card_chosen) as chosen:
        qtbot.keyClick(palette.query, Qt.Key.Key_Return)
    assert chosen.args[0].id == first
    assert not palette.isVisible()


def test_shows_minutes_tags_and_highlighted_snippet(qtbot: QtBot, tmp_path: Path) -> None:
    palette = make(qtbot, tmp_path)
    palette.query.setText("grep")
    label = palette.results.itemWidget(palette.results.item(0))
    assert "min" in label.text() and "<b>" in label.text().lower()


def test_nothing_found_is_reported_once_and_esc_closes(qtbot: QtBot, tmp_path: Path) -> None:
    palette = make(qtbot, tmp_path)
    with qtbot.waitSignal(palette.missed, timeout=5000) as missed:
        qtbot.keyClicks(palette.query, "qqqzzz")
    assert missed.args == ["qqqzzz"]
    assert "No card matches" in palette.hint.text()
    with qtbot.assertNotEmitted(palette.missed):
        qtbot.keyClick(palette.query, Qt.Key.Key_Escape)
    assert not palette.isVisible()
