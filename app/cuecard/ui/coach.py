"""Learning that lasts, in the running app: reviews, "Today on your path", sprints, the
pulse and "Share a tip…". Windows get plain data; every change is an event recorded
through the nudge loop (so the attention state, the learning record and the store stay
in step); database reads run on the store's writer thread."""

from __future__ import annotations

import os
import secrets
import subprocess
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from cuecard.content.library import LibrarySnapshot
from cuecard.content.parse import file_signature
from cuecard.context import AppContext
from cuecard.learning.model import Offer
from cuecard.learning.paths import paths_to_join
from cuecard.learning.sprints import can_join
from cuecard.models import Card, WindowInfo
from cuecard.private_files import ensure_private_dir, write_private_text
from cuecard.store.events import EventKind
from cuecard.store.learning import load_learning
from cuecard.store.log import add_entry
from cuecard.store.writer import StoreWriter
from cuecard.ui.bridge import GuiRelay, LibraryService
from cuecard.ui.learning_controller import LearningWindows
from cuecard.ui.loop import NudgeLoop
from cuecard.ui.plain import add_plain_action, elide, tooltip
from cuecard.ui.tray import TrayActions
from cuecard.ui.watching import WatcherBridge

if TYPE_CHECKING:  # imported when first shown (tests/ui/test_start_imports.py)
    from cuecard.ui.prompts import AppliedDialog, PulseDialog
    from cuecard.ui.review import ReviewWindow
    from cuecard.ui.today import TodayWindow

REFRESH_MS = 5 * 60 * 1000  # reviews fall due with time: recount every few minutes
MENU_TITLE_CHARS = 60


class CoachHost(Protocol):
    """What the Coach uses of the tray controller (which owns it)."""

    context: AppContext
    writer: StoreWriter
    loop: NudgeLoop
    actions: TrayActions
    service: LibraryService
    watcher: WatcherBridge
    learning: LearningWindows

    def open_card(self, card: Card, pulled: bool = False) -> object: ...

    def show_notice(self, message: str) -> None: ...


