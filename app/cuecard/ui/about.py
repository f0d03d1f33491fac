"""Help and about: the version, the keys, where the user guide is, what Cuecard stores.

Reached from the tray (*Help and about Cuecard…*) and the no-tray window's *More*.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QIcon
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from cuecard.ui.plain import picture_label, plain_label, rich_label
from cuecard.ui.style import EscapeClosable, colors, named

ABOUT = (
    "Short guides at the moment you need them. Cuecard notices which app is in front, "
    "offers a card that fits, and stays quiet the rest of the time."
)


@dataclass(frozen=True)
class AboutFacts:
    """What the window shows: filled in by the controller."""

    version: str
    hotkey: str  # "Ctrl+Alt+Space", or "" when no global hotkey works here
    data_dir: str
    guide: QUrl  # the user guide (bundled, or the organisation's own page)
    sync_host: str = ""  # where learning records go, when IT turned sync on


def stores_text(facts: AboutFacts) -> str:
    where = (
        f"Learning records also go to {facts.sync_host}, as your organisation set up."
        if facts.sync_host
        else "Nothing is sent anywhere."
    )
    return (
        "Cuecard keeps, on this computer only, which cards you were offered, opened, "
        "finished and rated, your learning log, and searches that found nothing. It never "
        f"keeps window titles, app names or what you type in other apps. {where}"
    )


class AboutWindow(EscapeClosable):
    """Version, keys, user guide and what is stored; `stored_requested` opens the
    *What Cuecard stores* window."""

    stored_requested = Signal()

    def __init__(self, facts: AboutFacts, icon: QIcon, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AboutWindow")
        self.setWindowTitle("Help and about — Cuecard")
        self.setWindowIcon(icon)
        self.facts = facts
        c = colors()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.setSpacing(12)
        header = QHBoxLayout()
        header.addWidget(picture_label(icon.pixmap(48, 48)), 0, Qt.AlignmentFlag.AlignTop)
        title = QVBoxLayout()
        name = named(plain_label("Cuecard"), "name")
        name.setStyleSheet("font-size: 20px; font-weight: 600;")
        self.version = named(plain_label(f"Version {facts.version}"), "version")
        self.version.setStyleSheet(f"color: {c.muted};")
        self.version.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        title.addWidget(name)
        title.addWidget(self.version)
        header.addLayout(title, 1)
        layout.addLayout(header)
        about = named(plain_label(ABOUT, word_wrap=True), "about")
        about.setMinimumWidth(420)
        layout.addWidget(about)
        layout.addWidget(self._keys(facts))
        self.stores = named(plain_label(stores_text(facts), word_wrap=True), "stores")
        layout.addWidget(self.stores)
        where = named(plain_label(f"Data folder: {facts.data_dir}", word_wrap=True), "where")
        where.setStyleSheet(f"color: {c.muted}; font-size: 12px;")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(where)
        row = QHBoxLayout()
        self.guide_button = named(QPushButton("Open the user guide"), "guide")
        self.guide_button.clicked.connect(self.open_guide)
        self.stored_button = named(QPushButton("What Cuecard stores…"), "stored")
        self.stored_button.clicked.connect(self.stored_requested.emit)
        close = named(QPushButton("Close"), "close")
        close.setDefault(True)
        close.clicked.connect(self.close)
        row.addWidget(self.guide_button)
        row.addWidget(self.stored_button)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)

    @staticmethod
    def _keys(facts: AboutFacts) -> QWidget:
        box = named(QWidget(), "keys")
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        rows = [
            (facts.hotkey or "Tray icon", "cards for the app in front, or search"),
            ("↑ ↓  Enter", "choose and open a card in the search"),
            ("Esc", "close any Cuecard window"),
        ]
        for row, (keys, what) in enumerate(rows):
            grid.addWidget(rich_label(f"<b>{html.escape(keys)}</b>"), row, 0)
            grid.addWidget(plain_label(what), row, 1)
        grid.setColumnStretch(1, 1)
        return box

    def open_guide(self) -> bool:
        return QDesktopServices.openUrl(self.facts.guide)
