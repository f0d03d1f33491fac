"""The learner's record for the learning rules, folded from the event log (and the
`seen` table of card sightings). Pure folding lives here, next to the events it reads;
the rules themselves are in cuecard.learning."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
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
    kinds = ", ".join(f"'{kind.value}'" for kind in LEARNING_KINDS)
    rows = db.execute(
        f"SELECT kind, ts, card_id, value, comment FROM events WHERE kind IN ({kinds}) ORDER BY id"
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


def fold(record: LearningRecord, events: Iterable[Event]) -> LearningRecord:
    for event in events:
        record = apply_learning_event(record, event)
    return record


def apply_learning_event(record: LearningRecord, event: Event) -> LearningRecord:
    """`record` after `event` (events that say nothing about learning leave it as is)."""
    kind, ts, value = event.kind, event.ts, event.value or ""
    if kind is EventKind.PATH_JOINED and value:
        return replace(
            record, paths={**record.paths, value: ts}, paths_ever=record.paths_ever | {value}
        )
    if kind is EventKind.PATH_LEFT and value:
        return replace(record, paths={k: v for k, v in record.paths.items() if k != value})
    if kind in (EventKind.SPRINT_JOINED, EventKind.SPRINT_LEFT, EventKind.SPRINT_FINISHED):
        return _sprint(record, event)
    if kind in (EventKind.PULSE_ANSWERED, EventKind.PULSE_SKIPPED):
        answers = record.pulse_answers
        if kind is EventKind.PULSE_ANSWERED:
            answers = (*answers, PulseAnswer(ts, value, event.comment or ""))
        return replace(record, pulse_answers=answers, pulse_asked=ts)
    if kind is EventKind.SHOWN and event.card_id is None:
        if value == PULSE:
            return replace(record, pulse_offered=ts)
        if value == REFLECTION:
            return replace(record, reflection_offered=ts)
        return record
    if event.card_id is None:
        return record
    progress = _card(record.card(event.card_id), event)
    return replace(record, cards={**record.cards, event.card_id: progress})


def _card(progress: CardProgress, event: Event) -> CardProgress:
    kind, ts = event.kind, event.ts
    if kind is EventKind.OPENED:
        return replace(progress, opened_since_completion=True)
    if kind is EventKind.COMPLETED:
        unaided = progress.completions > 0 and not progress.opened_since_completion
        return replace(
            progress,
            completions=progress.completions + 1,
            unaided_streak=progress.unaided_streak + 1 if unaided else 0,
            opened_since_completion=False,
            first_completed=min(progress.first_completed or ts, ts),
            last_completed=ts,
        )
    if kind is EventKind.RECALL_REVIEWED and event.value in GRADES:
        return replace(progress, reviews=(*progress.reviews, (ts, Grade(event.value))))
    if kind is EventKind.SHOWN and event.value == REVIEW:
        return replace(progress, review_offered=ts)
    if kind is EventKind.SHOWN and event.value == REFRESHER:
        return replace(progress, refresher_shown=ts)
    return progress


def _sprint(record: LearningRecord, event: Event) -> LearningRecord:
    sprint_id = event.value or ""
    if not sprint_id:
        return record
    current = record.sprints.get(sprint_id)
    if event.kind is EventKind.SPRINT_JOINED:
        membership = SprintMembership(event.ts)
    elif current is None:
        return record
    elif event.kind is EventKind.SPRINT_LEFT:
        membership = replace(current, left=event.ts)
    else:
        membership = replace(current, finished=event.ts, applied=event.comment or "")
    return replace(record, sprints={**record.sprints, sprint_id: membership})


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
