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
