"""Rows of a tree that wrap their text instead of cutting it with "…".

Qt wraps an item's text when the view's word wrap is on, but sizes the row as one line
unless the delegate says otherwise: WrappingDelegate measures each cell at its column's
width, and the rows are laid out again when a column changes width.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTreeView

CELL_PADDING = 8  # the style's margins around a cell's text


class WrappingDelegate(QStyledItemDelegate):
    """An item delegate whose size hint is the text wrapped at its column's width."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(  # noqa: N802 (Qt override)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        width = self.view.header().sectionSize(index.column()) - CELL_PADDING
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        flags = int(Qt.TextFlag.TextWordWrap)
        box = option.fontMetrics.boundingRect(QRect(0, 0, max(width, 20), 1_000_000), flags, text)
        return QSize(size.width(), max(size.height(), box.height() + 4))


def wrap_rows(view: QTreeView) -> None:
    """Let `view`'s rows grow to their wrapped text, now and when a column is resized."""
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    view.setUniformRowHeights(False)
    view.setItemDelegate(WrappingDelegate(view))
    view.header().sectionResized.connect(lambda *_: view.scheduleDelayedItemsLayout())
