"""The palette's result list keeps its rows and sets only what changed: the same labels
serve search after search, with the right text, height and selectability."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from tests.conftest import REPO

from cuecard.content.cache import IndexCache
from cuecard.content.library import ContentLibrary
from cuecard.models import Card
from cuecard.ui.result_rows import ResultRows


@pytest.fixture(scope="module")
def cards(tmp_path_factory: pytest.TempPathFactory) -> list[Card]:
    cache = tmp_path_factory.mktemp("rows") / "index.sqlite"
    snapshot = ContentLibrary([REPO / "content"], IndexCache(cache)).load()
    return sorted(snapshot.cards.values(), key=lambda c: c.id)


def rows_widget(qtbot: QtBot) -> ResultRows:
    rows = ResultRows()
    qtbot.addWidget(rows)
    rows.resize(600, 400)
    rows.show()
    return rows


def labels(rows: ResultRows) -> list[QLabel]:
    found = [rows.itemWidget(rows.item(r)) for r in range(rows.count())]
    assert all(isinstance(label, QLabel) for label in found)
    return [label for label in found if isinstance(label, QLabel)]


def test_rows_are_kept_and_their_text_set(qtbot: QtBot, cards: list[Card]) -> None:
    rows = rows_widget(qtbot)
    rows.set_rows([(f"<b>{card.title}</b>", card) for card in cards[:3]])
    first = labels(rows)
    rows.set_rows([(f"<i>{card.title}</i>", card) for card in cards[3:6]])
    assert labels(rows) == first  # the same label objects
    assert [label.text() for label in first] == [f"<i>{c.title}</i>" for c in cards[3:6]]
    assert rows.row_cards == cards[3:6]


def test_fewer_rows_then_more(qtbot: QtBot, cards: list[Card]) -> None:
    rows = rows_widget(qtbot)
    rows.set_rows([(card.title, card) for card in cards[:5]])
    rows.set_rows([(card.title, card) for card in cards[5:7]])
    assert rows.count() == 2 and [label.text() for label in labels(rows)] == [
        cards[5].title,
        cards[6].title,
    ]
    rows.set_rows([(card.title, card) for card in cards[:4]])
    assert rows.count() == 4 and rows.row_cards == cards[:4]
    assert [label.text() for label in labels(rows)] == [card.title for card in cards[:4]]


def test_a_reused_row_takes_the_new_rows_kind(qtbot: QtBot, cards: list[Card]) -> None:
    rows = rows_widget(qtbot)
    rows.set_rows([("HEADING", None), (cards[0].title, cards[0])])
    assert not rows.item(0).flags() & Qt.ItemFlag.ItemIsSelectable
    assert rows.first_card_row() == 1
    rows.set_rows([(cards[1].title, cards[1]), ("HEADING", None)])
    assert rows.item(0).flags() & Qt.ItemFlag.ItemIsSelectable
    assert not rows.item(1).flags() & Qt.ItemFlag.ItemIsSelectable
    assert rows.first_card_row() == 0
    rows.setCurrentRow(0)
    rows.move_selection(1)
    assert rows.currentRow() == 0, "the heading below is not a stop"


def test_a_reused_row_is_as_tall_as_its_new_text(qtbot: QtBot, cards: list[Card]) -> None:
    rows = rows_widget(qtbot)
    rows.set_rows([("one line", cards[0])])
    short = rows.item(0).sizeHint().height()
    rows.set_rows([("<br>".join(["a line"] * 6), cards[0])])
    assert rows.item(0).sizeHint().height() > 3 * short
    rows.set_rows([("one line", cards[0])])
    assert rows.item(0).sizeHint().height() == short


def many_rows(cards: list[Card]) -> list[tuple[str, Card | None]]:
    """Twenty rows of two to four lines: far more than a 300-pixel list shows."""
    return [("<br>".join([card.title] * (2 + n % 3)), card) for n, card in enumerate(cards[:20])]


def exact(rows: ResultRows, row: int) -> bool:
    label = labels(rows)[row]
    return rows.item(row).sizeHint().height() == label.heightForWidth(label.width() or 600)


def test_only_the_rows_in_view_are_laid_out(qtbot: QtBot, cards: list[Card]) -> None:
    rows = rows_widget(qtbot)
    rows.resize(600, 300)
    rows.set_rows(many_rows(cards))
    fitted = rows.rows_fitted()
    in_view = fitted.index(False)
    assert 2 <= in_view < 12 and not any(fitted[in_view:])
    assert sum(rows.item(r).sizeHint().height() for r in range(in_view - 1)) < 300
    assert sum(rows.item(r).sizeHint().height() for r in range(in_view)) >= 300
    assert all(rows.item(r).sizeHint().height() > 0 for r in range(rows.count()))


def test_scrolling_lays_out_every_row(qtbot: QtBot, cards: list[Card]) -> None:
    rows = rows_widget(qtbot)
    rows.resize(600, 300)
    rows.set_rows(many_rows(cards))
    assert not all(rows.rows_fitted())
    qtbot.waitUntil(lambda: rows.verticalScrollBar().maximum() > 0)  # laid out
    rows.verticalScrollBar().setValue(1)
    assert all(rows.rows_fitted())
    heights = [rows.item(r).sizeHint().height() for r in range(rows.count())]
    assert heights == [labels(rows)[r].heightForWidth(rows.viewport().width()) for r in range(20)]


def test_moving_the_highlight_past_the_view_lays_out_every_row(
    qtbot: QtBot, cards: list[Card]
) -> None:
    rows = rows_widget(qtbot)
    rows.resize(600, 300)
    rows.set_rows(many_rows(cards))
    rows.setCurrentRow(0)
    for _ in range(19):
        rows.move_selection(1)
    assert rows.currentRow() == 19 and all(rows.rows_fitted())
    qtbot.waitUntil(lambda: rows.visualItemRect(rows.item(19)).bottom() <= rows.viewport().height())


def test_rows_taken_away_are_not_drawn_any_more(qtbot: QtBot, cards: list[Card]) -> None:
    rows = rows_widget(qtbot)
    rows.set_rows([(card.title, card) for card in cards[:8]])
    rows.set_rows([(f"<b>{card.title}</b>", card) for card in cards[8:10]])
    # Until the event loop deletes them, the labels of the rows taken away were still
    # shown, drawn over the two rows left (the palette going from suggestions to results).
    shown = [label for label in rows.viewport().findChildren(QLabel) if label.isVisible()]
    assert sorted(label.text() for label in shown) == sorted(
        f"<b>{c.title}</b>" for c in cards[8:10]
    )


def test_rows_are_fitted_again_when_the_scroll_bar_narrows_the_view(
    qtbot: QtBot, cards: list[Card]
) -> None:
    rows = rows_widget(qtbot)
    rows.set_rows(many_rows(cards))  # more than the view holds: a scroll bar appears
    qtbot.waitUntil(rows.verticalScrollBar().isVisible)
    width = rows.viewport().width()
    # The rows in view, fitted to the view as it was before the bar, ran under it.
    qtbot.waitUntil(lambda: rows.item(0).sizeHint().width() == width)
    in_view = rows.rows_fitted().index(False)
    assert all(rows.item(r).sizeHint().width() == width for r in range(rows.count()))
    assert all(exact(rows, r) for r in range(in_view))


def test_fewer_rows_after_scrolling_down(qtbot: QtBot, cards: list[Card]) -> None:
    rows = rows_widget(qtbot)
    rows.resize(600, 300)
    rows.set_rows(many_rows(cards))
    qtbot.waitUntil(lambda: rows.verticalScrollBar().maximum() > 0)
    rows.verticalScrollBar().setValue(rows.verticalScrollBar().maximum())
    rows.set_rows([(card.title, card) for card in cards[:2]])  # the view scrolls back
    assert rows.count() == 2 and rows.rows_fitted() == [True, True]
    assert all(exact(rows, r) for r in range(2))
