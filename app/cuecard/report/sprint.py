"""`cuecard report --sprint ID --html FILE`: one sprint's summary page for the learner
(and to share with a team lead): goal, dates, cards done, reviews, the learning log
during the sprint and what was applied to a real task."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlite_utils

from cuecard.learning.model import LearningRecord
from cuecard.learning.sprints import SprintProgress, sprint_progress
from cuecard.models import Card, Sprint
from cuecard.store.log import LogEntry, list_entries


@dataclass(frozen=True, slots=True)
class SprintCardRow:
    """One card of the sprint: when it was completed in the sprint, reviews in it."""

    card_id: str
    title: str
    completed: date | None
    reviews: int


@dataclass(frozen=True)
class SprintReport:
    """Everything the sprint page shows."""

    generated: date
    progress: SprintProgress
    cards: tuple[SprintCardRow, ...]
    per_day: tuple[tuple[date, int], ...]  # completions of sprint cards per sprint day
    log: tuple[LogEntry, ...]

    @property
    def sprint(self) -> Sprint:
        return self.progress.sprint


def _events(
    db: sqlite_utils.Database, kind: str, card_ids: tuple[str, ...]
) -> list[tuple[str, datetime]]:
    if not card_ids:
        return []
    marks = ",".join("?" * len(card_ids))
    rows = db.execute(
        f"SELECT card_id, ts FROM events WHERE kind = ? AND card_id IN ({marks}) ORDER BY ts",
        [kind, *card_ids],
    ).fetchall()
    return [(card_id, datetime.fromisoformat(ts)) for card_id, ts in rows]


def build_sprint_report(
    sprint: Sprint,
    cards: Mapping[str, Card],
    record: LearningRecord,
    db: sqlite_utils.Database,
    today: date,
) -> SprintReport:
    progress = sprint_progress(sprint, cards, record, today)
    start = progress.start
    end = min(progress.end, today) if progress.end is not None else None

    def inside(moment: datetime) -> bool:
        day = moment.astimezone().date()
        return start is not None and end is not None and start <= day <= end

    completions = [(c, t) for c, t in _events(db, "completed", progress.cards) if inside(t)]
    reviews = [(c, t) for c, t in _events(db, "recall_reviewed", progress.cards) if inside(t)]
    first_done: dict[str, date] = {}
    for card_id, moment in completions:
        first_done.setdefault(card_id, moment.astimezone().date())
    rows = tuple(
        SprintCardRow(
            card_id,
            cards[card_id].title,
            first_done.get(card_id),
            sum(1 for c, _ in reviews if c == card_id),
        )
        for card_id in progress.cards
    )
    per_day: tuple[tuple[date, int], ...] = ()
    if start is not None and end is not None and end >= start:
        counts = {start + timedelta(days=n): 0 for n in range((end - start).days + 1)}
        for day in first_done.values():
            if day in counts:
                counts[day] += 1
        per_day = tuple(sorted(counts.items()))
    log = tuple(e for e in list_entries(db) if inside(e.ts)) if start is not None else ()
    return SprintReport(today, progress, rows, per_day, log)
