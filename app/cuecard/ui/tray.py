"""The tray icon and its menu, or a small window where the desktop has no tray.

Both show the same `TrayActions` through the same `build_menu`: the no-tray window has
buttons for the main actions and a "More" button that opens the tray's own menu, so
every tray action is reachable without a tray and the two cannot drift apart.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QIcon, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMenu,
    QSizePolicy,
    QSystemTrayIcon,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cuecard.platform.tray_advice import tray_advice
from cuecard.ui.plain import (
    add_plain_action,
    menu_text,
    picture_label,
    plain_label,
    rich_label,
    tooltip,
)
from cuecard.ui.style import badged_icon, named


def no_tray_text(advice: str) -> str:
    """The no-tray window's message, with the advice for this desktop (tray_advice)."""
    return (
        "<b>Cuecard is running, but this desktop has no system tray.</b><br><br>"
        f"{html.escape(advice)} Until then, use the buttons below: <i>More</i> has "
        "everything the tray menu has."
    )


NO_REVIEWS = "No reviews due"
MENU_ARROW = "▾"  # after the text of a button that opens a menu


class TrayActions(QObject):
    """The actions shared by the tray menu and the no-tray window.

    A disabled entry says why in its tooltip; a submenu with nothing in it stays open-able
    and shows a grey line saying why (tooltips do not reach every desktop's tray menu).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.search = QAction("Search cards…", self)
        self.search.setShortcutVisibleInContextMenu(True)
        # Shown next to the entry; the global hotkey itself is registered elsewhere.
        self.search.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.cards_menu = QMenu("Cards for this window")
        self.for_window = self.cards_menu.menuAction()
        self.recent_menu = QMenu("Recent tips")  # filled by ui/recent.py
        self.snooze_menu = QMenu(PAUSE_TITLE)
        self.snooze_hour = self.snooze_menu.addAction("For 1 hour")
        self.snooze_tomorrow = self.snooze_menu.addAction("Until tomorrow morning")
        self.snooze_until = self.snooze_menu.addAction("Until a time…")
        self.snooze_forever = self.snooze_menu.addAction("Until I resume")
        self.snooze_menu.addSeparator()
        self.resume = self.snooze_menu.addAction("Resume nudges")
        self.snooze_menu.setToolTipsVisible(True)
        self.set_paused(None)
        self.log_learned = QAction("Log what I learned…", self)
        self.share_tip = QAction("Share a tip…", self)
        self.reviews_due = QAction(NO_REVIEWS, self)
        self.reviews_due.setEnabled(False)
        self.today_menu = QMenu("Today on your path")  # filled by the Coach
        self.sprints_menu = QMenu("Learning sprints")
        self.today_window = QAction("Today on your path…", self)
        self.learning_menu = QMenu("My learning")
        self.my_learning = self.learning_menu.addAction("My progress")
        self.learning_log = self.learning_menu.addAction("Learning log")
        self.stored_data = self.learning_menu.addAction("What Cuecard stores")
        self.copy_trigger = QAction("Copy trigger for this window", self)
        self.set_window_reason("Cuecard has not seen a window yet.")
        self.watch_status = QAction("", self)
        self.watch_status.setEnabled(False)
        self.watch_status.setVisible(False)
        self.org_pause = QAction("", self)  # "Nudges paused by your organisation until …"
        self.org_pause.setEnabled(False)
        self.org_pause.setVisible(False)
        self.settings = QAction("Settings…", self)
        self.sync_status = QAction("", self)  # a line of text: the sync state
        self.sync_status.setEnabled(False)
        self.sync_status.setVisible(False)
        self.sync_now = QAction("Sync now", self)
        self.sync_now.setVisible(False)
        self.about = QAction("Help and about Cuecard…", self)
        self.problems = QAction("Content problems (0)", self)
        self.open_folder = QAction("Open content folder", self)
        self.quit = QAction("Quit Cuecard", self)
        self.set_hotkey("")
        self.show_cards([], "Cuecard has not seen a window yet.")

    def set_hotkey(self, keys: str) -> None:
        """Show the global hotkey next to *Search cards…* ("" when none works here)."""
        sequence = QKeySequence.fromString(keys.replace("Cmd", "Meta").replace("Super", "Meta"))
        self.search.setShortcut(sequence if keys and not sequence.isEmpty() else QKeySequence())
        self.search.setToolTip(
            tooltip(
                f"Search every card (or press {keys} in any app)" if keys else "Search every card"
            )
        )

    def show_cards(self, cards: Sequence[tuple[str, Callable[[], object]]], reason: str) -> None:
        """Fill *Cards for this window* with (title, open it) pairs; with none, a grey
        line says why."""
        self.cards_menu.clear()
        for text, run in cards:
            action = add_plain_action(self.cards_menu, text)
            action.triggered.connect(lambda _=False, run=run: run())
        if not cards:
            hint = self.cards_menu.addAction(reason)
            hint.setEnabled(False)
        self.for_window.setToolTip(tooltip(reason if not cards else ""))

    def set_window_reason(self, reason: str) -> None:
        """Why the active window cannot give a trigger; empty when it can."""
        self.copy_trigger.setEnabled(not reason)
        self.copy_trigger.setToolTip(
            tooltip(reason) if reason else "A `when:` entry for the active window, for authors"
        )

    def set_paused(self, until_text: str | None) -> None:
        """`until_text` ("until 15:30", "until you resume") while nudges are paused."""
        paused = until_text is not None
        self.snooze_menu.setTitle(f"Nudges paused {until_text}" if paused else PAUSE_TITLE)
        self.resume.setEnabled(paused)
        self.resume.setToolTip(tooltip("" if paused else "Nudges are not paused."))

    def set_reviews_due(self, count: int) -> None:
        # A greyed entry says why in its own words (a menu's tooltips are easy to miss).
        self.reviews_due.setText(f"Reviews due ({count})" if count else NO_REVIEWS)
        self.reviews_due.setEnabled(count > 0)
        self.reviews_due.setToolTip(
            tooltip("" if count else "No review is due now: finished cards come back later.")
        )

    def set_sync_status(self, summary: str | None, problem: str | None) -> None:
        """Show sync's one-line state (None: sync is not set up, hide its entries)."""
        self.sync_status.setVisible(summary is not None)
        self.sync_now.setVisible(summary is not None)
        self.sync_status.setText(menu_text(summary or ""))
        self.sync_status.setToolTip(tooltip(problem or summary or ""))

    def set_problem_count(self, count: int | None) -> None:
        self.problems.setText(
            "Content problems (…)" if count is None else f"Content problems ({count})"
        )
        self.problems.setToolTip(
            tooltip(
                "Still loading the cards"
                if count is None
                else "Every card loaded cleanly"
                if not count
                else "Cards that could not be read, or need a look"
            )
        )


