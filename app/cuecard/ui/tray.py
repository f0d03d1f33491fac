"""The tray icon and its menu, or a small window where the desktop has no tray."""

from __future__ import annotations

import html

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMenu,
    QPushButton,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from cuecard.platform.tray_advice import tray_advice
from cuecard.ui.plain import picture_label, plain_label, rich_label, tooltip
from cuecard.ui.style import named


def no_tray_text(advice: str) -> str:
    """The no-tray window's message, with the advice for this desktop (tray_advice)."""
    return (
        "<b>Cuecard is running, but this desktop has no system tray.</b><br><br>"
        f"{html.escape(advice)} Until then, use the buttons below."
    )


class TrayActions(QObject):
    """The actions shared by the tray menu and the no-tray window."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.search = QAction("Search cards…", self)
        self.cards_menu = QMenu("Cards for this window")
        self.for_window = self.cards_menu.menuAction()
        self.for_window.setEnabled(False)
        self.snooze_menu = QMenu("Snooze nudges")
        self.snooze_hour = self.snooze_menu.addAction("For 1 hour")
        self.snooze_tomorrow = self.snooze_menu.addAction("Until tomorrow")
        self.snooze_until = self.snooze_menu.addAction("Until…")
        self.snooze_menu.addSeparator()
        self.resume = self.snooze_menu.addAction("Resume nudges")
        self.resume.setEnabled(False)
        self.log_learned = QAction("Log what I learned…", self)
        self.learning_menu = QMenu("My learning")
        self.my_learning = self.learning_menu.addAction("My progress")
        self.learning_log = self.learning_menu.addAction("Learning log")
        self.stored_data = self.learning_menu.addAction("What Cuecard stores")
        self.copy_trigger = QAction("Copy trigger for this window", self)
        self.copy_trigger.setEnabled(False)
        self.watch_status = QAction("", self)
        self.watch_status.setEnabled(False)
        self.watch_status.setVisible(False)
        self.problems = QAction("Content problems (0)", self)
        self.open_folder = QAction("Open content folder", self)
        self.quit = QAction("Quit", self)

    def set_problem_count(self, count: int | None) -> None:
        self.problems.setText(
            "Content problems (…)" if count is None else f"Content problems ({count})"
        )


def build_menu(actions: TrayActions) -> QMenu:
    menu = QMenu()
    menu.addAction(actions.search)
    menu.addAction(actions.for_window)
    menu.addAction(actions.watch_status)
    menu.addAction(actions.snooze_menu.menuAction())
    menu.addSeparator()
    menu.addAction(actions.log_learned)
    menu.addAction(actions.learning_menu.menuAction())
    menu.addSeparator()
    menu.addAction(actions.problems)
    menu.addAction(actions.open_folder)
    menu.addAction(actions.copy_trigger)
    menu.addSeparator()
    menu.addAction(actions.quit)
    return menu


class Tray(QObject):
    """A system tray icon with the Cuecard menu; clicking the icon opens search."""

    def __init__(self, icon: QIcon, actions: TrayActions, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.menu = build_menu(actions)
        self.icon = QSystemTrayIcon(icon, self)
        self.icon.setContextMenu(self.menu)
        self.icon.setToolTip(tooltip("Cuecard — loading cards…"))
        self.icon.activated.connect(self._activated)
        self._actions = actions

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def set_tooltip(self, text: str) -> None:
        self.icon.setToolTip(tooltip(text))

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self._actions.search.trigger()


class NoTrayWindow(QWidget):
    """Says plainly that no tray exists and offers the tray's actions as buttons."""

    def __init__(self, icon: QIcon, actions: TrayActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NoTrayWindow")
        self.setWindowTitle("Cuecard")
        self.setWindowIcon(icon)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(12)
        header = QHBoxLayout()
        logo = picture_label(icon.pixmap(40, 40))
        header.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        message = named(rich_label(no_tray_text(tray_advice()), word_wrap=True), "message")
        message.setMinimumWidth(360)
        header.addWidget(message, 1)
        layout.addLayout(header)
        self.status = named(plain_label(), "status")
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        for action in (actions.search, actions.problems, actions.open_folder, actions.quit):
            button = QPushButton(action.text())
            button.clicked.connect(action.trigger)
            action.changed.connect(lambda a=action, b=button: b.setText(a.text()))
            buttons.addWidget(button)
        layout.addLayout(buttons)

    def set_tooltip(self, text: str) -> None:
        self.status.setText(text)
