"""The palette's list of results: rich-text rows, each a card or a section heading.

Rows are kept from one search to the next and only their text and height set: making
and styling a new label for each of 20 rows cost about 45 ms a keystroke (the palette
lagged behind typing), setting the text of the rows that changed a tenth of that
(docs/benchmarks.md, "Eighth round").
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QWidget

from cuecard.models import Card
from cuecard.ui.plain import rich_label
from cuecard.ui.style import colors

ROW_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
Row = tuple[str, Card | None]  # a row's markup, and its card (None: a heading)


class ResultRows(QListWidget):
    """Rows of cards and headings; the highlight moves over cards only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("results")
        c = colors()
        # "#results" only: the list's scroll bar keeps the desktop's look.
        self.setStyleSheet(
            f"QListWidget#results {{ border: none; background: transparent; }}"
            f" QListWidget#results::item {{ border-bottom: 1px solid {c.border}; }}"
            f" QListWidget#results::item:selected {{ background: {c.surface}; }}"
        )
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.row_cards: list[Card | None] = []  # the card on each row; None for a heading
        self._labels: list[QLabel] = []  # each row's label, kept from search to search
        self._keys: list[tuple[str, bool]] = []  # each row's markup, and is it a heading

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Show `rows`, setting only what changed."""
        while len(self._labels) > len(rows):
            self._labels.pop()
            self._keys.pop()
            last = self.count() - 1
            self.removeItemWidget(self.item(last))  # deletes the label
            self.takeItem(last)
        for index, (markup, card) in enumerate(rows):
            if index == len(self._labels):
                self._labels.append(rich_label("", word_wrap=True))
                self._keys.append(("", False))
                self.addItem(QListWidgetItem())
                self.setItemWidget(self.item(index), self._labels[index])
            key = (markup, card is None)
            if self._keys[index] == key:
                continue
            item, label = self.item(index), self._labels[index]
            label.setText(markup)
            label.setContentsMargins(8, 10 if card is None else 6, 8, 2 if card is None else 6)
            item.setFlags(Qt.ItemFlag.NoItemFlags if card is None else ROW_FLAGS)
            self._fit(item, label)
            self._keys[index] = key
        self.row_cards = [card for _, card in rows]

    def first_card_row(self) -> int:
        """The first row holding a card, -1 when none does."""
        return next((row for row, card in enumerate(self.row_cards) if card is not None), -1)

    def current_card(self) -> Card | None:
        row = self.currentRow()
        return self.row_cards[row] if 0 <= row < len(self.row_cards) else None

    def move_selection(self, delta: int) -> None:
        """The highlight to the next (delta > 0) or previous card row, headings skipped."""
        rows = [row for row, card in enumerate(self.row_cards) if card is not None]
        if not rows:
            return
        current = self.currentRow()
        if delta > 0:
            later = [row for row in rows if row > current]
            self.setCurrentRow(later[0] if later else rows[-1])
        else:
            earlier = [row for row in rows if row < current]
            self.setCurrentRow(earlier[-1] if earlier else rows[0])

    def fit_rows(self) -> None:
        """Each row as tall as its wrapped text at the list's current width."""
        for row, label in enumerate(self._labels):
            self._fit(self.item(row), label)

    def _width(self) -> int:
        # Before the window is first laid out the viewport has a made-up width.
        window = self.window()
        layout_width = window.width() - 30 - self.verticalScrollBar().sizeHint().width()
        return self.viewport().width() if window.isVisible() else layout_width

    def _fit(self, item: QListWidgetItem, label: QLabel) -> None:
        width = self._width()
        item.setSizeHint(QSize(width, label.heightForWidth(width)))
