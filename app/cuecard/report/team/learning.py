"""Folds for new hires on paths, learning sprints and the pulse (time order, bounded by
people × paths and sprints, never by the number of statements)."""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from cuecard.learning.paths import plan_days, working_day_number
from cuecard.models import LearningPath, Sprint
from cuecard.report.team.cache import CachedRow
from cuecard.report.team.cards import local_day
from cuecard.report.team.model import (
    Cohort,
    PathDay,
    PathFigures,
    PulseFigures,
    Quote,
    SprintFigures,
    Theme,
)
from cuecard.report.team.privacy import Gate, quartiles
from cuecard.report.team.records import Kind
from cuecard.report.team.themes import ThemeCounter

APPLIED_LINES = 30


@dataclass
class _Run:
    """One person's time on one path, from their latest joining."""

    joined: str
    days: set[int] = field(default_factory=set)
    done: str | None = None


class PathFold:
    KINDS = frozenset({Kind.PATH_JOINED, Kind.PATH_DAY, Kind.PATH_DONE})

    def __init__(self) -> None:
        self.runs: dict[tuple[str, int], _Run] = {}

    def take(self, row: CachedRow) -> None:
        key = (row.subject, row.actor)
        if row.kind == Kind.PATH_JOINED:
            self.runs[key] = _Run(row.ts)
        elif (run := self.runs.get(key)) is not None:  # no joining in the period: not counted
            if row.kind == Kind.PATH_DAY and row.value:
                run.days.add(row.value)
            elif row.kind == Kind.PATH_DONE and run.done is None:
                run.done = row.ts

    def figures(
        self,
        gate: Gate,
        content: Mapping[str, LearningPath],
        title: Callable[[str], str],
        today: date,
    ) -> tuple[PathFigures, ...]:
        by_path: dict[str, list[_Run]] = {}
        for (path_id, _person), run in self.runs.items():
            by_path.setdefault(path_id, []).append(run)
        made = []
        for path_id, runs in by_path.items():
            if not gate.enough(len(runs)):
                gate.leave_out("New hires", f"paths joined by fewer than {gate.k} people")
                continue
            path = content.get(path_id)
            plan = plan_days(path) if path else ()
            length = len(plan) or max((max(r.days, default=0) for r in runs), default=0)
            finished = [run for run in runs if run.done]
            stuck = _stuck(runs, length, today)
            made.append(
                PathFigures(
                    path_id,
                    path.name if path else path_id,
                    len(runs),
                    gate.figure("New hires", len(finished), len(finished)),
                    _cohorts(gate, runs),
                    tuple(
                        _day(
                            gate, runs, day, plan[day - 1] if day <= len(plan) else (), title, stuck
                        )
                        for day in range(1, length + 1)
                    ),
                )
            )
        return tuple(sorted(made, key=lambda p: (p.name.lower(), p.path_id)))


def _cohorts(gate: Gate, runs: list[_Run]) -> tuple[Cohort, ...]:
    months: dict[str, list[_Run]] = {}
    for run in runs:
        months.setdefault(local_day(run.joined).strftime("%Y-%m"), []).append(run)
    cohorts = []
    for label, members in sorted(months.items()):
        if not gate.enough(len(members)):
            gate.leave_out("New hires", f"monthly cohorts of fewer than {gate.k} people")
            continue
        days = sorted(
            float(working_day_number(local_day(run.joined), local_day(run.done)))
            for run in members
            if run.done
        )
        low, mid, high = quartiles(days) if gate.enough(len(days)) else (None, None, None)
        cohorts.append(
            Cohort(
                label, len(members), gate.figure("New hires", len(days), len(days)), mid, low, high
            )
        )
    return tuple(cohorts)


def _stuck(runs: list[_Run], length: int, today: date) -> Counter[int]:
    """Per day, the people who stopped there behind the plan: not finished, the day is
    their first unfinished one, and the plan has them past it by today."""
    stuck: Counter[int] = Counter()
    for run in runs:
        if run.done:
            continue
        first = next((day for day in range(1, length + 1) if day not in run.days), None)
        if first is not None and working_day_number(local_day(run.joined), today) > first:
            stuck[first] += 1
    return stuck


