"""Collect every piece of text a window shows, with how Qt interprets it.

For each widget, action, item, tooltip and window title under a window this yields a
`Shown`: the raw string and whether Qt reads it as plain text, HTML, a mnemonic text
('&' marks a shortcut) or a window title ('[*]' is a placeholder). `visible` turns it
into the characters a user sees, the way Qt would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QTableWidget,
    QTabWidget,
    QTreeWidget,
    QWidget,
)


@dataclass(frozen=True)
class Shown:
    """One string on screen: where, the raw text, and how Qt reads it."""

    where: str
    text: str
    kind: str  # "plain", "html", "markdown", "mnemonic", "title"

    @property
    def document(self) -> QTextDocument | None:
        """The document Qt builds when it reads the text as markup."""
        if self.kind not in ("html", "markdown"):
            return None
        document = QTextDocument()
        if self.kind == "html":
            document.setHtml(self.text)
        else:
            document.setMarkdown(self.text)
        return document

    @property
    def visible(self) -> str:
        document = self.document
        if document is not None:
            return document.toPlainText()
        if self.kind == "mnemonic":
            return re.sub("&(.)", r"\1", self.text)
        return self.text


def tip(where: str, text: str) -> Iterator[Shown]:
    if text:
        yield Shown(where, text, "html" if GuiQt.mightBeRichText(text) else "plain")


def label_kind(label: QLabel) -> str:
    fmt = label.textFormat()
    if fmt == Qt.TextFormat.PlainText:
        return "plain"
    if fmt == Qt.TextFormat.MarkdownText:
        return "markdown"
    if fmt == Qt.TextFormat.RichText or GuiQt.mightBeRichText(label.text()):
        return "html"
    return "plain"


def action_texts(action: QAction, where: str) -> Iterator[Shown]:
    """An action's text and tooltip, and its submenu's (`where` starts with the window)."""
    yield Shown(f"{where}/action", action.text(), "mnemonic")
    yield from tip(f"{where}/action tooltip", action.toolTip())
    menu = action.menu()
    if isinstance(menu, QMenu):
        yield from menu_texts(menu, f"{where}/{action.text()}")


def menu_texts(menu: QMenu, where: str) -> Iterator[Shown]:
    yield Shown(f"{where}/menu title", menu.title(), "mnemonic")
    for action in menu.actions():
        yield from action_texts(action, where)


def widget_texts(widget: QWidget, where: str) -> Iterator[Shown]:
    """The texts of one widget (not its children)."""
    name = f"{where}/{type(widget).__name__}:{widget.objectName()}"
    yield from tip(f"{name} tooltip", widget.toolTip())
    if widget.isWindow() and widget.windowHandle() is not None:
        yield Shown(f"{name} window title", widget.windowHandle().title(), "title")
    if isinstance(widget, QLabel) and widget.text():
        yield Shown(name, widget.text(), label_kind(widget))
    elif isinstance(widget, QAbstractButton):
        yield Shown(name, widget.text(), "mnemonic")
    elif isinstance(widget, QLineEdit):
        yield Shown(name, widget.text(), "plain")
    elif isinstance(widget, QComboBox):
        for row in range(widget.count()):
            yield Shown(f"{name} item", widget.itemText(row), "plain")
    elif isinstance(widget, QTabWidget):
        for tab in range(widget.count()):
            yield Shown(f"{name} tab", widget.tabText(tab), "mnemonic")
            yield from tip(f"{name} tab tooltip", widget.tabToolTip(tab))
    elif isinstance(widget, QListWidget):
        for row in range(widget.count()):
            item = widget.item(row)
            yield Shown(f"{name} item", item.text(), "plain")
            yield from tip(f"{name} item tooltip", item.toolTip())
    elif isinstance(widget, QTreeWidget):
        for row in range(widget.topLevelItemCount()):
            item = widget.topLevelItem(row)
            for column in range(widget.columnCount()):
                yield Shown(f"{name} item", item.text(column), "plain")
                yield from tip(f"{name} item tooltip", item.toolTip(column))
    elif isinstance(widget, QTableWidget):
        for row in range(widget.rowCount()):
            for column in range(widget.columnCount()):
                item = widget.item(row, column)
                if item is not None:
                    yield Shown(f"{name} cell", item.text(), "plain")
                    yield from tip(f"{name} cell tooltip", item.toolTip())
    elif isinstance(widget, QMenu):
        yield from menu_texts(widget, name)


def window_texts(window: QWidget, where: str) -> Iterator[Shown]:
    """Every text shown by `window`, its child widgets and their actions."""
    for widget in (window, *window.findChildren(QWidget)):
        yield from widget_texts(widget, where)
        for action in widget.actions():
            yield from action_texts(action, f"{where}/{type(widget).__name__}")
