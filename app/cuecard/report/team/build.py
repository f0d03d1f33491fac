"""Build the team view from the cache's rows in one pass (pure: time and content are
parameters). Every fold sees every row; each keeps only what its figures need."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from cuecard.models import Card, LearningPath, Sprint
from cuecard.report.team.cache import CachedRow
from cuecard.report.team.cards import CardFold, SearchFold, TipFold, WallFold, stale_by_steward
from cuecard.report.team.learning import PathFold, PulseFold, SprintFold
from cuecard.report.team.model import (
    MissedSearches,
    PulseFigures,
    TeamReport,
    TipsFigures,
    Wall,
)
from cuecard.report.team.privacy import Gate
from cuecard.report.team.records import Kind

NO_STEWARD = "No steward"


class Fold(Protocol):
    """Takes the rows of the kinds it reads, one at a time, in time order."""

    KINDS: frozenset[Kind]

    def take(self, row: CachedRow) -> None: ...


@dataclass(frozen=True)
class Selection:
    """Which statements the page is about, and where they came from."""

    source: str
    since: date | None = None
    team: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Content:
    """The organisation's content as this machine has it (titles, stewards, path days)."""

    cards: Mapping[str, Card]
    paths: Sequence[LearningPath] = ()
    sprints: Sequence[Sprint] = ()


def build_team_report(
    rows: Iterable[CachedRow],
    names: Mapping[str, str],
    content: Content,
    selection: Selection,
    k: int,
    now: datetime,
) -> TeamReport:
    """The page's figures from `rows` (time order); `names`: card titles the statements
    gave (the newest), used before the local content's."""
    today = now.astimezone().date()
    cards, tips, searches, wall = CardFold(), TipFold(), SearchFold(), WallFold()
    paths, sprints, pulse = PathFold(), SprintFold(), PulseFold()
    folds: tuple[Fold, ...] = (cards, tips, searches, wall, paths, sprints, pulse)
    routes: dict[int, list[Callable[[CachedRow], None]]] = {}
    for fold in folds:  # each row goes only to the folds that read its kind
        for kind in fold.KINDS:
            routes.setdefault(int(kind), []).append(fold.take)
    people: set[int] = set()
    count = 0
    for row in rows:
        count += 1
        people.add(row.actor)
        for take in routes.get(row.kind, ()):
            take(row)
    gate = Gate(k)

    def title(card_id: str) -> str:
        known = content.cards.get(card_id)
        return names.get(card_id) or (known.title if known else card_id)

    def published(card_id: str) -> str | None:
        known = content.cards.get(card_id)
        return names.get(card_id) or (known.title if known else None)

    stale = stale_by_steward(content.cards, today, NO_STEWARD)
    if not gate.enough(people):
        gate.leave_out(
            "Everything",
            f"every figure: the statements read come from fewer than {k} people",
            count,
        )
        return TeamReport(
            now,
            selection.source,
            selection.since,
            selection.team,
            k,
            None if people else 0,
            None if people else 0,
            (),
            MissedSearches(None, None, (), 0),
            stale,
            (),
            (),
            TipsFigures(None, None, None, None, ()),
            PulseFigures(None, None, (), ()),
            Wall((), None),
            gate.report(),
            selection.notes,
        )
    return TeamReport(
        now,
        selection.source,
        selection.since,
        selection.team,
        k,
        len(people),
        count,
        cards.figures(gate, title, content.cards, today),
        searches.figures(gate),
        stale,
        paths.figures(gate, {p.id: p for p in content.paths}, title, today),
        sprints.figures(gate, {s.id: s for s in content.sprints}),
        tips.figures(gate, published),
        pulse.figures(gate),
        wall.figures(gate, title),
        gate.report(),
        selection.notes,
    )
