"""Learning events and what they add up to (the attention state the policy reads)."""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import sqlite_utils

from cuecard.policy.model import AttentionState, CardHistory


class EventKind(enum.StrEnum):
    """Everything Cuecard records; never anything about the window."""

    SHOWN = "shown"
    OPENED = "opened"
    STEP_DONE = "step_done"
    COMPLETED = "completed"
    DISMISSED = "dismissed"
    SNOOZED = "snoozed"
    RATED = "rated"
    REPORTED_OUTDATED = "reported_outdated"
    # Learning that lasts (docs/learning.md). Sprint and path events carry the sprint or
    # path id in `value`; a finished sprint's "what I applied" text is in `comment` (and
    # in the learning log); a pulse's two answers are `value` and `comment`.
    RECALL_REVIEWED = "recall_reviewed"  # value: again, hard, good or easy
    PATH_JOINED = "path_joined"
    PATH_LEFT = "path_left"
    SPRINT_JOINED = "sprint_joined"
    SPRINT_LEFT = "sprint_left"
    SPRINT_FINISHED = "sprint_finished"
    PULSE_ANSWERED = "pulse_answered"
    PULSE_SKIPPED = "pulse_skipped"
    TIP_CREATED = "tip_created"  # card_id: the new draft's id


FOREVER = "forever"
LATER = "later"
PROACTIVE = "proactive"  # value of a SHOWN event for a nudge (not a pulled card)
# Other values of a SHOWN event for something Cuecard offered by itself: a compact hint
# for a card done before, a one-off refresher, a due review, the pulse, a sprint's end.
HINT = "hint"
REFRESHER = "refresher"
REVIEW = "review"
PULSE = "pulse"
REFLECTION = "reflection"
# Everything offered unasked draws on the same attention budget.
UNASKED = frozenset({PROACTIVE, HINT, REFRESHER, REVIEW, PULSE, REFLECTION})


@dataclass(frozen=True)
class Event:
    """One thing the user saw or did. `value` holds e.g. up/down, forever/later, an
    ISO time for a snooze, or a step number; `comment` the outdated report's text."""

    kind: EventKind
    ts: datetime
    card_id: str | None = None
    value: str | None = None
    comment: str | None = None

    def row(self) -> dict[str, object]:
        return {
            "ts": self.ts.astimezone(UTC).isoformat(),
            "card_id": self.card_id,
            "kind": self.kind.value,
            "value": self.value,
            "comment": self.comment,
        }


# Called inside the transaction that writes events (sync queues their statements).
EventsHook = Callable[[sqlite_utils.Database, Sequence[Event]], None]


def write_events(
    db: sqlite_utils.Database, events: list[Event], also: EventsHook | None = None
) -> None:
    """Insert events in one transaction, together with whatever `also` writes."""
    # Plain executemany: sqlite-utils' insert_all commits on its own, which would split
    # the events from what `also` writes.
    with db.conn:
        db.conn.executemany(
            "INSERT INTO events (ts, card_id, kind, value, comment) "
            "VALUES (:ts, :card_id, :kind, :value, :comment)",
            [event.row() for event in events],
        )
        if also is not None:
            also(db, events)


def _parse(ts: str) -> datetime:
    return datetime.fromisoformat(ts)


def load_attention(db: sqlite_utils.Database, now: datetime) -> AttentionState:
    """Rebuild the policy's state from the event log (at start-up, off the GUI thread):
    every event that changes a card's history, replayed in order; only the last day's
    proactive nudges count against the budget."""
    rows = db.execute(
        "SELECT kind, ts, card_id, value FROM events WHERE kind IN "
        "('shown', 'opened', 'completed', 'dismissed', 'snoozed') ORDER BY id"
    ).fetchall()
    cards: dict[str, CardHistory] = {}
    nudges: list[datetime] = []
    snoozed: datetime | None = None
    for kind, ts, card_id, value in rows:
        snoozed = _fold(cards, nudges, snoozed, Event(EventKind(kind), _parse(ts), card_id, value))
    recent = tuple(t for t in nudges if t > now - timedelta(days=1))
    return AttentionState(recent, snoozed, cards)


def apply_event(state: AttentionState, event: Event) -> AttentionState:
    """`state` after `event` (the running app keeps its state current this way)."""
    cards = dict(state.cards)
    nudges = list(state.nudges_shown)
    snoozed = _fold(cards, nudges, state.snoozed_until, event)
    return AttentionState(tuple(nudges), snoozed, cards)


def _fold(
    cards: dict[str, CardHistory], nudges: list[datetime], snoozed: datetime | None, event: Event
) -> datetime | None:
    """Apply one event in place; returns the snooze end."""
    if event.kind is EventKind.SNOOZED:
        return _parse(event.value) if event.value else None
    if event.kind is EventKind.SHOWN and event.value in UNASKED:
        nudges.append(event.ts)
    card_id = event.card_id
    if not card_id:
        return snoozed
    history = cards.get(card_id, CardHistory())
    if event.kind is EventKind.SHOWN:
        if event.value not in (REVIEW, REFLECTION):  # a review prompt is not the card
            history = replace(history, unopened_impressions=history.unopened_impressions + 1)
    elif event.kind is EventKind.OPENED:
        history = replace(history, unopened_impressions=0)
    elif event.kind is EventKind.COMPLETED:
        history = replace(history, completed=True)
    elif event.kind is EventKind.DISMISSED and event.value == FOREVER:
        history = replace(history, dismissed_forever=True)
    cards[card_id] = history
    return snoozed
