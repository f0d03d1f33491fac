"""Learning sprints: 2 to 4 weeks of focus on a goal, a set of cards or tags, and at the
end a note of what the learner applied to a real task (saved to the learning log)."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from cuecard.learning.model import LearningRecord, SprintMembership
from cuecard.models import Card, Sprint

OFFER_AGAIN_AFTER = timedelta(hours=20)


class SprintStatus(enum.StrEnum):
    UPCOMING = "upcoming"
    ACTIVE = "active"
    ENDED = "ended"


def sprint_cards(sprint: Sprint, cards: Mapping[str, Card]) -> tuple[str, ...]:
    """The sprint's cards: those it names, in order, then those with any of its tags."""
    named = [card_id for card_id in sprint.cards if card_id in cards]
    tags = set(sprint.tags)
    tagged = sorted(
        (card for card in cards.values() if tags & set(card.tags) and card.id not in named),
        key=lambda card: (card.title.lower(), card.id),
    )
    return (*named, *(card.id for card in tagged))


def sprint_dates(sprint: Sprint, joined: date | None) -> tuple[date, date] | None:
    """(first day, last day): fixed for a cohort sprint, from joining for a self-paced one
    (None when a self-paced sprint was not joined)."""
    if sprint.start is not None and sprint.end is not None:
        return sprint.start, sprint.end
    if joined is None or sprint.weeks is None:
        return None
    return joined, joined + timedelta(weeks=sprint.weeks, days=-1)


@dataclass(frozen=True, slots=True)
class SprintProgress:
    """A sprint as the learner sees it today."""

    sprint: Sprint
    membership: SprintMembership | None  # None: not joined (or left)
    status: SprintStatus
    start: date | None
    end: date | None
    cards: tuple[str, ...]
    done: tuple[str, ...]  # cards completed since the sprint started

    @property
    def joined(self) -> bool:
        return self.membership is not None

    @property
    def finished(self) -> bool:
        return self.membership is not None and self.membership.finished is not None

    def days_left(self, today: date) -> int | None:
        return (self.end - today).days + 1 if self.end is not None and today <= self.end else None


def _current(membership: SprintMembership | None) -> SprintMembership | None:
    return membership if membership is not None and membership.left is None else None


def sprint_status(
    sprint: Sprint, record: LearningRecord, today: date
) -> tuple[SprintMembership | None, SprintStatus, date | None, date | None]:
    """(current membership, status, first day, last day) of `sprint` for this learner."""
    membership = _current(record.sprints.get(sprint.id))
    joined = membership.joined.astimezone().date() if membership else None
    dates = sprint_dates(sprint, joined)
    start, end = dates if dates else (None, None)
    if start is None or end is None or today < start:
        status = SprintStatus.UPCOMING  # a self-paced sprint starts when joined
    else:
        status = SprintStatus.ACTIVE if today <= end else SprintStatus.ENDED
    return membership, status, start, end


def sprint_progress(
    sprint: Sprint,
    cards: Mapping[str, Card],
    record: LearningRecord,
    today: date,
    members: tuple[str, ...] | None = None,
) -> SprintProgress:
    """Where the learner is in `sprint` (`members`: its cards, when already known)."""
    membership, status, start, end = sprint_status(sprint, record, today)
    if members is None:
        members = sprint_cards(sprint, cards)
    done = tuple(
        card_id
        for card_id in members
        if (last := record.card(card_id).last_completed) is not None
        and _counts(last, start, membership)
    )
    return SprintProgress(sprint, membership, status, start, end, members, done)


def _counts(completed: datetime, start: date | None, membership: SprintMembership | None) -> bool:
    """A completion counts for the sprint from its first day, or from joining when the
    learner joined later (a self-paced sprint starts at the moment of joining)."""
    if membership is not None and (start is None or membership.joined.astimezone().date() >= start):
        return completed >= membership.joined
    return start is not None and completed.astimezone().date() >= start


def can_join(progress: SprintProgress) -> bool:
    """Not a member now, and the sprint has not ended (self-paced ones never end)."""
    return not progress.joined and progress.status is not SprintStatus.ENDED


def all_sprints(
    sprints: Sequence[Sprint],
    cards: Mapping[str, Card],
    record: LearningRecord,
    today: date,
    members: Mapping[str, tuple[str, ...]] | None = None,
) -> list[SprintProgress]:
    known = members or {}
    return [
        sprint_progress(sprint, cards, record, today, known.get(sprint.id)) for sprint in sprints
    ]


def reflection_pending(
    sprints: Sequence[Sprint], record: LearningRecord, now: datetime
) -> Sprint | None:
    """The sprint whose end-of-sprint question is due now (see `reflection_due`), cheaply:
    without counting its cards."""
    offered = record.reflection_offered
    if offered is not None and now - offered < OFFER_AGAIN_AFTER:
        return None
    today = now.astimezone().date()
    for sprint in sprints:
        membership, status, _, _ = sprint_status(sprint, record, today)
        if membership is not None and membership.finished is None and status is SprintStatus.ENDED:
            return sprint
    return None


def reflection_due(
    progress: Sequence[SprintProgress], record: LearningRecord, now: datetime
) -> SprintProgress | None:
    """A joined sprint that has ended with nothing yet written about what was applied
    (asked at most once a day; the learner can also write it at any time)."""
    offered = record.reflection_offered
    if offered is not None and now - offered < OFFER_AGAIN_AFTER:
        return None
    return next(
        (p for p in progress if p.joined and not p.finished and p.status is SprintStatus.ENDED),
        None,
    )
