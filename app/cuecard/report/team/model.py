"""What the team view shows: group figures only, each `None` when it is left out.

A figure is about a group of people; when fewer than k people are in that group it is
`None` here and the page shows "fewer than k" (a true zero stays 0). Nothing in these
types names or numbers a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

Shown = int | None  # None: left out, the group has fewer than k people


@dataclass(frozen=True, slots=True)
class CardFigures:
    """One card across people."""

    card_id: str
    title: str
    steward: str | None
    stale: bool
    people: int  # who did anything with it (at least k: rows about fewer are left out)
    views: Shown  # nudges, hints and refreshers that showed it
    opens: Shown
    completions: Shown
    completion_rate: float | None  # completions / opens
    helpful: float | None  # share of "helpful" votes
    votes: Shown
    outdated: Shown


@dataclass(frozen=True, slots=True)
class MissedSearches:
    """Searches that found nothing; the text only of those people chose to share."""

    total: Shown
    people: Shown
    queries: tuple[tuple[str, int], ...]  # (query, times), each searched by >= k people
    queries_left_out: int  # distinct shared queries searched by fewer than k people


@dataclass(frozen=True, slots=True)
class StaleCard:
    card_id: str
    title: str
    review_due: date


@dataclass(frozen=True, slots=True)
class Cohort:
    """New hires who joined a path in one month; days are working days."""

    label: str  # "2026-03"
    joined: Shown
    finished: Shown
    median_days: float | None
    p25_days: float | None
    p75_days: float | None


@dataclass(frozen=True, slots=True)
class PathDay:
    """One day of a path: who finished it, and who stopped there behind the plan."""

    day: int
    cards: tuple[str, ...]  # titles
    finished: Shown
    stalled: Shown


@dataclass(frozen=True)
class PathFigures:
    path_id: str
    name: str
    joined: Shown
    finished: Shown
    cohorts: tuple[Cohort, ...]
    days: tuple[PathDay, ...]


@dataclass(frozen=True, slots=True)
class Quote:
    """A line someone chose to share (never who wrote it): the day, the text, and the
    card it is about when there is one."""

    day: date
    text: str
    about: str = ""


@dataclass(frozen=True)
class SprintFigures:
    sprint_id: str
    name: str
    joined: Shown
    left: Shown
    finished: Shown
    applied: tuple[Quote, ...]  # newest first; empty unless >= k people shared one
    applied_writers: Shown


@dataclass(frozen=True, slots=True)
class TipFigures:
    """One shared tip and how others used it (never who shared it)."""

    card_id: str
    title: str
    month: str  # when it was shared, "2026-03"
    users: Shown  # other people who opened, completed or rated it
    opens: Shown
    completions: Shown


@dataclass(frozen=True)
class TipsFigures:
    shared: Shown  # tips shared
    sharers: Shown
    users: Shown  # people who used someone else's tip
    uses: Shown  # their opens and completions of others' tips
    tips: tuple[TipFigures, ...]  # published ones (others have seen them), by title


@dataclass(frozen=True, slots=True)
class Theme:
    """A word or phrase and how many people used it (at least k)."""

    phrase: str
    people: int


@dataclass(frozen=True)
class PulseFigures:
    answers: Shown
    people: Shown
    learning: tuple[Theme, ...]  # "What are you learning right now?"
    helps: tuple[Theme, ...]  # "What would help you learn?"


@dataclass(frozen=True)
class Wall:
    lines: tuple[Quote, ...]  # newest first; empty unless >= k people shared lines
    writers: Shown


@dataclass(frozen=True, slots=True)
class LeftOut:
    """One kind of thing the page leaves out, how many, and why."""

    section: str
    count: int
    why: str


@dataclass(frozen=True)
class TeamReport:
    """Everything the team page and its JSON show."""

    generated: datetime
    source: str  # the LRS, without credentials
    since: date | None
    team: str | None
    k: int
    people: Shown
    statements: Shown  # read from the cache for this page
    cards: tuple[CardFigures, ...]
    searches: MissedSearches
    stale: tuple[tuple[str, tuple[StaleCard, ...]], ...]  # by steward, alphabetical
    paths: tuple[PathFigures, ...]
    sprints: tuple[SprintFigures, ...]
    tips: TipsFigures
    pulse: PulseFigures
    wall: Wall
    left_out: tuple[LeftOut, ...]
    notes: tuple[str, ...] = ()  # about the data: from the cache only, how the LRS filters
