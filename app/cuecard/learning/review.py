"""Spaced review (retrieval practice) on the FSRS scheduler (the `fsrs` package).

A card with `recall:` prompts enters the schedule when it is first completed: that
completion counts as a first "good" recall, so the first review is due days later, not
at once. Each graded review moves the next one. The schedule is replayed from the
learner's record (no fuzzing, so the same record always gives the same dates); each
review asks the next prompt of the card in turn.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler

from cuecard.learning.model import CardProgress, Grade, LearningRecord, LearningSettings
from cuecard.models import Card, RecallPrompt
from cuecard.wording import plural

RATINGS = {
    Grade.AGAIN: Rating.Again,
    Grade.HARD: Rating.Hard,
    Grade.GOOD: Rating.Good,
    Grade.EASY: Rating.Easy,
}
OFFER_AGAIN_AFTER = timedelta(hours=20)  # a review prompt declined today returns tomorrow


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """A card in the review schedule: when it is due and how often it was reviewed."""

    card_id: str
    due: datetime
    reviews: int

    def prompt(self, card: Card) -> RecallPrompt | None:
        """The question this review asks: the card's prompts in turn."""
        return card.recall[self.reviews % len(card.recall)] if card.recall else None


def scheduler(settings: LearningSettings) -> Scheduler:
    """FSRS without same-day learning steps (a completion already is the first recall)."""
    return Scheduler(
        desired_retention=settings.retention,
        learning_steps=(),
        relearning_steps=(),
        maximum_interval=max(1, settings.max_interval_days),
        enable_fuzzing=False,
    )


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _replay(progress: CardProgress, fsrs: Scheduler) -> FsrsCard | None:
    """The FSRS state after the first completion and every graded review since."""
    if progress.first_completed is None:
        return None
    start = _utc(progress.first_completed)
    state, _ = fsrs.review_card(FsrsCard(card_id=1, due=start), Rating.Good, start)
    for when, grade in progress.reviews:
        moment = max(_utc(when), state.last_review or start)
        state, _ = fsrs.review_card(state, RATINGS[grade], moment)
    return state


def review_item(card_id: str, progress: CardProgress, fsrs: Scheduler) -> ReviewItem | None:
    """Replay one card's recalls; None when it was never completed."""
    state = _replay(progress, fsrs)
    return None if state is None else ReviewItem(card_id, state.due, len(progress.reviews))


def schedule_all(record: LearningRecord, settings: LearningSettings) -> dict[str, ReviewItem]:
    """The next review of every completed card, whatever its content (FSRS replays;
    about 10 µs a graded review, so run it off the GUI thread for a big record)."""
    if not settings.reviews:
        return {}
    fsrs = scheduler(settings)
    return {
        card_id: item
        for card_id, progress in record.cards.items()
        if (item := review_item(card_id, progress, fsrs)) is not None
    }


def with_recall(
    items: Mapping[str, ReviewItem], cards: Mapping[str, Card]
) -> dict[str, ReviewItem]:
    """The items of cards that exist and have recall prompts (the ones to review)."""
    return {
        card_id: item
        for card_id, item in items.items()
        if (card := cards.get(card_id)) is not None and card.recall
    }


def schedule(
    cards: Mapping[str, Card], record: LearningRecord, settings: LearningSettings
) -> dict[str, ReviewItem]:
    """Every completed card with recall prompts, with its next review."""
    return with_recall(schedule_all(record, settings), cards)


def due_items(items: Mapping[str, ReviewItem], now: datetime) -> list[ReviewItem]:
    """The reviews due at `now`, the longest overdue first."""
    return sorted(
        (item for item in items.values() if item.due <= now), key=lambda i: (i.due, i.card_id)
    )


def reviews_to_offer(
    items: Mapping[str, ReviewItem],
    record: LearningRecord,
    now: datetime,
    among: Iterable[str] | None = None,
) -> frozenset[str]:
    """Due reviews that may be offered unasked now (not already offered in the last day),
    of the cards `among` (the candidates for the window), or of all."""
    chosen = items.values() if among is None else (items[c] for c in among if c in items)
    return frozenset(
        item.card_id
        for item in chosen
        if item.due <= now
        and (
            (offered := record.card(item.card_id).review_offered) is None
            or now - offered >= OFFER_AGAIN_AFTER
        )
    )


def is_natural_pause(
    now: datetime,
    arrived: datetime | None,
    back_from_idle: datetime | None,
    settings: LearningSettings,
) -> bool:
    """A natural pause: the learner came to this app from another one, or came back
    from being idle, within the last `pause_grace`."""
    return any(
        start is not None and start <= now <= start + settings.pause_grace
        for start in (arrived, back_from_idle)
    )


def next_due_by_grade(
    progress: CardProgress, settings: LearningSettings, now: datetime
) -> dict[Grade, datetime]:
    """When the next review would be for each grade given now (shown on the buttons)."""
    fsrs = scheduler(settings)
    state = _replay(progress, fsrs) or FsrsCard(card_id=1, due=_utc(now))
    moment = max(_utc(now), state.last_review or _utc(now))
    return {
        grade: fsrs.review_card(state, rating, moment)[0].due for grade, rating in RATINGS.items()
    }


def describe_gap(gap: timedelta) -> str:
    """'in 10 min', 'tomorrow', 'in 4 days', 'in 3 weeks', 'in 2 months' (for buttons)."""
    days = gap / timedelta(days=1)
    if days < 1 / 24:
        return f"in {max(1, round(gap / timedelta(minutes=1)))} min"
    if days < 1:
        return f"in {round(gap / timedelta(hours=1))} h"
    if days < 1.5:
        return "tomorrow"
    if days < 14:
        return f"in {plural(round(days), 'day')}"
    if days < 60:
        return f"in {plural(round(days / 7), 'week')}"
    return f"in {round(days / 30)} months"
