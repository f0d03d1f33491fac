"""The search palette, keyboard only."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from tests.conftest import REPO, write_card

from cuecard.content.cache import IndexCache
from cuecard.content.library import ContentLibrary
from cuecard.search.engine import SearchEngine
from cuecard.ui.palette import SearchPalette


def make(qtbot: QtBot, tmp_path: Path, root: Path = REPO / "content") -> SearchPalette:
    cache = tmp_path / "index.sqlite"
    snapshot = ContentLibrary([root], IndexCache(cache)).load()
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


MARK = "font-weight: 700;'>"


def test_shows_minutes_tags_and_highlighted_snippet(qtbot: QtBot, tmp_path: Path) -> None:
    palette = make(qtbot, tmp_path)
    palette.query.setText("grep")
    label = palette.results.itemWidget(palette.results.item(0))
    assert "min" in label.text() and f"{MARK}grep</span>" in label.text()
    assert not palette.notice.isVisible()


def test_says_when_results_come_from_corrected_words(qtbot: QtBot, tmp_path: Path) -> None:
    palette = make(qtbot, tmp_path)
    qtbot.keyClicks(palette.query, "frezee")
    assert palette.hits[0].card.id == "spreadsheet/freeze-header"
    assert palette.notice.isVisible()
    assert "Showing results for <i>freeze</i>" in palette.notice.text()
    title = palette.results.itemWidget(palette.results.item(0)).text()
    assert f"{MARK}Freeze</span> the header row" in title  # the corrected word is marked
    palette.query.setText("freeze")
    assert not palette.notice.isVisible()


def test_card_text_and_query_stay_plain_text(qtbot: QtBot, tmp_path: Path) -> None:
    root = tmp_path / "cards"
    write_card(
        root,
        "x.md",
        '---\ntitle: "Zebra <img src=x onerror=alert(1)> & <b>bold</b>"\n'
        'summary: "<script>alert(2)</script> zebra"\n---\nA zebra <i>here</i>.\n',
    )
    palette = make(qtbot, tmp_path, root)
    palette.query.setText("zebra <b>")
    label = palette.results.itemWidget(palette.results.item(0)).text()
    assert "<img" not in label and "<script" not in label and "<b>bold" not in label
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in label
    assert f"{MARK}Zebra</span>" in label
    assert palette.hint.textFormat() == Qt.TextFormat.PlainText
    palette.query.setText("<u>qqqzzz</u>")
    assert "<u>qqqzzz</u>" in palette.nothing.text()  # shown as typed, in a plain-text label
    assert palette.nothing.textFormat() == Qt.TextFormat.PlainText


def test_nothing_found_offers_to_log_the_search_once(qtbot: QtBot, tmp_path: Path) -> None:
    palette = make(qtbot, tmp_path)
    qtbot.keyClicks(palette.query, "quantum knitting")
    assert palette.ask.isVisible() and palette.ask.isEnabled()
    assert not palette.results.isVisible()
    assert "No card matches “quantum knitting”" in palette.nothing.text()
    with qtbot.waitSignal(palette.missed) as missed:
        qtbot.mouseClick(palette.ask, Qt.MouseButton.LeftButton)
    assert missed.args == ["quantum knitting"]
    assert not palette.ask.isEnabled() and "Logged" in palette.ask.text()
    assert not palette._missed_timer.isActive()  # the pause will not count it again
    with qtbot.assertNotEmitted(palette.missed):
        qtbot.keyClick(palette.query, Qt.Key.Key_Return)  # Enter: already logged
        palette.query.setText("quantum knitting ")  # the same search
    assert not palette._missed_timer.isActive()
    palette.query.setText("quantum knitting qqq")
    with qtbot.waitSignal(palette.missed) as again:
        qtbot.keyClick(palette.query, Qt.Key.Key_Return)  # Enter logs a new search
    assert again.args == ["quantum knitting qqq"]
    palette.query.setText("grep")
    assert not palette.ask.isVisible() and palette.results.isVisible()


def test_nothing_found_is_reported_once_and_esc_closes(qtbot: QtBot, tmp_path: Path) -> None:
    palette = make(qtbot, tmp_path)
    with qtbot.waitSignal(palette.missed, timeout=5000) as missed:
        qtbot.keyClicks(palette.query, "qqqzzz")
    assert missed.args == ["qqqzzz"]
    assert "No card matches" in palette.nothing.text()
    with qtbot.assertNotEmitted(palette.missed):
        qtbot.keyClick(palette.query, Qt.Key.Key_Escape)
    assert not palette.isVisible()
