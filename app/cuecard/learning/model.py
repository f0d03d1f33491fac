"""What the learner did that learning rules read: one frozen record, folded from events."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property


class Support(enum.StrEnum):
    """How much a proactive nudge offers for a card, for this learner, now."""

    FULL = "full"  # the whole card
    HINT = "hint"  # "You've done this before. Need the steps?"; the card only on click
    NONE = "none"  # no proactive nudge at all (pulling still shows the full card)


class Offer(enum.StrEnum):
    """What Cuecard offers unasked (each one draws on the attention budget)."""

    CARD = "card"
    HINT = "hint"
    REFRESHER = "refresher"
    REVIEW = "review"
    PULSE = "pulse"
    REFLECTION = "reflection"


class Grade(enum.StrEnum):
    """A learner's own grade of a recall answer (the four FSRS ratings)."""

    AGAIN = "again"
    HARD = "hard"
    GOOD = "good"
    EASY = "easy"


@dataclass(frozen=True, slots=True)
class CardProgress:
    """One card in the learner's record.

    `unaided_streak` counts completions in a row with the card not opened since the
    previous completion (the learner did it without the steps). `last_seen` is the last
    day a window the card fits was active, `previous_seen` the sighting before it: a long
    gap between them means the learner came back to the app after a long time.
    """

    completions: int = 0
    unaided_streak: int = 0
    opened_since_completion: bool = False
    first_completed: datetime | None = None
    last_completed: datetime | None = None
    reviews: tuple[tuple[datetime, Grade], ...] = ()
    review_offered: datetime | None = None
    last_seen: datetime | None = None
    previous_seen: datetime | None = None
    refresher_shown: datetime | None = None

    def evolve(self, **changes: object) -> CardProgress:
        """A copy with `changes` (dataclasses.replace, without its per-call introspection:
        replaying a long record calls this for every event)."""
        values = {name: getattr(self, name) for name in _PROGRESS_FIELDS}
        values.update(changes)
        return CardProgress(**values)


_PROGRESS_FIELDS = tuple(CardProgress.__dataclass_fields__)
NEW_CARD = CardProgress()


@dataclass(frozen=True, slots=True)
class SprintMembership:
    """The learner's time in one sprint: joined, and maybe left or finished."""

    joined: datetime
    left: datetime | None = None
    finished: datetime | None = None
    applied: str = ""


@dataclass(frozen=True, slots=True)
class PulseAnswer:
    """One answered pulse: what the learner is learning and what would help."""

    ts: datetime
    learning: str
    helps: str


@dataclass(frozen=True)
class LearningRecord:
    """Everything the learning rules need from the learner's history."""

    cards: Mapping[str, CardProgress] = field(default_factory=dict)
    paths: Mapping[str, datetime] = field(default_factory=dict)  # active: id -> joined
    paths_ever: frozenset[str] = frozenset()  # joined at some time (left ones too)
    sprints: Mapping[str, SprintMembership] = field(default_factory=dict)
    pulse_answers: tuple[PulseAnswer, ...] = ()
    pulse_asked: datetime | None = None  # last answered or skipped
    pulse_offered: datetime | None = None
    reflection_offered: datetime | None = None

    def card(self, card_id: str) -> CardProgress:
        return self.cards.get(card_id, NEW_CARD)

    @cached_property
    def completed(self) -> frozenset[str]:
        """Cards completed at least once (worked out once per record)."""
        return frozenset(cid for cid, progress in self.cards.items() if progress.completions)


@dataclass(frozen=True)
class LearningSettings:
    """The settings that tune the learning rules (docs/learning.md)."""

    fading: bool = True
    unaided_to_stop: int = 3
    refresher_after: timedelta = timedelta(days=60)
    reviews: bool = True
    retention: float = 0.9
    max_interval_days: int = 365
    idle_after: timedelta = timedelta(minutes=10)
    pause_grace: timedelta = timedelta(minutes=2)
    pulse: bool = False
    pulse_every: timedelta = timedelta(days=30)


@dataclass(frozen=True)
class LearningInputs:
    """What the learning rules say about this moment, for the nudge policy."""

    progress: Mapping[str, CardProgress] = field(default_factory=dict)
    settings: LearningSettings = field(default_factory=LearningSettings)
    reviews_due: frozenset[str] = frozenset()  # cards whose review may be offered now
    preferred: frozenset[str] = frozenset()  # cards of today on an active path
    prompt: Offer | None = None  # PULSE or REFLECTION when one is due