def _day(
    gate: Gate,
    runs: list[_Run],
    day: int,
    cards: tuple[str, ...],
    title: Callable[[str], str],
    stuck: Counter[int],
) -> PathDay:
    finished = sum(1 for run in runs if day in run.days)
    return PathDay(
        day,
        tuple(title(card) for card in cards),
        gate.figure("New hires", finished, finished),
        gate.figure("New hires", stuck[day], stuck[day]),
    )


@dataclass
class _Sprint:
    joined: set[int] = field(default_factory=set)
    left: set[int] = field(default_factory=set)
    finished: set[int] = field(default_factory=set)
    applied: deque[tuple[str, str]] = field(default_factory=lambda: deque(maxlen=APPLIED_LINES))
    writers: set[int] = field(default_factory=set)


class SprintFold:
    KINDS = frozenset({Kind.SPRINT_JOINED, Kind.SPRINT_LEFT, Kind.SPRINT_DONE})

    def __init__(self) -> None:
        self.sprints: dict[str, _Sprint] = {}

    def take(self, row: CachedRow) -> None:
        sprint = self.sprints.setdefault(row.subject, _Sprint())
        if row.kind == Kind.SPRINT_JOINED:
            sprint.joined.add(row.actor)
        elif row.kind == Kind.SPRINT_LEFT:
            sprint.left.add(row.actor)
        else:
            sprint.finished.add(row.actor)
            if row.text:
                sprint.applied.append((row.ts, row.text))
                sprint.writers.add(row.actor)

    def figures(self, gate: Gate, content: Mapping[str, Sprint]) -> tuple[SprintFigures, ...]:
        section = "Learning sprints"
        made = []
        for sprint_id, sprint in self.sprints.items():
            if not gate.enough(sprint.joined):
                gate.leave_out(section, f"sprints joined by fewer than {gate.k} people")
                continue
            quotes: tuple[Quote, ...] = ()
            if gate.enough(sprint.writers):
                quotes = tuple(Quote(local_day(ts), text) for ts, text in reversed(sprint.applied))
            elif sprint.writers:
                why = f"what was applied: fewer than {gate.k} people of a sprint shared it"
                gate.leave_out(section, why, len(sprint.writers))
            known = content.get(sprint_id)
            made.append(
                SprintFigures(
                    sprint_id,
                    known.name if known else sprint_id,
                    len(sprint.joined),
                    gate.figure(section, len(sprint.left), sprint.left),
                    gate.figure(section, len(sprint.finished), sprint.finished),
                    quotes,
                    gate.figure(section, len(sprint.writers), sprint.writers),
                )
            )
        return tuple(sorted(made, key=lambda s: (s.name.lower(), s.sprint_id)))


class PulseFold:
    KINDS = frozenset({Kind.PULSE})

    def __init__(self) -> None:
        self.answers = 0
        self.people: set[int] = set()
        self.learning = ThemeCounter()
        self.helps = ThemeCounter()

    def take(self, row: CachedRow) -> None:
        self.answers += 1
        self.people.add(row.actor)
        self.learning.add(row.actor, row.text)
        self.helps.add(row.actor, row.text2)

    def figures(self, gate: Gate) -> PulseFigures:
        section = "Pulse"
        themes = []
        for counter in (self.learning, self.helps):
            top, rare = counter.top(gate.k) if gate.enough(self.people) else ([], 0)
            gate.leave_out(section, f"words and phrases used by fewer than {gate.k} people", rare)
            themes.append(tuple(Theme(phrase, people) for phrase, people in top))
        return PulseFigures(
            gate.figure(section, self.answers, self.people),
            gate.figure(section, len(self.people), self.people),
            themes[0],
            themes[1],
        )
