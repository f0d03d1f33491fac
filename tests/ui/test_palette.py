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
from cuecard.ui.palette_rows import Section


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
    assert "<u>qqqzzz</u>" in palette.empty.nothing.text()  # shown as typed, in a plain-text label
    assert palette.empty.nothing.textFormat() == Qt.TextFormat.PlainText


def test_nothing_found_offers_to_log_the_search_once(qtbot: QtBot, tmp_path: Path) -> None:
    palette = make(qtbot, tmp_path)
    qtbot.keyClicks(palette.query, "quantum knitting")
    assert palette.empty.ask.isVisible() and palette.empty.ask.isEnabled()
    assert not palette.results.isVisible()
    assert "No card matches “quantum knitting”" in palette.empty.nothing.text()
    with qtbot.waitSignal(palette.missed) as missed:
        qtbot.mouseClick(palette.empty.ask, Qt.MouseButton.LeftButton)
    assert missed.args == ["quantum knitting"]
    assert not palette.empty.ask.isEnabled() and "Logged" in palette.empty.ask.text()
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
    assert not palette.empty.ask.isVisible() and palette.results.isVisible()


def test_nothing_found_is_reported_once_and_esc_closes(qtbot: QtBot, tmp_path: Path) -> None:
    palette = make(qtbot, tmp_path)
    with qtbot.waitSignal(palette.missed, timeout=5000) as missed:
        qtbot.keyClicks(palette.query, "qqqzzz")
    assert missed.args == ["qqqzzz"]
    assert "No card matches" in palette.empty.nothing.text()
    with qtbot.assertNotEmitted(palette.missed):
        qtbot.keyClick(palette.query, Qt.Key.Key_Escape)
    assert not palette.isVisible()


def test_a_frameless_panel_centred_on_the_active_screen(qtbot: QtBot, tmp_path: Path) -> None:
    palette = make(qtbot, tmp_path)
    flags = palette.windowFlags()
    assert flags & Qt.WindowType.FramelessWindowHint, "no title bar, no minimise or maximise"
    assert flags & Qt.WindowType.WindowStaysOnTopHint
    area = palette.screen().availableGeometry()
    assert area.contains(palette.frameGeometry())
    assert abs(palette.geometry().center().x() - area.center().x()) <= 1


def test_before_typing_lists_cards_for_the_app_and_recent_cards(
    qtbot: QtBot, tmp_path: Path
) -> None:
    cache = tmp_path / "index.sqlite"
    snapshot = ContentLibrary([REPO / "content"], IndexCache(cache)).load()
    cards = sorted(snapshot.cards.values(), key=lambda c: c.id)
    sections = [
        Section("For XTerm", (cards[0], cards[1])),
        Section("Recently opened", (cards[1], cards[2])),  # cards[1] is listed once
        Section("Nothing here", ()),
    ]
    palette = SearchPalette(SearchEngine(cache), suggestions=lambda: sections)
    qtbot.addWidget(palette)
    palette.set_snapshot(snapshot)
    palette.open_palette()
    assert palette.results.row_cards == [None, cards[0], cards[1], None, cards[2]]
    headings = [palette.results.itemWidget(palette.results.item(r)).text() for r in (0, 3)]
    assert "FOR XTERM" in headings[0] and "RECENTLY OPENED" in headings[1]
    assert not palette.results.item(0).flags() & Qt.ItemFlag.ItemIsSelectable
    assert palette.results.currentRow() == 1, "the first card, not the heading"
    qtbot.keyClick(palette.query, Qt.Key.Key_Down)
    qtbot.keyClick(palette.query, Qt.Key.Key_Down)
    assert palette.results.currentRow() == 4, "headings are skipped"
    with qtbot.waitSignal(palette.card_chosen) as chosen:
        qtbot.keyClick(palette.query, Qt.Key.Key_Return)
    assert chosen.args == [cards[2]]


def test_reopening_selects_the_last_query(qtbot: QtBot, tmp_path: Path) -> None:
    palette = make(qtbot, tmp_path)
    qtbot.keyClicks(palette.query, "grep")
    qtbot.keyClick(palette.query, Qt.Key.Key_Escape)
    assert not palette.isVisible()
    palette.open_palette()
    assert palette.query.text() == "grep"
    assert palette.query.selectedText() == "grep", "typing replaces it"
    qtbot.keyClicks(palette.query, "tab")
    assert palette.query.text() == "tab"


def test_a_miss_is_counted_once_per_search_session(qtbot: QtBot, tmp_path: Path) -> None:
    palette = make(qtbot, tmp_path)
    palette._missed_timer.setInterval(20)
    with qtbot.waitSignal(palette.missed, timeout=5000) as missed:
        qtbot.keyClicks(palette.query, "qqqzzz")
    assert missed.args == ["qqqzzz"]
    with qtbot.assertNotEmitted(palette.missed, wait=200):
        qtbot.keyClicks(palette.query, "y")  # still nothing, same session
        qtbot.keyClick(palette.query, Qt.Key.Key_Escape)
    with qtbot.assertNotEmitted(palette.missed, wait=200):
        palette.open_palette()  # the old query is shown again: not a new miss
        palette.set_snapshot(palette.snapshot)
        assert not palette._missed_timer.isActive()
    with qtbot.waitSignal(palette.missed, timeout=5000) as again:
        qtbot.keyClicks(palette.query, "wwwvvv")  # typed in the new session
    assert again.args == ["wwwvvv"]


def test_nothing_to_suggest_says_what_will_show_and_what_to_type(
    qtbot: QtBot, tmp_path: Path
) -> None:
    palette = make(qtbot, tmp_path)  # no card for the app in front, none opened
    assert palette.empty.isVisible() and not palette.results.isVisible()
    assert "will show here" in palette.empty.nothing.text()
    shortest = min(palette.snapshot.cards.values(), key=lambda c: (len(c.title), c.id))
    assert f"“{shortest.title.lower()}”" in palette.empty.asked.text()
    assert "20 cards" in palette.empty.asked.text()
    assert not palette.empty.ask.isVisible()
    qtbot.keyClicks(palette.query, "shortcuts")
    assert palette.results.isVisible() and not palette.empty.isVisible()
    qtbot.keyClicks(palette.query, "qqqzzz")  # nothing found: the offer to log it is back
    assert palette.empty.ask.isVisible()
