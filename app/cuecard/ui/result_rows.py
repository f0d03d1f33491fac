"""The palette's list of results: rich-text rows, each a card or a section heading.

Rows are kept from one search to the next and only their text and height set: making
and styling a new label for each of 20 rows cost about 45 ms a keystroke (the palette
lagged behind typing), setting the text of the rows that changed a tenth of that
(docs/benchmarks.md, "Eighth round"). Of that tenth, most was laying out each changed
row's rich text to know its height (0.4 ms a row), though only the first six or so rows
are in view: the rows below keep an estimated height until the list scrolls or the
highlight moves past the rows in view ("Ninth round").
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QSize, Qt, QTimer
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
        self._fitted: list[bool] = []  # is the row's height its text's at this width
        self._fitted_width = 0  # the width rows were last fitted to
        self.verticalScrollBar().valueChanged.connect(self._fit_all)

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Show `rows`, setting only what changed."""
        while len(self._labels) > len(rows):
            # Hidden now: the label is deleted later, from the event loop (not from
            # processEvents), and until then it was drawn over the rows that stay.
            self._labels.pop().hide()
            self._keys.pop()
            self._fitted.pop()
            last = self.count() - 1
            self.removeItemWidget(self.item(last))  # deletes the label
            self.takeItem(last)
        for index, (markup, card) in enumerate(rows):
            if index == len(self._labels):
                self._labels.append(rich_label("", word_wrap=True))
                self._keys.append(("", False))
                self._fitted.append(False)
                self.addItem(QListWidgetItem())
                self.setItemWidget(self.item(index), self._labels[index])
            key = (markup, card is None)
            if self._keys[index] == key:
                continue
            item, label = self.item(index), self._labels[index]
            label.setText(markup)
            label.setContentsMargins(8, 10 if card is None else 6, 8, 2 if card is None else 6)
            item.setFlags(Qt.ItemFlag.NoItemFlags if card is None else ROW_FLAGS)
            self._fitted[index] = False
            self._keys[index] = key
        self.row_cards = [card for _, card in rows]
        if not all(self._fitted):
            self._fit_in_view()

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
        self._fit_all()  # the highlight may go past the rows in view
        if delta > 0:
            later = [row for row in rows if row > current]
            self.setCurrentRow(later[0] if later else rows[-1])
        else:
            earlier = [row for row in rows if row < current]
            self.setCurrentRow(earlier[-1] if earlier else rows[0])

    def fit_rows(self) -> None:
        """The rows as tall as their wrapped text at the list's current width (those in
        view now, the others when they may come into view)."""
        self._fitted = [False] * len(self._labels)
        self._fit_in_view()

    def rows_fitted(self) -> list[bool]:
        """Per row: is its height its text's (not an estimate)."""
        return list(self._fitted)

    def _fit_in_view(self) -> None:
        """Fit the rows from the top down until the view is full (and one more); all of
        them when the list is scrolled or its height is not known yet."""
        if self.verticalScrollBar().value() or not self.window().isVisible():
            self._fit_all()
            return
        room, estimate, width = self.viewport().height(), 0, self._width()
        for row in range(len(self._labels)):
            if room < 0:
                # Below the view: the height this row had, or the last row's in view.
                item = self.item(row)
                hint = item.sizeHint()
                if not self._fitted[row] and (hint.height() <= 0 or hint.width() != width):
                    item.setSizeHint(QSize(width, hint.height() if hint.height() > 0 else estimate))
                continue
            if not self._fitted[row]:
                self._fit(row)
            estimate = self.item(row).sizeHint().height()
            room -= estimate

    def _fit_all(self) -> None:
        # Also called on scrolling, which taking rows away can cause: rows and items
        # may differ in number for that moment.
        for row in range(min(len(self._fitted), len(self._labels), self.count())):
            if not self._fitted[row]:
                self._fit(row)

    def _width(self) -> int:
        # Before the window is first laid out the viewport has a made-up width.
        window = self.window()
        layout_width = window.width() - 30 - self.verticalScrollBar().sizeHint().width()
        return self.viewport().width() if window.isVisible() else layout_width

    def _fit(self, row: int) -> None:
        width = self._fitted_width = self._width()
        self.item(row).setSizeHint(QSize(width, self._labels[row].heightForWidth(width)))
        self._fitted[row] = True

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        # The view narrows when its scroll bar appears: rows fitted to the wider view ran
        # under the scroll bar, their text cut at its edge.
        if event.type() == QEvent.Type.Resize and self._labels:
            QTimer.singleShot(0, self, self._refit_to_width)
        return super().viewportEvent(event)

    def _refit_to_width(self) -> None:
        if self._width() != self._fitted_width:
            self.fit_rows()
