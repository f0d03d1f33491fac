"""Start the tray app or a single-card preview; wires the core to the windows."""

from __future__ import annotations

import os
import signal
import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from cuecard import __version__
from cuecard.content.library import LibrarySnapshot
from cuecard.content.lint import lint_snapshot
from cuecard.context import AppContext
from cuecard.models import Card, Problem, WindowInfo
from cuecard.ui.bridge import LibraryService, WatcherBridge
from cuecard.ui.card_window import CardWindow
from cuecard.ui.lists import CardBrowser, ProblemsWindow
from cuecard.ui.style import app_icon, tray_icon
from cuecard.ui.tray import NoTrayWindow, Tray, TrayActions
from cuecard.watch.base import BackendChoice
from cuecard.watch.select import choose_watcher
from cuecard.watch.trigger import suggest_trigger


def make_application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # argv[0] becomes the X11 WM_CLASS instance name: "cuecard" however we were started.
    app = QApplication(["cuecard", *sys.argv[1:1]])
    app.setApplicationName("Cuecard")
    app.setDesktopFileName("cuecard")
    app.setApplicationVersion(__version__)
    app.setQuitOnLastWindowClosed(False)
    # Let Ctrl+C in a terminal quit the app: Python handles signals only between Qt events.
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    timer = QTimer(app)
    timer.start(500)
    timer.timeout.connect(lambda: None)
    return app


class TrayController(QObject):
    """The running app: tray (or no-tray window), library service and open windows."""

    def __init__(
        self,
        context: AppContext,
        service: LibraryService,
        tray_available: bool | None = None,
        watcher: BackendChoice | None = None,
    ) -> None:
        super().__init__()
        self.context = context
        self.service = service
        self.state = QSettings(str(context.paths.window_state), QSettings.Format.IniFormat)
        self.actions = TrayActions(self)
        self.icon = app_icon(context.paths)
        available = (
            QSystemTrayIcon.isSystemTrayAvailable() if tray_available is None else tray_available
        )
        self.tray: Tray | None = (
            Tray(tray_icon(context.paths), self.actions, self) if (available) else None
        )
        self.no_tray: NoTrayWindow | None = (
            None if available else NoTrayWindow(self.icon, self.actions)
        )
        self.card_windows: dict[str, CardWindow] = {}
        self.browser: CardBrowser | None = None
        self.problems_window: ProblemsWindow | None = None
        self.actions.search.triggered.connect(self.show_search)
        self.actions.problems.triggered.connect(self.show_problems)
        self.actions.open_folder.triggered.connect(self.open_content_folder)
        self.actions.quit.triggered.connect(self.quit)
        self.actions.copy_trigger.triggered.connect(self.copy_trigger)
        choice = watcher or choose_watcher(privacy=context.settings.privacy_rules)
        self.watcher = WatcherBridge(choice, self)
        self.watcher.window_changed.connect(self.on_window)
        self.current_window: WindowInfo | None = None
        if not self.watcher.active:
            self.actions.watch_status.setText("Pull-only: Cuecard can't see the active window")
            self.actions.watch_status.setToolTip(choice.reason)
            self.actions.watch_status.setVisible(True)
        self.actions.set_problem_count(None)
        service.snapshot_changed.connect(self.on_snapshot)

    def start(self) -> None:
        if self.tray is not None:
            self.tray.show()
        if self.no_tray is not None:
            self.no_tray.set_tooltip("Loading cards…")
            self.no_tray.show()
        self.service.start()
        self.watcher.start()

    def on_window(self, info: WindowInfo | None) -> None:
        self.current_window = info
        usable = info is not None and not info.private
        self.actions.copy_trigger.setEnabled(usable)

    def copy_trigger(self) -> str:
        """Put a `when:` entry for the current window on the clipboard; returns it."""
        info = self.current_window
        if info is None or info.private:
            return ""
        text = suggest_trigger(info)
        QGuiApplication.clipboard().setText(text)
        return text

    def _status(self, text: str) -> None:
        if self.tray is not None:
            self.tray.set_tooltip(text)
        if self.no_tray is not None:
            self.no_tray.set_tooltip(text)

    def current_problems(self) -> tuple[Problem, ...]:
        """What `cuecard lint` would print today, stale cards included."""
        return lint_snapshot(self.service.snapshot, date.today()).problems

    def on_snapshot(self, snapshot: LibrarySnapshot) -> None:
        problems_now = self.current_problems()
        count = len(problems_now)
        self.actions.set_problem_count(count)
        problems = f", {count} content problems" if count else ""
        mode = "" if self.watcher.active else " · pull-only"
        self._status(f"Cuecard — {len(snapshot.cards)} cards{problems}{mode}")
        if self.browser is not None:
            self.browser.set_snapshot(snapshot)
        if self.problems_window is not None:
            self.problems_window.set_problems(problems_now)
        for card_id, window in list(self.card_windows.items()):
            card = snapshot.cards.get(card_id)
            if card is not None and card != window.card:
                window.set_card(card)

    def show_search(self) -> None:
        if self.browser is None:
            self.browser = CardBrowser()
            self.browser.setWindowIcon(self.icon)
            self.browser.card_chosen.connect(self.open_card)
        self.browser.set_snapshot(self.service.snapshot)
        _raise(self.browser)
        self.browser.query.setFocus()

    def show_problems(self) -> None:
        if self.problems_window is None:
            self.problems_window = ProblemsWindow()
            self.problems_window.setWindowIcon(self.icon)
        self.problems_window.set_problems(self.current_problems())
        _raise(self.problems_window)

    def open_card(self, card: Card) -> CardWindow:
        window = self.card_windows.get(card.id)
        if window is None:
            window = CardWindow(card, self.state)
            window.setWindowIcon(self.icon)
            window.closed.connect(lambda card_id=card.id: self.card_windows.pop(card_id, None))
            self.card_windows[card.id] = window
        _raise(window)
        return window

    def open_content_folder(self) -> None:
        folder = self.context.paths.user_content
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def quit(self) -> None:
        if self.tray is not None:
            self.tray.hide()
        self.watcher.stop()
        self.service.stop()
        app = QApplication.instance()
        if app is not None:
            app.quit()


def _raise(window: QObject) -> None:
    window.show()  # type: ignore[attr-defined]
    window.raise_()  # type: ignore[attr-defined]
    window.activateWindow()  # type: ignore[attr-defined]


def has_display() -> bool:
    """False on a Linux/BSD machine with no graphical session (Qt would abort)."""
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_tray_app(context: AppContext) -> int:
    if not has_display():
        print(
            "cuecard: no graphical session (DISPLAY and WAYLAND_DISPLAY are unset); "
            "start Cuecard from your desktop session.",
            file=sys.stderr,
        )
        return 1
    app = make_application()
    app.setWindowIcon(app_icon(context.paths))
    service = LibraryService(context.open_library())
    controller = TrayController(context, service)
    controller.start()
    return app.exec()


def run_preview(context: AppContext, file: Path) -> int:
    from cuecard.ui.preview import PreviewController

    if not has_display():
        print(
            "cuecard: no graphical session (DISPLAY and WAYLAND_DISPLAY are unset); "
            "run preview from your desktop session.",
            file=sys.stderr,
        )
        return 1
    app = make_application()
    app.setQuitOnLastWindowClosed(True)
    app.setWindowIcon(app_icon(context.paths))
    controller = PreviewController(context, file.resolve())
    if not controller.start():
        return 1
    return app.exec()