PAUSE_TITLE = "Pause nudges"


def build_menu(actions: TrayActions, parent: QWidget | None = None) -> QMenu:
    """The tray menu; the no-tray window's "More" button opens the same one."""
    menu = QMenu(parent)
    menu.setToolTipsVisible(True)  # the pull-only item's tooltip says why
    menu.addAction(actions.search)
    menu.addAction(actions.for_window)
    menu.addAction(actions.recent_menu.menuAction())
    menu.addAction(actions.watch_status)
    menu.addAction(actions.org_pause)
    menu.addAction(actions.snooze_menu.menuAction())
    menu.addSeparator()
    menu.addAction(actions.today_menu.menuAction())
    menu.addAction(actions.reviews_due)
    menu.addAction(actions.sprints_menu.menuAction())
    menu.addAction(actions.log_learned)
    menu.addAction(actions.share_tip)
    menu.addAction(actions.learning_menu.menuAction())
    menu.addSeparator()  # collapsed with the next one while sync is not set up
    menu.addAction(actions.sync_status)
    menu.addAction(actions.sync_now)
    menu.addSeparator()
    menu.addAction(actions.problems)
    menu.addAction(actions.open_folder)
    menu.addAction(actions.copy_trigger)
    menu.addSeparator()
    menu.addAction(actions.settings)
    menu.addAction(actions.about)
    menu.addAction(actions.quit)
    return menu


class Tray(QObject):
    """A system tray icon with the Cuecard menu; clicking the icon opens search."""

    def __init__(self, icon: QIcon, actions: TrayActions, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.menu = build_menu(actions)
        self.base_icon = icon
        self.badge: tuple[int, int] = (0, 0)  # (errors, warnings) drawn on the icon
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

    def set_badge(self, errors: int, warnings: int) -> None:
        """A red dot with the count while a card is broken, an amber dot while there are
        only warnings; the plain icon when the content is clean."""
        if (errors, warnings) == self.badge:
            return
        self.badge = (errors, warnings)
        if errors:
            self.icon.setIcon(badged_icon(self.base_icon, "#d93025", str(min(errors, 9))))
        elif warnings:
            self.icon.setIcon(badged_icon(self.base_icon, "#f2a600", ""))
        else:
            self.icon.setIcon(self.base_icon)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self._actions.search.trigger()


class NoTrayWindow(QWidget):
    """Says plainly that no tray exists and offers every tray action: buttons for the
    main ones, and "More" with the tray's own menu."""

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
        row = QHBoxLayout()
        self.buttons: list[QToolButton] = [
            _ActionButton(actions.search, "search", self),
            _ActionButton(actions.log_learned, "log", self),
            _MenuButton(actions.cards_menu, "for-window", self),
            _MenuButton(actions.snooze_menu, "snooze", self),
        ]
        self.menu = build_menu(actions, self)
        self.menu.setTitle("More")
        more = _MenuButton(self.menu, "more", self)
        for button in self.buttons:
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(more)
        self.buttons.append(more)
        layout.addLayout(row)

    def set_tooltip(self, text: str) -> None:
        self.status.setText(text)
        self.fit_content()

    def fit_content(self) -> None:
        """Grow to the wrapped text's height at this width (Qt does not do it for a
        window by itself): the status line can grow to several lines."""
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            need = layout.totalHeightForWidth(self.width())
            if need > self.height():
                self.resize(self.width(), need)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.fit_content()


class _ActionButton(QToolButton):
    """A button that shows and triggers one action (text and enabled state follow it)."""

    def __init__(self, action: QAction, name: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setDefaultAction(action)


class _MenuButton(QToolButton):
    """A button that pops up a menu; it shows the menu's title and follows its enabled
    state. (setDefaultAction with a menu's action made Qt delete the shared menu along
    with this button.)"""

    def __init__(self, menu: QMenu, name: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setMenu(menu)
        # The style draws its arrow over the text's end (Fusion at 150 %): the arrow is
        # part of the text instead.
        self.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0; }")
        self._action = menu.menuAction()
        self._action.changed.connect(self.follow)  # disconnected when this button goes
        self.follow()

    @Slot()
    def follow(self) -> None:
        self.setText(f"{self._action.text()} {MENU_ARROW}")
        self.setEnabled(self._action.isEnabled())
