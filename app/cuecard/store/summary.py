"""What the learning record adds up to: the user's own progress, and per-card figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlite_utils

from cuecard.store.log import LogEntry, list_entries

WEEKS_SHOWN = 12
RECENT_COMPLETED = 10


@dataclass(frozen=True, slots=True)
class LearnerSummary:
    """The user's learning: never compared with anyone else's."""

    completed_this_week: int
    completed_total: int
    weekly: tuple[tuple[date, int], ...]  # (Monday, completions), oldest first
    in_progress: tuple[str, ...]  # card ids with a step ticked, not completed, newest first
    recent_log: tuple[LogEntry, ...]
    steps_done: tuple[int, ...] = ()  # steps ticked so far, one per in_progress card
    recently_completed: tuple[tuple[str, date], ...] = ()  # newest first, each card once


@dataclass(frozen=True, slots=True)
class CardStats:
    """What happened with one card, for authors."""

    card_id: str
    shown: int = 0
    opened: int = 0
    completed: int = 0
    helpful: int = 0
    not_helpful: int = 0
    outdated_reports: int = 0

    @property
    def completion_rate(self) -> float | None:
        return self.completed / self.opened if self.opened else None


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def learner_summary(db: sqlite_utils.Database, now: datetime) -> LearnerSummary:
    local_now = now.astimezone()
    this_week = monday(local_now.date())
    first_week = this_week - timedelta(weeks=WEEKS_SHOWN - 1)
    completions = [
        (card_id, datetime.fromisoformat(ts).astimezone().date())
        for card_id, ts in db.execute(
            "SELECT card_id, ts FROM events WHERE kind = 'completed' ORDER BY ts"
        ).fetchall()
    ]
    per_week = {first_week + timedelta(weeks=n): 0 for n in range(WEEKS_SHOWN)}
    for _, day in completions:
        week = monday(day)
        if week in per_week:
            per_week[week] += 1
    done = {card_id for card_id, _ in completions}
    # Begun = a step ticked; a card only opened (or offered) is not "in progress".
    begun = [
        (card_id, steps)
        for card_id, steps in db.execute(
            "SELECT card_id, count(DISTINCT value) FROM events WHERE kind = 'step_done' "
            "AND card_id IS NOT NULL GROUP BY card_id ORDER BY max(ts) DESC"
        ).fetchall()
        if card_id not in done
    ]
    latest: dict[str, date] = {}
    for card_id, day in reversed(completions):  # newest first, each card once
        latest.setdefault(card_id, day)
    return LearnerSummary(
        completed_this_week=per_week[this_week],
        completed_total=len(completions),
        weekly=tuple(sorted(per_week.items())),
        in_progress=tuple(card_id for card_id, _ in begun),
        recent_log=tuple(list_entries(db, limit=5)),
        steps_done=tuple(steps for _, steps in begun),
        recently_completed=tuple(list(latest.items())[:RECENT_COMPLETED]),
    )


def card_stats(db: sqlite_utils.Database) -> dict[str, CardStats]:
    rows = db.execute(
        "SELECT card_id, kind, value, count(*) FROM events WHERE card_id IS NOT NULL "
        "GROUP BY card_id, kind, value"
    ).fetchall()
    counts: dict[str, dict[str, int]] = {}
    for card_id, kind, value, count in rows:
        key = f"rated_{value}" if kind == "rated" else kind
        per_card = counts.setdefault(card_id, {})
        per_card[key] = per_card.get(key, 0) + count
    return {
        card_id: CardStats(
            card_id,
            c.get("shown", 0),
            c.get("opened", 0),
            c.get("completed", 0),
            c.get("rated_up", 0),
            c.get("rated_down", 0),
            c.get("reported_outdated", 0),
        )
        for card_id, c in counts.items()
    }
