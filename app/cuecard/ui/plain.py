"""Text from outside is plain text in every widget: the one way to put it on screen.

Qt guesses "rich text" from content (Qt.AutoText): a window title such as
`Report.ods - <img src=/dev/zero>` would make a label load an image. Window titles, card
front matter, search queries and the user's log therefore go through these helpers:

- `plain_label` makes a QLabel that never interprets markup (Qt.PlainText);
- `rich_label` is for HTML the app builds itself, with every outside part escaped;
- `picture_label` shows an icon;
- `tooltip` returns text Qt shows as-is (tooltips have no format switch);
- `menu_text` keeps '&' from becoming a shortcut and tabs from splitting a menu entry,
  and `add_plain_action` adds such an entry with a matching tooltip;
- `window_title` keeps '[*]' from being taken as the "modified" placeholder;
- `message_box` asks or warns with a QMessageBox whose text is plain;
- `tray_message` is text for QSystemTrayIcon.showMessage: Qt's own balloon shows it
  plainly, but on a StatusNotifierItem tray Qt hands it to the desktop's notification
  server, which may read markup in it (GNOME, KDE): escaped there.

Only the sanitised card body (content/render.py) is HTML from outside.
"""

from __future__ import annotations

import html
import re
import sys
from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QPixmap
from PySide6.QtGui import Qt as GuiQt  # the Qt namespace's QtGui functions
from PySide6.QtWidgets import QLabel, QMenu, QMessageBox, QWidget

_BREAKS = re.compile(r"[\t\n\v\f\r\u2028\u2029]")


def plain_label(text: str = "", word_wrap: bool = False, parent: QWidget | None = None) -> QLabel:
    """A label whose text is always shown literally, whatever it contains."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(word_wrap)
    label.setText(text)
    return label


def rich_label(html: str = "", word_wrap: bool = False, parent: QWidget | None = None) -> QLabel:
    """A label for markup the app wrote itself; outside text in it must be escaped."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(word_wrap)
    label.setText(html)
    return label


def picture_label(pixmap: QPixmap, parent: QWidget | None = None) -> QLabel:
    """A label that shows only a picture."""
    label = plain_label(parent=parent)
    label.setPixmap(pixmap)
    return label


def tooltip(text: str) -> str:
    """`text` as a tooltip that shows exactly these characters: unchanged when Qt would
    take it as plain, else escaped into a paragraph of rich text."""
    if not GuiQt.mightBeRichText(text):
        return text
    return f"<p style='white-space: pre-wrap'>{html.escape(text)}</p>"


def menu_text(text: str) -> str:
    """`text` for a QAction, QMenu or button: '&' shown as '&', on one line (a tab
    would move the rest into the shortcut column)."""
    return _BREAKS.sub(" ", text).replace("&", "&&")


def add_plain_action(menu: QMenu, text: str) -> QAction:
    """A menu entry showing `text` as typed (its tooltip, which defaults to the entry's
    text, shows it as typed too)."""
    action = menu.addAction(menu_text(text))
    action.setToolTip(tooltip(text))
    return action


def window_title(text: str) -> str:
    """`text` for setWindowTitle: one line, '[*]' shown as typed."""
    return _BREAKS.sub(" ", text).replace("[*]", "[*][*]")


def elide(text: str, limit: int) -> str:
    """At most `limit` characters, with an ellipsis when cut (for small windows)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def message_box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
) -> QMessageBox.StandardButton:
    """A modal message (what QMessageBox.warning/question do) showing `text` literally;
    the button pressed."""
    box = QMessageBox(icon, window_title(title), text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return QMessageBox.StandardButton(box.exec())


def tray_message(text: str, markup: bool | None = None) -> str:
    """`text` for QSystemTrayIcon.showMessage, shown as typed: escaped when the message
    goes to a notification server that reads markup (`markup` None: find out)."""
    if markup is None:
        markup = notifications_read_markup()
    return html.escape(text, quote=False) if markup else text


@cache
def notifications_read_markup() -> bool:
    """True when Qt sends tray messages to the freedesktop notification server: on
    Linux and the BSDs when a StatusNotifierItem host runs (as Qt decides). Its body may
    hold markup (the spec's body-markup). Elsewhere Qt shows its own plain balloon."""
    if sys.platform in ("win32", "darwin"):
        return False
    from PySide6.QtDBus import QDBusConnection

    bus = QDBusConnection.sessionBus()
    interface = bus.interface() if bus.isConnected() else None
    if interface is None:
        return False
    return bool(interface.isServiceRegistered("org.kde.StatusNotifierWatcher").value())
