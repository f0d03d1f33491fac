"""A simulated organisation: 60 people over 8 weeks, generated with a fixed seed.

Each person has a real learning record and records what they do through the app's own
store functions and outbox recorder (so their statements are the app's own); `Truth`
keeps what the simulation did, counted here, for the report to be checked against.
Teams: sales (30), support (26), tiny (4: every figure about them must stay hidden).
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

import sqlite_utils

from cuecard.clock import FixedClock
from cuecard.models import LearningPath
from cuecard.store import outbox
from cuecard.store.db import open_db
from cuecard.store.events import PROACTIVE, Event, EventKind, write_events
from cuecard.store.log import add_entry
from cuecard.store.searches import record_missed_search
from cuecard.sync.recorder import OutboxRecorder, StatementSettings
from cuecard.sync.statements import CardInfo
from tests.report.team.org_content import (
    PATH_DAYS,
    PATH_ID,
    TIPS,
    TITLES,
)

HOME = "https://org.example"
SEED = 2026
PATH = LearningPath(
    "First week",
    tuple(c for day in PATH_DAYS for c in day),
    Path("first-week.yaml"),
    id=PATH_ID,
    days=PATH_DAYS,
)
HOSTILE = "<script>alert(1)</script> & <b>not bold</b>"


def working_days(start: date, end: date) -> int:
    """Working days from `start` to `end`, both counted (the simulation's own count)."""
    return sum(1 for n in range((end - start).days + 1) if (start + timedelta(n)).weekday() < 5)


def nth_working_day(start: date, n: int) -> date:
    day, seen = start, 0
    while True:
        if day.weekday() < 5:
            seen += 1
            if seen == n:
                return day
        day += timedelta(days=1)


@dataclass
class CardTruth:
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    people: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))


@dataclass
class Truth:
    """What the simulation did, counted by the simulation."""

    people: set[int] = field(default_factory=set)
    teams: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    actors: list[str] = field(default_factory=list)
    cards: dict[str, CardTruth] = field(default_factory=lambda: defaultdict(CardTruth))
    cohorts: dict[str, list[int]] = field(default_factory=dict)  # month -> durations
    cohort_joined: dict[str, int] = field(default_factory=dict)
    day_finished: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    day_stalled: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    sprint: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    applied: list[str] = field(default_factory=list)
    tip_users: dict[str, dict[str, set[int]]] = field(default_factory=dict)
    tip_sharers: set[int] = field(default_factory=set)
    pulse_people: set[int] = field(default_factory=set)
    pulse_answers: int = 0
    phrases: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    wall: list[tuple[datetime, str]] = field(default_factory=list)
    missed: int = 0
    missed_people: set[int] = field(default_factory=set)
    queries: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    statements: int = 0


@dataclass
class Person:
    index: int
    team: str
    share: bool
    db: sqlite_utils.Database
    recorder: OutboxRecorder
    clock: FixedClock
    items: list[tuple[datetime, int, object]] = field(default_factory=list)

    def event(
        self,
        when: datetime,
        kind: EventKind,
        card: str | None = None,
        value: str | None = None,
        comment: str | None = None,
    ) -> None:
        self.items.append((when, len(self.items), Event(kind, when, card, value, comment)))

    def log(self, when: datetime, text: str, card: str | None = None) -> None:
        self.items.append((when, len(self.items), ("log", text, card)))

    def search(self, when: datetime, query: str) -> None:
        self.items.append((when, len(self.items), ("search", query, None)))

    def record(self) -> None:
        """Everything in time order, a day's events in one write as the app batches them."""
        batch: list[Event] = []
        for when, _, item in sorted(self.items, key=lambda i: (i[0], i[1])):
            if isinstance(item, Event) and (not batch or batch[0].ts.date() == when.date()):
                batch.append(item)
                continue
            self.flush(batch)
            batch = [item] if isinstance(item, Event) else []
            if not isinstance(item, Event):
                self.clock.set(when)
                kind, text, card = item  # type: ignore[misc]
                if kind == "log":
                    add_entry(self.db, text, when, card, self.recorder.log_entry)
                else:
                    record_missed_search(self.db, text, self.recorder.missed_search)
        self.flush(batch)

    def flush(self, batch: list[Event]) -> None:
        if batch:
            self.clock.set(batch[-1].ts)
            write_events(self.db, batch, self.recorder.events)


class Organisation:
    """Builds everyone's record; `truth` is what happened."""

    def __init__(self, folder: Path, now: datetime) -> None:
        self.rng = random.Random(SEED)
        self.now = now
        self.today = now.date()
        self.start = self.today - timedelta(days=self.today.weekday(), weeks=8)  # a Monday
        self.truth = Truth()
        cards = {cid: CardInfo(title, "guide") for cid, title in TITLES.items()}
        cards.update({tid: CardInfo(t, "card") for tid, t in TIPS.items() if t})
        self.people: list[Person] = []
        for index in range(60):
            team = "sales" if index < 30 else ("support" if index < 56 else "tiny")
            share = index % 2 == 0
            db = open_db(folder / f"person-{index}.db").db
            clock = FixedClock(now)
            settings = StatementSettings(HOME, share, (team,))
            recorder = OutboxRecorder(settings, cards.get, clock, paths=lambda: (PATH,))
            self.people.append(Person(index, team, share, db, recorder, clock))
            self.truth.people.add(index)
            self.truth.teams[team].add(index)
            self.truth.actors.append(outbox.actor_id(db))

    def at(self, day: date, minutes: int = 0) -> datetime:
        return datetime.combine(day, time(10, 0)).astimezone() + timedelta(minutes=minutes)

    def working(self, week: int, weekday: int) -> date:
        return self.start + timedelta(weeks=week, days=weekday)

    def card(
        self, person: Person, card_id: str, when: datetime, opened: bool, done: bool, shown: int = 0
    ) -> None:
        truth = self.truth.cards[card_id]
        for n in range(shown):
            person.event(when + timedelta(minutes=n), EventKind.SHOWN, card_id, PROACTIVE)
            truth.counts["views"] += 1
            truth.people["views"].add(person.index)
        if opened:
            person.event(when + timedelta(minutes=shown), EventKind.OPENED, card_id)
            truth.counts["opens"] += 1
            truth.people["opens"].add(person.index)
        if done:
            person.event(when + timedelta(minutes=shown + 1), EventKind.COMPLETED, card_id)
            truth.counts["completions"] += 1
            truth.people["completions"].add(person.index)
        if shown or opened or done:
            truth.people["any"].add(person.index)

    def rate(self, person: Person, card_id: str, when: datetime, up: bool) -> None:
        person.event(when, EventKind.RATED, card_id, "up" if up else "down")
        truth = self.truth.cards[card_id]
        truth.counts["up" if up else "down"] += 1
        truth.people["votes"].add(person.index)
        truth.people["any"].add(person.index)

    def build(self) -> Truth:
        from tests.report.team.simulation_plan import plan

        plan(self)
        for person in self.people:
            person.record()
            self.truth.statements += outbox.counts(person.db).pending
        return self.truth
