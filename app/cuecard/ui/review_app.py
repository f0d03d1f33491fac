"""`cuecard review-due` when no Cuecard is running: one review window on its own."""

from __future__ import annotations

from PySide6.QtCore import QObject

from cuecard.context import AppContext
from cuecard.models import Card
from cuecard.store.events import Event, EventKind
from cuecard.store.learning import load_learning
from cuecard.store.writer import StoreWriter
from cuecard.terminal import echo
from cuecard.ui.card_window import CardWindow
from cuecard.ui.learner import LearnerTracker
from cuecard.ui.review import ReviewWindow


class ReviewApp(QObject):
    """The learner's due reviews in a window; grades go through the store writer."""

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.writer = StoreWriter(context.paths.database)
        self.learner = LearnerTracker(context.learning)
        self.window: ReviewWindow | None = None
        self.cards: list[CardWindow] = []

    def start(self) -> bool:
        """False (and a line on stdout) when nothing is due: no window then."""
        self.writer.start()
        self.learner.set_snapshot(self.context.open_library().load())
        self.learner.set_record(self.writer.call(load_learning).result(timeout=30))
        now = self.context.clock.now()
        queue = self.learner.due_reviews(now)
        if not queue:
            later = self.learner.overview(now).next_review
            when = f" Next: {later.title} on {later.due.astimezone():%a %d %b}." if later else ""
            echo(f"No reviews are due.{when}")
            self.stop()
            return False
        self.window = ReviewWindow(
            self.learner.settings, self.learner.card_progress, self.context.clock.now
        )
        self.window.graded.connect(self.record)
        self.window.open_card.connect(self.open_card)
        self.window.set_queue(queue)
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        return True

    def record(self, card_id: str, grade: str) -> None:
        event = Event(EventKind.RECALL_REVIEWED, self.context.clock.now(), card_id, grade)
        self.writer.record(event)
        self.learner.apply(event)

    def open_card(self, card: Card) -> None:
        window = CardWindow(card, clock=self.context.clock)
        self.cards.append(window)
        window.show()

    def stop(self) -> None:
        self.writer.flush()
        self.writer.stop()
