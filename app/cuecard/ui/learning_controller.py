"""Opens the learning windows and runs their database work on the store's writer thread."""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cuecard.context import AppContext
from cuecard.policy.model import AttentionState
from cuecard.private_files import write_private_text
from cuecard.store.db import all_rows
from cuecard.store.forget import forget_in_place
from cuecard.store.log import (
    LogHook,
    add_entry,
    as_markdown,
    delete_entry,
    list_entries,
    update_entry,
)
from cuecard.store.summary import learner_summary
from cuecard.store.writer import StoreWriter
from cuecard.ui.bridge import GuiRelay
from cuecard.ui.loop import NudgeLoop
from cuecard.ui.plain import message_box

if TYPE_CHECKING:
    # Windows and what only they use: imported when first shown, not before the tray
    # icon is (tests/ui/test_start_imports.py).
    from cuecard.ui.learning import LogWindow, QuickLogDialog
    from cuecard.ui.my_learning import MyLearningWindow
    from cuecard.ui.stored_data import StoredDataWindow


class CoachActions(Protocol):
    """What My learning's buttons ask of the Coach (cuecard.ui.coach)."""

    def show_reviews(self, first: str | None = None) -> object: ...

    def show_today(self) -> object: ...

    def ask_pulse(self) -> object: ...