class Coach(GuiRelay):
    """Owns the review window, the path and sprint view, the prompts and new tips."""

    db_result = Signal(object)
    tip_created = Signal(object)  # the draft's Path

    def __init__(self, host: CoachHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = host.context
        self.writer = host.writer
        self.loop = loop = host.loop
        self.actions = actions = host.actions
        self.snapshot: Callable[[], LibrarySnapshot] = lambda: host.service.snapshot
        self.open_card: Callable[[Card], object] = lambda card: host.open_card(card, pulled=True)
        self.notice = host.show_notice
        self.window: WindowInfo | None = None  # the last one not Cuecard's own
        host.learning.coach = self
        host.watcher.window_changed.connect(self._window)
        host.service.snapshot_changed.connect(self.check_tips)
        loop.state_loaded.connect(lambda _state: self.start())
        self.review_window: ReviewWindow | None = None
        self.today: TodayWindow | None = None
        self.dialog: PulseDialog | AppliedDialog | None = None
        # A new tip -> its (size, mtime) when created: problems are told once it is saved.
        self.pending_tips: dict[Path, tuple[int, int] | None] = {}
        self.db_result.connect(lambda pair: pair[0](pair[1]))
        self._timer = QTimer(self, interval=REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        actions.reviews_due.triggered.connect(lambda: self.show_reviews())
        actions.today_window.triggered.connect(self.show_today)
        actions.share_tip.triggered.connect(self.share_tip)
        actions.today_menu.aboutToShow.connect(self._fill_today_menu)
        actions.sprints_menu.aboutToShow.connect(self._fill_sprints_menu)
        loop.learning_changed.connect(self.refresh)
        loop.decided.connect(lambda _decision: self.count_reviews())
        loop.review_requested.connect(lambda card: self.show_reviews(first=card.id))
        loop.prompt_requested.connect(self.on_prompt)
        # Whichever of the record and the content arrives last can join the paths.
        loop.index_ready.connect(lambda _pair: self.join_paths_from_settings())
        loop.state_loaded.connect(lambda _state: self.join_paths_from_settings())

    def start(self) -> None:
        self._timer.start()
        self.refresh()

    def _window(self, info: WindowInfo | None) -> None:
        if info is not None and not info.private and info.pid != os.getpid():
            self.window = info  # "Share a tip…" is opened from our own menu

    def stop(self) -> None:
        self._timer.stop()

    def now(self) -> datetime:
        return self.context.clock.now()

    # Keeping the tray and open windows current ----------------------------------------

    def count_reviews(self) -> None:
        learner = self.loop.learner
        self.actions.set_reviews_due(learner.due_count(self.now()) if learner.ready else 0)

    def refresh(self) -> None:
        self.count_reviews()
        self._fill_today_menu()
        self._fill_sprints_menu()
        if self.today is not None and self.today.isVisible():
            self._update_today()

    def _fill_today_menu(self) -> None:
        menu = self.actions.today_menu
        menu.clear()
        learner = self.loop.learner
        now = self.now()
        progress = learner.paths_progress(now) if learner.ready else []
        for item in progress:
            header = add_plain_action(
                menu,
                f"{elide(item.path.name, MENU_TITLE_CHARS)} · day {item.day} of {item.days} · "
                f"{item.done}/{item.total} done",
            )
            header.setEnabled(False)
            for card_id in (*item.behind, *item.today):
                card = learner.cards.get(card_id)
                if card is not None:
                    action = add_plain_action(menu, "   " + elide(card.title, MENU_TITLE_CHARS))
                    action.triggered.connect(lambda _=False, c=card: self.open_card(c))
            if item.finished:
                add_plain_action(menu, "   Finished: every card done").setEnabled(False)
            elif not item.today and not item.behind:
                add_plain_action(menu, "   Today's cards are done").setEnabled(False)
            if item.upcoming:
                titles = [learner.cards[c].title for c in item.upcoming if c in learner.cards]
                nxt = add_plain_action(menu, f"   Next: {elide(', '.join(titles), 50)}")
                nxt.setEnabled(False)
        if not progress:
            add_plain_action(menu, "You are not on a learning path").setEnabled(False)
        menu.addSeparator()
        menu.addAction(self.actions.today_window)
        joined = {item.path.id for item in progress}
        if learner.paths:
            menu.addSeparator()
        for path in learner.paths:
            action = add_plain_action(menu, path.name)
            action.setCheckable(True)
            action.setChecked(path.id in joined)
            action.toggled.connect(
                lambda on, i=path.id: self.join_path(i) if on else self.leave_path(i)
            )

    def _fill_sprints_menu(self) -> None:
        menu = self.actions.sprints_menu
        menu.clear()
        learner = self.loop.learner
        sprints = learner.sprints_progress(self.now()) if learner.ready else []
        for item in sprints:
            done = f" · {len(item.done)}/{len(item.cards)} done" if item.joined else ""
            action = add_plain_action(menu, f"{elide(item.sprint.name, 50)}{done}")
            action.setCheckable(True)
            action.setChecked(item.joined)
            action.setEnabled(item.joined or can_join(item))
            if not action.isEnabled():  # a greyed entry says why
                action.setToolTip(tooltip("This sprint has ended: it can no longer be joined."))
            action.toggled.connect(
                lambda on, i=item.sprint.id: self.join_sprint(i) if on else self.leave_sprint(i)
            )
        if not sprints:
            add_plain_action(menu, "No sprints in your content").setEnabled(False)
        menu.addSeparator()
        menu.addAction(self.actions.today_window)

    # Paths and sprints ------------------------------------------------------------------

    def join_paths_from_settings(self) -> None:
        """Join the paths `learner.paths` names (once: a path left stays left)."""
        learner = self.loop.learner
        if learner.record is None:
            return
        known = {path.id for path in learner.paths}
        for path_id in paths_to_join(self.context.settings.get("learner.paths"), learner.record):
            if path_id in known:
                self.join_path(path_id)

    def join_path(self, path_id: str) -> None:
        self.loop.record(EventKind.PATH_JOINED, None, path_id)

    def leave_path(self, path_id: str) -> None:
        self.loop.record(EventKind.PATH_LEFT, None, path_id)

    def join_sprint(self, sprint_id: str) -> None:
        self.loop.record(EventKind.SPRINT_JOINED, None, sprint_id)

    def leave_sprint(self, sprint_id: str) -> None:
        self.loop.record(EventKind.SPRINT_LEFT, None, sprint_id)

    def show_today(self) -> TodayWindow:
        if self.today is None:
            from cuecard.ui.today import TodayWindow

            self.today = TodayWindow()
            self.today.open_card.connect(self.open_card)
            self.today.join_path.connect(self.join_path)
            self.today.leave_path.connect(self.leave_path)
            self.today.join_sprint.connect(self.join_sprint)
            self.today.leave_sprint.connect(self.leave_sprint)
            self.today.write_applied.connect(self.ask_applied)
            self.today.sprint_page.connect(self.open_sprint_page)
        self._update_today()
        _raise(self.today)
        return self.today

    def _update_today(self) -> None:
        assert self.today is not None
        learner, now = self.loop.learner, self.now()
        self.today.set_view(
            learner.paths_progress(now),
            learner.paths,
            learner.sprints_progress(now),
            learner.cards,
            now.date(),
        )

    def ask_applied(self, sprint_id: str) -> AppliedDialog | None:
        """What did you apply to a real task? Saved to the learning log."""
        sprint = next((s for s in self.loop.learner.sprints if s.id == sprint_id), None)
        if sprint is None:
            return None
        record = self.loop.learner.record
        membership = record.sprints.get(sprint_id) if record else None
        from cuecard.ui.prompts import AppliedDialog

        dialog = AppliedDialog(sprint.name, sprint.goal, membership.applied if membership else "")
        dialog.accepted.connect(lambda: self.save_applied(sprint_id, sprint.name, dialog.applied))
        self._show_dialog(dialog)
        return dialog

    def save_applied(self, sprint_id: str, name: str, text: str) -> None:
        if not text:
            return
        self.loop.record(EventKind.SPRINT_FINISHED, None, sprint_id, text)
        now = self.now()
        self.writer.call(lambda db: add_entry(db, f"Applied in the sprint {name}: {text}", now))

    def open_sprint_page(self, sprint_id: str) -> None:
        snapshot = self.snapshot()
        sprint = next((s for s in snapshot.sprints if s.id == sprint_id), None)
        if sprint is None:
            return
        folder = ensure_private_dir(self.context.paths.cache_dir / "reports")
        page = folder / f"sprint-{sprint_id}.html"
        today = self.context.clock.today()

        def build(db: Any) -> Path:
            from cuecard.report.sprint import build_sprint_report
            from cuecard.report.sprint_html import render_sprint_html

            report = build_sprint_report(sprint, snapshot.cards, load_learning(db), db, today)
            write_private_text(page, render_sprint_html(report))
            return page

        self.run(build, lambda path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))

    # Reviews and prompts ------------------------------------------------------------

    def show_reviews(self, first: str | None = None) -> ReviewWindow:
        learner = self.loop.learner
        now = self.now()
        queue = learner.due_reviews(now)
        queue.sort(key=lambda pair: pair[0].id != first)  # the card just offered first
        if self.review_window is None:
            from cuecard.ui.review import ReviewWindow

            self.review_window = ReviewWindow(
                learner.settings, learner.card_progress, self.context.clock.now
            )
            self.review_window.graded.connect(
                lambda card_id, grade: self.loop.record(EventKind.RECALL_REVIEWED, card_id, grade)
            )
            self.review_window.open_card.connect(self.open_card)
        later = learner.overview(now).next_review
        self.review_window.set_queue(queue, (later.title, later.due) if later else None)
        _raise(self.review_window)
        return self.review_window

    def on_prompt(self, kind: str) -> None:
        if kind == Offer.PULSE:
            self.ask_pulse()
        elif kind == Offer.REFLECTION:
            due = self.loop.learner.reflection(self.now())
            sprints = self.loop.learner.sprints_progress(self.now())
            target = due or next((s for s in sprints if s.joined and not s.finished), None)
            if target is not None:
                self.ask_applied(target.sprint.id)

    def ask_pulse(self) -> PulseDialog:
        from cuecard.ui.prompts import PulseDialog

        dialog = PulseDialog()

        def done() -> None:
            learning, helps = dialog.answers
            self.loop.record(EventKind.PULSE_ANSWERED, None, learning, helps)

        dialog.accepted.connect(done)

        def rejected() -> None:
            if dialog.skipped:
                self.loop.record(EventKind.PULSE_SKIPPED, None)

        dialog.rejected.connect(rejected)
        self._show_dialog(dialog)
        return dialog

    def _show_dialog(self, dialog: PulseDialog | AppliedDialog) -> None:
        self.dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    # Share a tip ------------------------------------------------------------------------

    def share_tip(self) -> Path | None:
        """A draft in the user's own folder, prefilled from the window in use before, opened
        in the desktop's editor for markdown (or $VISUAL/$EDITOR)."""
        from cuecard.tips.draft import draft_path, draft_text, draft_title, tip_id
        from cuecard.tips.editor import editor_command

        window = self.window
        folder = self.context.paths.user_content
        try:
            ensure_private_dir(folder)
            path = draft_path(folder, draft_title(window))
            path.parent.mkdir(parents=True, exist_ok=True)
            card_id = tip_id(secrets.token_hex(4))
            with path.open("x", encoding="utf-8") as handle:
                handle.write(draft_text(window, self.context.clock.today(), card_id))
        except OSError as exc:
            self.notice(f"Could not create the tip in {folder}: {exc.strerror or exc}")
            return None
        self.loop.record(EventKind.TIP_CREATED, card_id)
        self.pending_tips[path] = file_signature(path)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            command = editor_command(os.environ)
            if command is not None:
                try:
                    subprocess.Popen([*command, str(path)])
                except OSError:
                    self.notice(f"Your tip is in {path}; open it in your editor.")
        self.tip_created.emit(path)
        return path

    def check_tips(self, snapshot: LibrarySnapshot) -> None:
        """Once a new tip has been saved, tell the learner about its problems (once)."""
        for path, created in list(self.pending_tips.items()):
            card = snapshot.card_at(path)
            problems = [p for p in snapshot.problems if p.path == path]
            saved = card is None or (card.size, card.mtime_ns) != created
            if not saved:
                continue
            del self.pending_tips[path]
            if problems:
                self.notice(f"Your tip has a problem: {problems[0].format()}")

    def run(self, work: Callable[[Any], Any], then: Callable[[Any], object]) -> None:
        future = self.writer.call(work)

        def done(finished: Future[Any]) -> None:
            if finished.exception() is None:
                self.post("db_result", (then, finished.result()))

        future.add_done_callback(done)


def _raise(window: QWidget) -> None:
    window.show()
    window.raise_()
    window.activateWindow()
