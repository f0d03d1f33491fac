"""The learner's own picture, for My learning, the tray and `cuecard stats`: reviews due,
required cards, paths, sprints and pulse answers, computed from the record (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from cuecard.learning.model import LearningRecord, LearningSettings, PulseAnswer
from cuecard.learning.paths import PathProgress, active_paths
from cuecard.learning.review import ReviewItem, due_items, schedule
from cuecard.learning.sprints import SprintProgress, all_sprints
from cuecard.models import Card, LearningPath, Sprint


@dataclass(frozen=True, slots=True)
class ReviewDue:
    """A card whose review is due (or, for `next_review`, the next one to come)."""

    card_id: str
    title: str
    due: datetime


@dataclass(frozen=True, slots=True)
class RequiredItem:
    """A required card (compliance, safety): done or not, and by when."""

    card_id: str
    title: str
    due: date | None
    done: bool

    def overdue(self, today: date) -> bool:
        return not self.done and self.due is not None and today > self.due


@dataclass(frozen=True)
class Overview:
    """Everything My learning shows beyond completions and the log."""

    reviews_due: tuple[ReviewDue, ...] = ()
    next_review: ReviewDue | None = None
    required: tuple[RequiredItem, ...] = ()
    paths: tuple[PathProgress, ...] = ()
    sprints: tuple[SprintProgress, ...] = ()
    pulse: tuple[PulseAnswer, ...] = ()  # newest first


def _due(item: ReviewItem, cards: Mapping[str, Card]) -> ReviewDue:
    return ReviewDue(item.card_id, cards[item.card_id].title, item.due)


def overview(
    cards: Mapping[str, Card],
    paths: Sequence[LearningPath],
    sprints: Sequence[Sprint],
    record: LearningRecord,
    settings: LearningSettings,
    now: datetime,
    reviews: Mapping[str, ReviewItem] | None = None,
) -> Overview:
    items = schedule(cards, record, settings) if reviews is None else reviews
    due = due_items(items, now)
    later = sorted((i for i in items.values() if i.due > now), key=lambda i: i.due)
    today = now.astimezone().date()
    required = sorted(
        (
            RequiredItem(card.id, card.title, card.due, bool(record.card(card.id).completions))
            for card in cards.values()
            if card.required
        ),
        key=lambda item: (item.done, item.due or date.max, item.title.lower()),
    )
    return Overview(
        reviews_due=tuple(_due(item, cards) for item in due),
        next_review=_due(later[0], cards) if later else None,
        required=tuple(required),
        paths=tuple(active_paths(paths, record, today)),
        sprints=tuple(all_sprints(sprints, cards, record, today)),
        pulse=tuple(reversed(record.pulse_answers)),
    )