class LearningWindows(GuiRelay):
    """Quick log, the log, My learning and What Cuecard stores, plus the daily prompt."""

    db_result = Signal(object)
    card_requested = Signal(str)  # a card named in My learning was clicked
    forgotten = Signal()  # the learning record was erased

    def __init__(
        self,
        context: AppContext,
        writer: StoreWriter,
        loop: NudgeLoop,
        titles: Callable[[], dict[str, str]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.writer = writer
        self.loop = loop
        self.titles = titles
        self.log_window: LogWindow | None = None
        self.my_learning: MyLearningWindow | None = None
        self.stored: StoredDataWindow | None = None
        self.quick: QuickLogDialog | None = None
        self.log_hook: LogHook | None = None  # sync queues a statement with each entry
        self.coach: CoachActions | None = None  # set by the Coach: reviews, paths, pulse
        self.db_result.connect(lambda pair: pair[0](pair[1]))
        loop.learning_changed.connect(self.refresh)
        self._daily = QTimer(self, singleShot=True)
        self._daily.timeout.connect(self._daily_prompt)

    def run(self, work: Callable[[Any], Any], then: Callable[[Any], None]) -> None:
        """`work(db)` on the writer thread, then `then(result)` on the GUI thread."""
        future = self.writer.call(work)

        def done(finished: Future[Any]) -> None:
            if finished.exception() is None:
                self.post("db_result", (then, finished.result()))

        future.add_done_callback(done)

    # Quick entry and the log ---------------------------------------------------------

    def show_quick_log(self) -> QuickLogDialog:
        titles = self.titles()
        cards = [(c.card.id, c.card.title) for c in self.loop.candidates[:10]]
        cards += [
            (cid, title)
            for cid, title in sorted(titles.items(), key=lambda i: i[1])
            if (cid, title) not in cards
        ]
        from cuecard.ui.learning import QuickLogDialog

        self.quick = QuickLogDialog(cards)
        self.quick.accepted.connect(self._save_quick)
        self.quick.show()
        self.quick.raise_()
        self.quick.activateWindow()
        return self.quick

    def _save_quick(self) -> None:
        assert self.quick is not None
        text, card_id = self.quick.entry
        now = self.context.clock.now()
        hook = self.log_hook
        self.run(lambda db: add_entry(db, text, now, card_id, hook), lambda _e: self.refresh())

    def show_log(self) -> None:
        if self.log_window is None:
            from cuecard.ui.learning import LogWindow

            self.log_window = LogWindow()
            self.log_window.add_requested.connect(self.show_quick_log)
            self.log_window.edit_requested.connect(
                lambda entry_id, text: self.run(
                    lambda db: update_entry(db, entry_id, text), lambda _r: self.refresh()
                )
            )
            self.log_window.delete_requested.connect(
                lambda entry_id: self.run(
                    lambda db: delete_entry(db, entry_id), lambda _r: self.refresh()
                )
            )
            self.log_window.export_requested.connect(self._export_log)
        self.log_window.show()
        self.log_window.raise_()
        self.refresh()

    def _export_log(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.log_window, "Export learning log", "learning-log.md", "Markdown (*.md)"
        )
        if path:
            titles = self.titles()
            self.run(lambda db: as_markdown(list_entries(db), titles), _write_to(path))

    # My learning and what is stored -------------------------------------------------

    def show_my_learning(self) -> None:
        if self.my_learning is None:
            from cuecard.ui.my_learning import MyLearningWindow

            self.my_learning = MyLearningWindow()
            self.my_learning.card_requested.connect(self.card_requested.emit)
            self.my_learning.log_requested.connect(self.show_log)
            if self.coach is not None:
                coach = self.coach
                self.my_learning.review_requested.connect(lambda: coach.show_reviews())
                self.my_learning.today_requested.connect(coach.show_today)
                self.my_learning.pulse_requested.connect(coach.ask_pulse)
        self.my_learning.show()
        self.my_learning.raise_()
        self.refresh()

    def show_stored(self) -> None:
        if self.stored is None:
            from cuecard.ui.stored_data import StoredDataWindow

            self.stored = StoredDataWindow()
            self.stored.export_requested.connect(self._export_all)
            self.stored.forget_requested.connect(self._forget)
        self.stored.show()
        self.stored.raise_()
        self.refresh()

    def refresh(self) -> None:
        """Reload whatever learning window is open."""
        now = self.context.clock.now()
        titles = self.titles()
        if self.log_window is not None and self.log_window.isVisible():
            log = self.log_window
            self.run(list_entries, lambda entries: log.set_entries(entries, titles))
        if self.my_learning is not None and self.my_learning.isVisible():
            window = self.my_learning
            view = self.loop.learner.overview(now)
            pulse = self.context.learning.pulse
            steps = {card_id: card.step_count for card_id, card in self.loop.cards.items()}
            self.run(
                lambda db: learner_summary(db, now),
                lambda summary: window.set_summary(summary, titles, view, now.date(), pulse, steps),
            )
        if self.stored is not None and self.stored.isVisible():
            stored = self.stored
            where = str(self.context.paths.database)
            self.run(all_rows, lambda tables: stored.set_tables(tables, where, titles))

    def _export_all(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.stored, "Export my data", "cuecard-data.json", "JSON (*.json)"
        )
        if path:
            write = _write_to(path)
            self.run(all_rows, lambda tables: write(json.dumps(tables, indent=2)))

    def _forget(self) -> None:
        answer = message_box(
            self.stored,
            QMessageBox.Icon.Question,
            "Forget everything",
            "Delete your whole learning record on this device: completions, ratings, "
            "the learning log and search counts? This cannot be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.forget()

    def forget(self) -> None:
        """Erase the record so none of its text stays on disk (see store.forget)."""
        self.loop.state = AttentionState()
        paths = self.context.paths
        self.run(lambda db: forget_in_place(db, paths), self._forgotten)

    def _forgotten(self, problems: list[str]) -> None:
        self.forgotten.emit()
        self.refresh()
        if problems:
            message_box(
                self.stored,
                QMessageBox.Icon.Warning,
                "Forget everything",
                "Your learning record was emptied, but: " + "; ".join(problems) + ".",
            )

    # The optional end-of-day prompt -------------------------------------------------

    def schedule_daily_prompt(self, at: time | None) -> None:
        self._prompt_at = at
        if at is None:
            self._daily.stop()
            return
        now = self.context.clock.now()
        due = datetime.combine(now.date(), at, now.tzinfo)
        if due <= now:
            due += timedelta(days=1)
        self._daily.start(int((due - now).total_seconds() * 1000))

    def _daily_prompt(self) -> None:
        self.show_quick_log()
        self.schedule_daily_prompt(self._prompt_at)


def _write_to(path: str) -> Callable[[str], None]:
    def write(text: str) -> None:
        write_private_text(Path(path), text)  # the user's log: theirs alone

    return write
