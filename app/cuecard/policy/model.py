"""Inputs and outputs of the nudge policy."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from cuecard.learning.model import Offer
from cuecard.models import Card, WindowInfo


@dataclass(frozen=True)
class PolicySettings:
    """Limits a user can change and IT can lock (defaults from the design)."""

    per_hour: int = 3
    per_day: int = 8
    min_gap: timedelta = timedelta(minutes=10)
    dwell: timedelta = timedelta(seconds=3)
    max_unopened_impressions: int = 3
    quiet_start: time | None = None
    quiet_end: time | None = None
    # IT paused proactive nudges up to and including this day (nudges.paused_until).
    paused_until: date | None = None

    def paused_at(self, now: datetime) -> datetime | None:
        """When an organisation's pause that covers `now` ends (the next midnight after
        `paused_until`, in `now`'s timezone); None when no pause covers `now`."""
        if self.paused_until is None or now.date() > self.paused_until:
            return None
        return datetime.combine(self.paused_until + timedelta(days=1), time(0, 0), now.tzinfo)

    def in_quiet_hours(self, now: datetime) -> bool:
        if self.quiet_start is None or self.quiet_end is None:
            return False
        clock = now.time()
        if self.quiet_start <= self.quiet_end:
            return self.quiet_start <= clock < self.quiet_end
        return clock >= self.quiet_start or clock < self.quiet_end  # spans midnight


@dataclass(frozen=True)
class CardHistory:
    """What the user did with one card so far."""

    unopened_impressions: int = 0
    dismissed_forever: bool = False
    completed: bool = False


@dataclass(frozen=True)
class AttentionState:
    """Everything remembered that limits proactive nudges."""

    nudges_shown: tuple[datetime, ...] = ()
    snoozed_until: datetime | None = None
    cards: Mapping[str, CardHistory] = field(default_factory=dict)

    def history(self, card_id: str) -> CardHistory:
        return self.cards.get(card_id, CardHistory())


@dataclass(frozen=True)
class Moment:
    """The situation now: the active window and since when it has been active;
    `natural_pause` when the learner just came to this app from another one or back
    from being idle (the moments a review or the pulse may be offered)."""

    now: datetime
    window: WindowInfo | None
    active_since: datetime
    do_not_disturb: bool = False
    natural_pause: bool = False


@dataclass(frozen=True)
class Decision:
    """An offer or the reason for silence; `retry_at` says when deciding again could
    change the answer (dwell, gaps), None when only a new event can. `offer` says what
    is offered: a card (full, as a hint or as a refresher) or its review, both with
    `card` set; the pulse or a sprint's reflection, with no card."""

    card: Card | None
    reason: str
    retry_at: datetime | None = None
    offer: Offer | None = None
