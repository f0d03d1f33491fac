"""The running app's view of the learner: the record kept current event by event, the
review schedule, and what the learning rules say at each moment (no Qt here)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from cuecard.content.library import LibrarySnapshot
from cuecard.learning.inputs import learning_inputs
from cuecard.learning.model import (
    CardProgress,
    LearningInputs,
    LearningRecord,
    LearningSettings,
)
from cuecard.learning.overview import Overview, overview
from cuecard.learning.paths import PathProgress, active_paths
from cuecard.learning.review import (
    ReviewItem,
    due_items,
    review_item,
    schedule_all,
    scheduler,
    with_recall,
)
from cuecard.learning.sprints import SprintProgress, all_sprints, reflection_due, sprint_cards
from cuecard.models import Card, LearningPath, Sprint
from cuecard.store.events import Event, EventKind
from cuecard.store.learning import apply_learning_event, sighted

RESCHEDULE = frozenset({EventKind.COMPLETED, EventKind.RECALL_REVIEWED})


class LearnerTracker:
    """Owns the LearningRecord in memory (the store has the same on disk).

    The FSRS schedule of every completed card is worked out once (off the GUI thread, by
    `schedule_all` next to the record's loading) and then one card at a time, as it is
    completed or reviewed; each sprint's cards once per content snapshot. A decision
    then costs microseconds, however long the record.
    """

    def __init__(self, settings: LearningSettings) -> None:
        self.settings = settings
        self.record: LearningRecord | None = None
        self.cards: Mapping[str, Card] = {}
        self.paths: Sequence[LearningPath] = ()
        self.sprints: Sequence[Sprint] = ()
        self.members: dict[str, tuple[str, ...]] = {}
        self.all_items: dict[str, ReviewItem] = {}  # every completed card
        self.reviews: dict[str, ReviewItem] = {}  # those with recall prompts
        self._fsrs = scheduler(settings)

    def set_settings(self, settings: LearningSettings) -> None:
        """New settings (the Settings window): the schedule follows them."""
        if settings == self.settings:
            return
        self.settings = settings
        self._fsrs = scheduler(settings)
        if self.record is not None:
            self.set_record(self.record)

    @property
    def ready(self) -> bool:
        return self.record is not None

    def set_record(
        self, record: LearningRecord, items: Mapping[str, ReviewItem] | None = None
    ) -> None:
        self.record = record
        self.all_items = dict(schedule_all(record, self.settings) if items is None else items)
        self.reviews = with_recall(self.all_items, self.cards)

    def set_snapshot(self, snapshot: LibrarySnapshot) -> None:
        self.cards, self.paths, self.sprints = snapshot.cards, snapshot.paths, snapshot.sprints
        self.members = {sprint.id: sprint_cards(sprint, self.cards) for sprint in self.sprints}
        self.reviews = with_recall(self.all_items, self.cards)

    def apply(self, event: Event) -> None:
        if self.record is None:
            return
        self.record = apply_learning_event(self.record, event)
        card_id = event.card_id
        if event.kind in RESCHEDULE and card_id is not None and self.settings.reviews:
            item = review_item(card_id, self.record.card(card_id), self._fsrs)
            if item is not None:
                self.all_items[card_id] = item
                card = self.cards.get(card_id)
                if card is not None and card.recall:
                    self.reviews[card_id] = item

    def sighted(
        self, card_ids: Iterable[str], now: datetime
    ) -> list[tuple[str, datetime, datetime | None]]:
        """Note the cards whose app is active; the rows for the store to save."""
        if self.record is None:
            return []
        self.record, rows = sighted(self.record, card_ids, now)
        return rows

    def card_progress(self, card_id: str) -> CardProgress:
        return (self.record or LearningRecord()).card(card_id)

    def inputs(self, now: datetime, candidates: Iterable[str] | None = None) -> LearningInputs:
        record = self.record or LearningRecord()
        return learning_inputs(
            record,
            self.cards,
            self.paths,
            self.sprints,
            self.reviews,
            self.settings,
            now,
            candidates,
        )

    def due_count(self, now: datetime) -> int:
        return sum(1 for item in self.reviews.values() if item.due <= now)

    def due_reviews(self, now: datetime) -> list[tuple[Card, ReviewItem]]:
        return [
            (self.cards[item.card_id], item)
            for item in due_items(self.reviews, now)
            if item.card_id in self.cards
        ]

    def paths_progress(self, now: datetime) -> list[PathProgress]:
        return active_paths(self.paths, self.record or LearningRecord(), now.date())

    def sprints_progress(self, now: datetime) -> list[SprintProgress]:
        record = self.record or LearningRecord()
        return all_sprints(self.sprints, self.cards, record, now.date(), self.members)

    def reflection(self, now: datetime) -> SprintProgress | None:
        record = self.record or LearningRecord()
        return reflection_due(self.sprints_progress(now), record, now)

    def overview(self, now: datetime) -> Overview:
        return overview(
            self.cards,
            self.paths,
            self.sprints,
            self.record or LearningRecord(),
            self.settings,
            now,
            self.reviews,
        )
