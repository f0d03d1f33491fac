"""The learner's record for the learning rules, folded from the event log (and the
`seen` table of card sightings). Pure folding lives here, next to the events it reads;
the rules themselves are in cuecard.learning."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import sqlite_utils

from cuecard.learning.model import (
    CardProgress,
    Grade,
    LearningRecord,
    PulseAnswer,
    SprintMembership,
)
from cuecard.store.events import (
    PULSE,
    REFLECTION,
    REFRESHER,
    REVIEW,
    Event,
    EventKind,
)

LEARNING_KINDS = (
    EventKind.SHOWN,
    EventKind.OPENED,
    EventKind.COMPLETED,
    EventKind.RECALL_REVIEWED,
    EventKind.PATH_JOINED,
    EventKind.PATH_LEFT,
    EventKind.SPRINT_JOINED,
    EventKind.SPRINT_LEFT,
    EventKind.SPRINT_FINISHED,
    EventKind.PULSE_ANSWERED,
    EventKind.PULSE_SKIPPED,
)
GRADES = frozenset(grade.value for grade in Grade)


def load_learning(db: sqlite_utils.Database) -> LearningRecord:
    """The whole record, replayed in the order events were written."""
    kinds = ", ".join(f"'{kind.value}'" for kind in LEARNING_KINDS if kind is not EventKind.SHOWN)
    shown = ", ".join(f"'{value}'" for value in (REVIEW, REFRESHER, PULSE, REFLECTION))
    rows = db.execute(
        f"SELECT kind, ts, card_id, value, comment FROM events WHERE kind IN ({kinds}) "
        f"OR (kind = 'shown' AND value IN ({shown})) ORDER BY id"
    ).fetchall()
    record = fold(
        LearningRecord(),
        (
            Event(EventKind(kind), datetime.fromisoformat(ts), card_id, value, comment)
            for kind, ts, card_id, value, comment in rows
        ),
    )
    cards = dict(record.cards)
    if "seen" in db.table_names():
        for card_id, last, previous in db.execute(
            "SELECT card_id, last_seen, previous_seen FROM seen"
        ).fetchall():
            cards[card_id] = replace(
                cards.get(card_id, CardProgress()),
                last_seen=_time(last),
                previous_seen=_time(previous),
            )
    return replace(record, cards=cards)


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


@dataclass
class _Parts:
    """A LearningRecord being built: mutable maps, frozen again by `record()`."""

    cards: dict[str, CardProgress]
    paths: dict[str, datetime]
    paths_ever: set[str]
    sprints: dict[str, SprintMembership]
    answers: list[PulseAnswer]
    base: LearningRecord

    @classmethod
    def of(cls, record: LearningRecord) -> _Parts:
        return cls(
            dict(record.cards),
            dict(record.paths),
            set(record.paths_ever),
            dict(record.sprints),
            list(record.pulse_answers),
            record,
        )

    def record(self) -> LearningRecord:
        return replace(
            self.base,
            cards=self.cards,
            paths=self.paths,
            paths_ever=frozenset(self.paths_ever),
            sprints=self.sprints,
            pulse_answers=tuple(self.answers),
        )


def fold(record: LearningRecord, events: Iterable[Event]) -> LearningRecord:
    """`record` after all of `events`, in order (linear in their number)."""
    parts = _Parts.of(record)
    for event in events:
        if event.kind in LEARNING_KINDS:
            _apply(parts, event)
    return parts.record()


def apply_learning_event(record: LearningRecord, event: Event) -> LearningRecord:
    """`record` after `event` (events that say nothing about learning leave it as is)."""
    if event.kind not in LEARNING_KINDS:
        return record
    parts = _Parts.of(record)
    _apply(parts, event)
    return parts.record()


def _apply(parts: _Parts, event: Event) -> None:
    kind, ts, value = event.kind, event.ts, event.value or ""
    if kind is EventKind.PATH_JOINED and value:
        parts.paths[value] = ts
        parts.paths_ever.add(value)
    elif kind is EventKind.PATH_LEFT and value:
        parts.paths.pop(value, None)
    elif kind in (EventKind.SPRINT_JOINED, EventKind.SPRINT_LEFT, EventKind.SPRINT_FINISHED):
        _sprint(parts.sprints, event)
    elif kind in (EventKind.PULSE_ANSWERED, EventKind.PULSE_SKIPPED):
        if kind is EventKind.PULSE_ANSWERED:
            parts.answers.append(PulseAnswer(ts, value, event.comment or ""))
        parts.base = replace(parts.base, pulse_asked=ts)
    elif kind is EventKind.SHOWN and event.card_id is None:
        if value == PULSE:
            parts.base = replace(parts.base, pulse_offered=ts)
        elif value == REFLECTION:
            parts.base = replace(parts.base, reflection_offered=ts)
    elif event.card_id is not None:
        current = parts.cards.get(event.card_id, CardProgress())
        parts.cards[event.card_id] = _card(current, event)


def _card(progress: CardProgress, event: Event) -> CardProgress:
    kind, ts = event.kind, event.ts
    if kind is EventKind.OPENED:
        return progress.evolve(opened_since_completion=True)
    if kind is EventKind.COMPLETED:
        unaided = progress.completions > 0 and not progress.opened_since_completion
        return progress.evolve(
            completions=progress.completions + 1,
            unaided_streak=progress.unaided_streak + 1 if unaided else 0,
            opened_since_completion=False,
            first_completed=min(progress.first_completed or ts, ts),
            last_completed=ts,
        )
    if kind is EventKind.RECALL_REVIEWED and event.value in GRADES:
        return progress.evolve(reviews=(*progress.reviews, (ts, Grade(event.value))))
    if kind is EventKind.SHOWN and event.value == REVIEW:
        return progress.evolve(review_offered=ts)
    if kind is EventKind.SHOWN and event.value == REFRESHER:
        return progress.evolve(refresher_shown=ts)
    return progress


def _sprint(sprints: dict[str, SprintMembership], event: Event) -> None:
    sprint_id = event.value or ""
    if not sprint_id:
        return
    current = sprints.get(sprint_id)
    if event.kind is EventKind.SPRINT_JOINED:
        sprints[sprint_id] = SprintMembership(event.ts)
    elif current is None:
        return
    elif event.kind is EventKind.SPRINT_LEFT:
        sprints[sprint_id] = replace(current, left=event.ts)
    else:
        sprints[sprint_id] = replace(current, finished=event.ts, applied=event.comment or "")


def sighted(
    record: LearningRecord, card_ids: Iterable[str], now: datetime
) -> tuple[LearningRecord, list[tuple[str, datetime, datetime | None]]]:
    """Note that windows these cards fit are active now; at most once a day per card.
    Returns the new record and the rows to save (card, last seen, seen before that)."""
    today = now.astimezone().date()
    cards = dict(record.cards)
    rows = []
    for card_id in card_ids:
        progress = cards.get(card_id, CardProgress())
        last = progress.last_seen
        if last is not None and last.astimezone().date() >= today:
            continue
        cards[card_id] = replace(progress, last_seen=now, previous_seen=last)
        rows.append((card_id, now, last))
    return (replace(record, cards=cards), rows) if rows else (record, rows)


def save_sightings(
    db: sqlite_utils.Database, rows: list[tuple[str, datetime, datetime | None]]
) -> None:
    with db.conn:
        db["seen"].upsert_all(  # type: ignore[union-attr]
            [
                {
                    "card_id": card_id,
                    "last_seen": last.astimezone(UTC).isoformat(),
                    "previous_seen": previous.astimezone(UTC).isoformat() if previous else None,
                }
                for card_id, last, previous in rows
            ],
            pk="card_id",
        )
