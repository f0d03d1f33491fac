"""The running app: tray (or no-tray window), library, watcher, nudge loop, windows."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QUrl, Signal
from PySide6.QtGui import QCursor, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from cuecard.content.library import LibrarySnapshot
from cuecard.content.lint import lint_snapshot
from cuecard.context import AppContext
from cuecard.doctor import privacy_problems, settings_problems
from cuecard.logs import WindowTextFilter
from cuecard.models import Card, Problem, WindowInfo
from cuecard.platform.autostart import Autostart
from cuecard.platform.hotkey import HotkeyResult
from cuecard.private_files import ensure_private_dir, private_file_if_possible
from cuecard.settings import parse_clock
from cuecard.store.events import EventKind
from cuecard.store.searches import record_missed_search
from cuecard.store.writer import StoreWriter
from cuecard.ui.bridge import GuiRelay, LibraryService
from cuecard.ui.coach import Coach
from cuecard.ui.elements import ElementBridge, ElementChooser
from cuecard.ui.learning_controller import LearningWindows
from cuecard.ui.live_settings import LiveSettingsMixin
from cuecard.ui.loop import NudgeLoop
from cuecard.ui.nudge import NudgeToast
from cuecard.ui.plain import tray_message
from cuecard.ui.recent import RecentCards
from cuecard.ui.screens import ScreenFitter
from cuecard.ui.search_picks import SearchPicks
from cuecard.ui.settings_controller import SettingsController
from cuecard.ui.side_windows import SideWindowsMixin
from cuecard.ui.snooze import SnoozeMixin
from cuecard.ui.style import PlainButtonsStyle, app_icon, tray_icon
from cuecard.ui.sync_bridge import SyncBridge
from cuecard.ui.tray import NoTrayWindow, Tray, TrayActions
from cuecard.ui.tray_host import TrayHostMixin
from cuecard.ui.tray_status import TrayStatusMixin
from cuecard.ui.watching import WatcherBridge
from cuecard.ui.windows import raise_window
from cuecard.watch import app_names
from cuecard.watch.base import BackendChoice
from cuecard.watch.select import choose_watcher
from cuecard.watch.status import retry_delay
from cuecard.watch.trigger import suggest_trigger

if TYPE_CHECKING:  # imported when first shown (tests/ui/test_start_imports.py)
    from cuecard.ui.about import AboutWindow
    from cuecard.ui.card_window import CardWindow
    from cuecard.ui.lists import ProblemsWindow
    from cuecard.ui.palette import SearchPalette


class TrayController(
    SideWindowsMixin, TrayStatusMixin, SnoozeMixin, LiveSettingsMixin, TrayHostMixin, GuiRelay
):
    """Wires the core to the windows; every slot runs on the GUI thread."""

    hotkey_pressed = Signal()
    notice = Signal(str)

    def __init__(
        self,
        context: AppContext,
        service: LibraryService,
        tray_available: bool | None = None,
        watcher: BackendChoice | None = None,
        use_hotkey: bool = True,
        choose: Callable[[], BackendChoice] | None = None,
        backoff: Callable[[int], float] = retry_delay,
        log_filter: WindowTextFilter | None = None,
        autostart: Autostart | None = None,
        choose_focus: ElementChooser | None = None,
    ) -> None:
        super().__init__()
        ScreenFitter.install()  # every window inside its screen's free area, at any scale
        PlainButtonsStyle.install()  # dialog buttons in words, without icons
        self.context = context
        self.service = service
        settings = context.settings
        # QSettings keeps the mode of an existing file: created 0600 first.
        state_file = private_file_if_possible(context.paths.window_state)
        self.state = QSettings(str(state_file), QSettings.Format.IniFormat)
        self.actions = TrayActions(self)
        self.icon = app_icon(context.paths)
        available = (
            QSystemTrayIcon.isSystemTrayAvailable() if tray_available is None else tray_available
        )
        self.tray = Tray(tray_icon(context.paths), self.actions, self) if available else None
        self.no_tray = None if available else NoTrayWindow(self.icon, self.actions)
        if self.no_tray is not None:
            self.no_tray.destroyed.connect(self._forget_no_tray)
        self.follow_tray_host(tray_available is None)  # a panel that starts late, restarts
        self.card_windows: dict[str, CardWindow] = {}
        self.palette: SearchPalette | None = None
        self.problems_window: ProblemsWindow | None = None
        self.about_window: AboutWindow | None = None
        self.sync = SyncBridge(context, service, self)  # queues statements with records
        self.writer = StoreWriter(
            context.paths.database,
            on_problem=lambda message: self.post("notice", message),
            also=self.sync.events_hook,
        )
        self.sync.attach(self.writer)
        self.toast = NudgeToast(self.icon)
        self.loop = NudgeLoop(
            self.writer,
            self.toast,
            context.policy,
            frozenset(r.lower() for r in settings.get("learner.roles")),
            settings.get("nudges.enabled"),
            clock=context.clock.now,
            parent=self,
            learning=context.learning,
        )
        privacy = context.privacy_rules
        self.settings_problems = (
            *privacy_problems(settings, privacy),
            *settings_problems(settings),
        )
        # The same choice again when the watcher fails while the app runs, with the
        # exclusion lists in force then (the settings may have changed meanwhile).
        choose = choose or (lambda: choose_watcher(privacy=self.context.privacy_rules))
        self.watcher = WatcherBridge(
            watcher or choose(),
            choose,
            clock=context.clock.now,
            status_file=context.paths.watcher_status,
            backoff=backoff,
            parent=self,
            observe=log_filter.remember if log_filter is not None else None,
        )
        self.elements = ElementBridge.serving(
            self.loop, self.show_notice, settings, choose_focus, log_filter
        )
        self.settings = SettingsController(context, self.icon, autostart, self)
        self.current_window: WindowInfo | None = None
        self.learning = LearningWindows(
            context,
            self.writer,
            self.loop,
            lambda: {cid: c.title for cid, c in self.service.snapshot.cards.items()},
            self,
        )
        self.recent = RecentCards(
            self.actions.recent_menu, lambda: self.service.snapshot.cards, context.clock, self
        )
        self.picks = SearchPicks(self.writer, context.clock, self)  # what searches opened
        self.learning.log_hook = self.sync.log_hook
        self.coach = Coach(self, self)  # reviews, paths, sprints, pulse, tips
        self.hotkey: HotkeyResult | None = None
        self.last_notice = ""
        self._problems: tuple[Problem, ...] = ()
        self._use_hotkey = use_hotkey
        self._connect()

    def _connect(self) -> None:
        a = self.actions
        a.search.triggered.connect(self.show_search)
        a.problems.triggered.connect(self.show_problems)
        a.open_folder.triggered.connect(self.open_content_folder)
        a.quit.triggered.connect(self.quit)
        a.copy_trigger.triggered.connect(self.copy_trigger)
        a.snooze_hour.triggered.connect(lambda: self.snooze(timedelta(hours=1)))
        a.snooze_tomorrow.triggered.connect(self.snooze_until_tomorrow)
        a.snooze_until.triggered.connect(self.ask_snooze_time)
        a.snooze_forever.triggered.connect(self.pause_until_resumed)
        a.resume.triggered.connect(lambda: self.pause_until(None))
        a.about.triggered.connect(self.show_about)
        a.log_learned.triggered.connect(self.learning.show_quick_log)
        a.my_learning.triggered.connect(self.learning.show_my_learning)
        a.learning_log.triggered.connect(self.learning.show_log)
        a.stored_data.triggered.connect(self.learning.show_stored)
        a.settings.triggered.connect(self.settings.show_settings)
        self.settings.context_changed.connect(self.apply_context)
        self.settings.notice.connect(self.show_notice)
        self.loop.decided.connect(lambda _decision: self._refresh_pause())
        self.sync.connect_tray(a, self.show_notice)
        a.set_problem_count(None)
        self.recent.chosen.connect(lambda card: self.open_card(card, pulled=True))
        self.learning.forgotten.connect(self.recent.forget)
        self.learning.forgotten.connect(self.picks.forget)
        self.learning.card_requested.connect(self.open_card_by_id)
        self.toast.offered.connect(self.recent.note_offered)
        self.on_watch_status(self.watcher.status)
        self.watcher.status_changed.connect(self.on_watch_status)
        self.watcher.window_changed.connect(self.on_window)
        self.watcher.window_changed.connect(self.loop.on_window)
        self.service.snapshot_changed.connect(self.on_snapshot)
        self.service.snapshot_changed.connect(self.loop.set_snapshot)
        self.loop.candidates_changed.connect(self.on_candidates)
        self.toast.show_card.connect(self.open_card)
        self.hotkey_pressed.connect(self.on_hotkey)
        self.notice.connect(self.show_notice)

    def start(self) -> None:
        if self.tray is not None:
            self.tray.show()
        if self.no_tray is not None:
            self.no_tray.set_tooltip("Loading cards…")
            self.no_tray.show()
        self.writer.start()
        self.writer.call(lambda _db: self.writer.recovery_message).add_done_callback(
            self._notice_if_any
        )
        self.recent.load(self.writer)
        self.picks.load()
        # The desktop's application names, read before the first nudge names one.
        threading.Thread(target=app_names.warm, name="app-names", daemon=True).start()
        self.loop.start()
        self.learning.schedule_daily_prompt(
            parse_clock(self.context.settings.get("log.daily_prompt"))
        )
        self.service.start()
        self.sync.start()
        self.watcher.start()
        self._register_hotkey()
        self._refresh_pause()

    def welcome_or_enforce(self) -> None:
        """After start: the first-start welcome, or a locked `autostart` applied."""
        self.settings.welcome_or_enforce(self.watcher.choice, self.tray is not None)

    def _notice_if_any(self, done: Future[str | None]) -> None:
        if done.exception() is not None:
            return
        message = done.result()
        if message:
            self.post("notice", message)  # from the writer thread

    def show_notice(self, message: str) -> None:
        """Tell the user something they should know, once, without a modal dialog."""
        self.last_notice = message
        if self.tray is not None:
            warning = QSystemTrayIcon.MessageIcon.Warning
            self.tray.icon.showMessage("Cuecard", tray_message(message), warning)
        self._refresh_status()

    # The active window and its cards ------------------------------------------------

    def on_hotkey(self) -> None:
        """Open the offered card, else the cards for the current window."""
        if self.toast.accept_offer():
            return
        candidates = self.loop.candidates
        if len(candidates) == 1:
            self.open_card(candidates[0].card, pulled=True)
        elif candidates:
            self.actions.cards_menu.popup(QCursor.pos())
        else:
            self.show_search()

    def copy_trigger(self) -> str:
        """Put a `when:` entry for the current window on the clipboard; returns it."""
        info = self.current_window
        if info is None or info.private:
            return ""
        text = suggest_trigger(info, self.loop.element)
        QGuiApplication.clipboard().setText(text)
        return text

    # Status, content, windows ---------------------------------------------------------

    def current_problems(self) -> tuple[Problem, ...]:
        """What `cuecard lint` would print today, stale cards included, after privacy
        patterns from the settings that are not in force."""
        return (
            *self.settings_problems,
            *lint_snapshot(self.service.snapshot, self.context.clock.today()).problems,
        )

    def on_snapshot(self, snapshot: LibrarySnapshot) -> None:
        problems_now = self.current_problems()
        # Linting every card is too much for each window switch: count once per snapshot.
        self.set_problems(problems_now)
        self.on_candidates(self.loop.candidates)  # "still loading" is over
        if self.palette is not None:
            self.palette.set_snapshot(snapshot)
        if self.problems_window is not None:
            self.problems_window.set_problems(problems_now)
        for card_id, window in list(self.card_windows.items()):
            card = snapshot.cards.get(card_id)
            if card is not None and card != window.card:
                window.set_card(card)

    def show_search(self) -> None:
        if self.palette is None:
            from cuecard.search.engine import SearchEngine
            from cuecard.ui.palette import SearchPalette

            engine = SearchEngine(self.context.paths.index_cache)
            self.palette = SearchPalette(
                engine,
                boost=lambda: {c.card.id for c in self.loop.candidates},
                suggestions=self.suggestions,
                picks=self.picks.weights,
            )
            self.palette.setWindowIcon(self.icon)
            self.palette.card_chosen.connect(lambda card: self.open_card(card, pulled=True))
            self.palette.missed.connect(self.record_missed_search)
            self.palette.chosen_for.connect(self.picks.note)
        self.palette.set_snapshot(self.service.snapshot)
        window = self.current_window
        self.palette.open_palette(window.geometry if window is not None else None)

    def record_missed_search(self, query: str) -> None:
        self.writer.call(lambda db: record_missed_search(db, query, self.sync.search_hook))

    def on_instance_message(self, message: str) -> None:
        """A second `cuecard` start (or `cuecard --quit`) asked for something."""
        if message == "quit":
            self.quit()
        elif message == "search":
            self.show_search()
        elif message == "review-due":
            self.coach.show_reviews()

    def open_card(self, card: Card, pulled: bool = False) -> CardWindow:
        window = self.card_windows.get(card.id)
        if window is None:
            from cuecard.ui.card_window import CardWindow

            near = self.current_window.geometry if self.current_window else None
            window = CardWindow(
                card, self.state, self.context.clock, near=near, sync_host=self.sync_host()
            )
            window.setWindowIcon(self.icon)
            self._wire_card_window(window)
            self.card_windows[card.id] = window
        if pulled:
            self.loop.record(EventKind.OPENED, card.id)
        self.recent.note_opened(card.id)
        raise_window(window)
        return window

    def _wire_card_window(self, window: CardWindow) -> None:
        record = self.loop.record
        window.closed.connect(lambda cid=window.card.id: self.card_windows.pop(cid, None))
        window.step_toggled.connect(
            lambda step, done, w=window: done and record(EventKind.STEP_DONE, w.card.id, str(step))
        )
        window.completed.connect(lambda cid: record(EventKind.COMPLETED, cid))
        window.rated.connect(lambda cid, rating: record(EventKind.RATED, cid, rating))
        window.reported_outdated.connect(
            lambda cid, comment: record(EventKind.REPORTED_OUTDATED, cid, None, comment or None)
        )

    def open_content_folder(self) -> None:
        """Create the user's folder if needed, index and watch it now, and open it."""
        folder = self.context.paths.user_content
        ensure_private_dir(folder)
        self.service.set_roots(self.context.content_roots)  # a no-op when nothing is new
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def quit(self) -> None:
        if self.tray is not None:
            self.tray.hide()
        if self.hotkey is not None:
            self.hotkey.stop()
        self.toast.hide()
        self.learning.schedule_daily_prompt(None)
        self.coach.stop()
        self.loop.stop()
        self.elements.stop()
        self.watcher.stop()
        self.service.stop()
        self.sync.stop()
        self.writer.flush()
        self.writer.stop()
        self.state.sync()  # window geometry on disk now, not from a destructor after exit
        app = QApplication.instance()
        if app is not None:
            app.quit()
