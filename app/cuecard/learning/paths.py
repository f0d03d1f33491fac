"""Onboarding paths: a day-by-day sequence of cards, counted in working days from the
day the learner joined. Today's cards (and any left over from earlier days) are the
ones nudges prefer while the path is active."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from cuecard.learning.model import LearningRecord
from cuecard.models import LearningPath

WEEKEND = (5, 6)  # Saturday, Sunday


def first_working_day(day: date) -> date:
    while day.weekday() in WEEKEND:
        day += timedelta(days=1)
    return day


def working_day_number(joined: date, today: date) -> int:
    """1 on the first working day from `joined` on, 2 on the next, ...; weekends do not
    count (0 before the first working day)."""
    start = first_working_day(joined)
    if today < start:
        return 0
    weeks, extra = divmod((today - start).days, 7)
    number = weeks * 5
    for offset in range(extra + 1):
        if (start + timedelta(days=offset)).weekday() not in WEEKEND:
            number += 1
    return number


@dataclass(frozen=True, slots=True)
class PathProgress:
    """Where the learner is on a path today."""

    path: LearningPath
    joined: date
    day: int  # working day of the path, 1-based, at most the path's length
    today: tuple[str, ...]  # today's cards not yet completed
    behind: tuple[str, ...]  # earlier days' cards not yet completed
    upcoming: tuple[str, ...]  # the next day's cards
    done: int
    total: int

    @property
    def finished(self) -> bool:
        return self.done >= self.total

    @property
    def days(self) -> int:
        return len(self.path.days)


def path_progress(
    path: LearningPath, joined: date, completed: frozenset[str], today: date
) -> PathProgress:
    days = path.days or tuple((card,) for card in path.cards)
    number = min(max(working_day_number(joined, today), 1), len(days))
    index = number - 1
    todo = [card for card in days[index] if card not in completed]
    behind = [card for day in days[:index] for card in day if card not in completed]
    upcoming = (
        tuple(c for c in days[index + 1] if c not in completed) if index + 1 < len(days) else ()
    )
    done = sum(1 for card in path.cards if card in completed)
    return PathProgress(
        path,
        joined,
        number,
        tuple(todo),
        tuple(dict.fromkeys(behind)),
        upcoming,
        done,
        len(path.cards),
    )


def active_paths(
    paths: Sequence[LearningPath], record: LearningRecord, today: date
) -> list[PathProgress]:
    """Progress on every path the learner is on (finished ones included)."""
    completed = record.completed
    return [
        path_progress(path, record.paths[path.id].astimezone().date(), completed, today)
        for path in paths
        if path.id in record.paths
    ]


def preferred_cards(progress: Iterable[PathProgress]) -> frozenset[str]:
    """The cards nudges prefer: today's and any left from earlier days, on unfinished paths."""
    return frozenset(
        card for item in progress if not item.finished for card in (*item.behind, *item.today)
    )


def paths_to_join(setting: Sequence[str], record: LearningRecord) -> list[str]:
    """Paths named in `learner.paths` that the learner has never joined (a path the
    learner left stays left, even when the setting still names it)."""
    return [path_id for path_id in dict.fromkeys(setting) if path_id not in record.paths_ever]


def plan_days(path: LearningPath) -> tuple[tuple[str, ...], ...]:
    """The path's cards by day (a path without `days:` has one card a day)."""
    return path.days or tuple((card,) for card in path.cards)


def days_done(path: LearningPath, completed: frozenset[str]) -> frozenset[int]:
    """The days (1-based) whose cards are all completed, in whatever order."""
    return frozenset(
        number
        for number, cards in enumerate(plan_days(path), 1)
        if cards and all(card in completed for card in cards)
    )


def path_finished(path: LearningPath, completed: frozenset[str]) -> bool:
    return bool(path.cards) and all(card in completed for card in path.cards)


def newly_done(
    path: LearningPath, before: frozenset[str], after: frozenset[str]
) -> tuple[tuple[int, ...], bool]:
    """(days finished, whether the whole path was finished) going from the completed
    cards `before` to `after`: what a completion (or joining, from nothing) achieves."""
    days = tuple(sorted(days_done(path, after) - days_done(path, before)))
    return days, path_finished(path, after) and not path_finished(path, before)
