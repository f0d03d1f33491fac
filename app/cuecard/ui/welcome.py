"""The first-start welcome: one window, no wizard.

What Cuecard does, that nothing leaves the device unless IT turned sync on, the hotkey,
where the tray icon is, what to do when the desktop needs a permission first, and a
"Start Cuecard when I log in" checkbox. Closing it (the button, Esc or the window's
close box) keeps the checkbox's choice.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QIcon, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from cuecard.first_run import WelcomeFacts
from cuecard.ui.plain import picture_label, plain_label, rich_label
from cuecard.ui.settings_window import MANAGED
from cuecard.ui.style import EscapeClosable, named

WHAT_IT_DOES = (
    "Cuecard notices which app you are working in and offers a short card for it at the "
    "moment it can help: a how-to of a few steps or a quick reference. It stays quiet "
    "the rest of the time, and you can always search for a card yourself."
)


def privacy_text(facts: WelcomeFacts) -> str:
    if facts.sync_host:
        return (
            "Your organisation has turned on sync: which cards you open, finish and rate "
            f"is sent to {facts.sync_host}. Window titles and app names never leave this "
            "computer."
        )
    return (
        "Nothing leaves this computer: what you read and learn is kept here, for you. "
        "Only your organisation can turn on sending learning records, and Cuecard would "
        "tell you."
    )


def hotkey_text(facts: WelcomeFacts) -> str:
    if facts.hotkey:
        return f"Press <b>{html.escape(facts.hotkey)}</b> for cards for the app you are in."
    return html.escape(facts.hotkey_problem)


class WelcomeWindow(EscapeClosable):
    """Shown once, at the first start; `finished(autostart)` when it is closed."""

    finished = Signal(bool)

    def __init__(self, facts: WelcomeFacts, icon: QIcon, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("WelcomeWindow")
        self.setWindowTitle("Welcome to Cuecard")
        self.setWindowIcon(icon)
        self._done = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.setSpacing(12)
        header = QHBoxLayout()
        header.addWidget(picture_label(icon.pixmap(48, 48)), 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(named(rich_label("<h2>Welcome to Cuecard</h2>"), "heading"), 1)
        layout.addLayout(header)
        for name, text in (
            ("what", html.escape(WHAT_IT_DOES)),
            ("privacy", html.escape(privacy_text(facts))),
            ("hotkey", hotkey_text(facts)),
            ("tray", html.escape(facts.tray_place)),
        ):
            label = named(rich_label(text, word_wrap=True), name)
            label.setMinimumWidth(460)
            layout.addWidget(label)
        if facts.permission:
            permission = named(plain_label(facts.permission, word_wrap=True), "permission")
            permission.setStyleSheet(
                "QLabel { border: 1px solid palette(mid); border-radius: 6px; padding: 8px; }"
            )
            layout.addWidget(permission)
        row = QHBoxLayout()
        self.autostart = named(QCheckBox("Start Cuecard when I log in"), "autostart")
        self.autostart.setChecked(facts.autostart_default)
        self.autostart.setEnabled(not facts.autostart_locked)
        row.addWidget(self.autostart)
        if facts.autostart_locked:
            note = plain_label(MANAGED)
            note.setEnabled(False)
            row.addWidget(note)
        row.addStretch(1)
        self.start_button = named(QPushButton("Start using Cuecard"), "start")
        self.start_button.setDefault(True)
        self.start_button.setAutoDefault(True)
        self.start_button.clicked.connect(self.close)
        row.addWidget(self.start_button)
        layout.addLayout(row)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.start_button.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.close()  # a window, not a dialog: Enter means "Start using Cuecard" here
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if not self._done:
            self._done = True
            self.finished.emit(self.autostart.isChecked())
        super().closeEvent(event)
