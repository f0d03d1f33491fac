"""Folds for cards, shared tips, searches that found nothing and the learning wall.

Each fold takes the cache's rows one at a time (time order) and keeps state bounded by
people × cards, never by the number of statements; `figures` applies the k rule.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from cuecard.models import Card
from cuecard.report.team.cache import CachedRow
from cuecard.report.team.model import (
    CardFigures,
    MissedSearches,
    Quote,
    StaleCard,
    TipFigures,
    TipsFigures,
    Wall,
)
from cuecard.report.team.privacy import Gate
from cuecard.report.team.records import Kind

# One bit per thing a person did with a card.
BITS: dict[int, int] = {
    Kind.SHOWN: 1,
    Kind.OPENED: 2,
    Kind.COMPLETED: 4,
    Kind.RATED: 8,
    Kind.OUTDATED: 16,
}
USES = frozenset({Kind.OPENED, Kind.COMPLETED, Kind.RATED})  # of a tip, by others
COUNTED: dict[int, int] = {Kind.SHOWN: 0, Kind.OPENED: 1, Kind.COMPLETED: 2, Kind.OUTDATED: 3}
WALL_LINES = 40
QUERY_LIMIT = 200


def local_day(ts: str) -> date:
    return datetime.fromisoformat(ts).astimezone().date()


@dataclass
class _Card:
    counts: list[int] = field(default_factory=lambda: [0, 0, 0, 0])  # views opens done outdated
    helpful: int = 0
    votes: int = 0
    people: dict[int, int] = field(default_factory=dict)  # person -> bits


class CardFold:
    """Per card: what happened and who (as bits per person), across people."""

    KINDS = frozenset(Kind(kind) for kind in BITS)

    def __init__(self) -> None:
        self.cards: dict[str, _Card] = {}

    def take(self, row: CachedRow) -> None:
        kind = row.kind
        card = self.cards.get(row.subject)
        if card is None:
            card = self.cards[row.subject] = _Card()
        card.people[row.actor] = card.people.get(row.actor, 0) | BITS[kind]
        if kind == Kind.RATED:
            card.votes += 1
            card.helpful += 1 if row.value else 0
        else:
            card.counts[COUNTED[kind]] += 1

    def figures(
        self, gate: Gate, title: Callable[[str], str], content: Mapping[str, Card], today: date
    ) -> tuple[CardFigures, ...]:
        rows = []
        for card_id, card in self.cards.items():
            if not gate.enough(len(card.people)):
                gate.leave_out("Cards", f"cards used by fewer than {gate.k} people")
                continue

            def who(bit: int, card: _Card = card) -> int:
                return sum(1 for bits in card.people.values() if bits & bit)

            opens, done = card.counts[1], card.counts[2]
            shown = [
                gate.figure("Cards", n, who(bit))
                for n, bit in zip(card.counts, (1, 2, 4, 16), strict=True)
            ]
            votes = gate.figure("Cards", card.votes, who(8))
            known = content.get(card_id)
            rows.append(
                CardFigures(
                    card_id,
                    title(card_id),
                    known.owner if known else None,
                    known.is_stale(today) if known else False,
                    len(card.people),
                    shown[0],
                    shown[1],
                    shown[2],
                    done / opens if shown[1] and shown[2] is not None else None,
                    card.helpful / card.votes if votes else None,
                    votes,
                    shown[3],
                )
            )
        rows.sort(key=lambda r: (-(r.views or 0) - (r.opens or 0), r.title.lower(), r.card_id))
        return tuple(rows)


class TipFold:
    """Shared tips, and what people other than the one who shared each did with it."""

    def __init__(self) -> None:
        self.sharers: dict[str, int] = {}  # tip card -> who shared it
        self.shared_on: dict[str, str] = {}
        self.users: dict[str, dict[int, list[int]]] = {}  # tip -> person -> [opens, done]

    KINDS = USES | {Kind.TIP_SHARED}

    def take(self, row: CachedRow) -> None:
        kind = row.kind
        if kind == Kind.TIP_SHARED:
            self.sharers.setdefault(row.subject, row.actor)
            self.shared_on.setdefault(row.subject, row.ts)
            return
        sharer = self.sharers.get(row.subject)
        if sharer is None or sharer == row.actor:
            return
        uses = self.users.setdefault(row.subject, {}).setdefault(row.actor, [0, 0])
        if kind == Kind.OPENED:
            uses[0] += 1
        elif kind == Kind.COMPLETED:
            uses[1] += 1

    def figures(self, gate: Gate, title: Callable[[str], str | None]) -> TipsFigures:
        section = "Anyone can teach"
        rows, unpublished = [], 0
        all_users: set[int] = set()
        uses = 0
        for card_id in self.sharers:
            users = self.users.get(card_id, {})
            all_users.update(users)
            uses += sum(a + b for a, b in users.values())
            name = title(card_id)
            if name is None and not users:
                unpublished += 1
                continue
            opens = sum(1 for a, _ in users.values() if a)
            done = sum(1 for _, b in users.values() if b)
            rows.append(
                TipFigures(
                    card_id,
                    name or card_id,
                    self.shared_on[card_id][:7],
                    gate.figure(section, len(users), len(users)),
                    gate.figure(section, sum(a for a, _ in users.values()), opens),
                    gate.figure(section, sum(b for _, b in users.values()), done),
                )
            )
        gate.leave_out(section, "tips not published yet (nobody else has seen them)", unpublished)
        sharers = set(self.sharers.values())
        return TipsFigures(
            gate.figure(section, len(self.sharers), sharers),
            gate.figure(section, len(sharers), sharers),
            gate.figure(section, len(all_users), all_users),
            gate.figure(section, uses, all_users),
            tuple(sorted(rows, key=lambda r: (r.title.lower(), r.card_id))),
        )


class SearchFold:
    """Searches that found nothing: how many, and the shared queries many people tried."""

    def __init__(self) -> None:
        self.total = 0
        self.people: set[int] = set()
        self.queries: dict[str, tuple[int, set[int]]] = {}

    KINDS = frozenset({Kind.MISSED_SEARCH})

    def take(self, row: CachedRow) -> None:
        self.total += 1
        self.people.add(row.actor)
        if row.text:
            query = " ".join(row.text.lower().split())[:QUERY_LIMIT]
            count, people = self.queries.get(query, (0, set()))
            people.add(row.actor)
            self.queries[query] = (count + 1, people)

    def figures(self, gate: Gate) -> MissedSearches:
        section = "Searches that found nothing"
        shown = sorted(
            ((q, n) for q, (n, people) in self.queries.items() if gate.enough(people)),
            key=lambda item: (-item[1], item[0]),
        )
        hidden = len(self.queries) - len(shown)
        gate.leave_out(section, f"shared searches tried by fewer than {gate.k} people", hidden)
        return MissedSearches(
            gate.figure(section, self.total, self.people),
            gate.figure(section, len(self.people), self.people),
            tuple(shown[:30]),
            hidden,
        )


class WallFold:
    """The newest learning-log lines people chose to share."""

    def __init__(self) -> None:
        self.lines: deque[tuple[str, str, str]] = deque(maxlen=WALL_LINES)
        self.writers: set[int] = set()
        self.count = 0

    KINDS = frozenset({Kind.LOGGED})

    def take(self, row: CachedRow) -> None:
        if row.text:
            self.lines.append((row.ts, row.text, row.subject))
            self.writers.add(row.actor)
            self.count += 1

    def figures(self, gate: Gate, title: Callable[[str], str]) -> Wall:
        if not gate.enough(self.writers):
            why = f"the wall: fewer than {gate.k} people shared learning-log lines"
            gate.leave_out("Learning wall", why, self.count)
            return Wall((), gate.figure("Learning wall", len(self.writers), self.writers))
        lines = tuple(
            Quote(local_day(ts), text, title(card) if card else "")
            for ts, text, card in reversed(self.lines)
        )
        return Wall(lines, len(self.writers))


def stale_by_steward(
    content: Mapping[str, Card], today: date, no_steward: str
) -> tuple[tuple[str, tuple[StaleCard, ...]], ...]:
    """Cards past their review date, by steward (alphabetical): content, not people."""
    groups: dict[str, list[StaleCard]] = {}
    for card in content.values():
        if card.is_stale(today) and card.review_due is not None:
            stale = StaleCard(card.id, card.title, card.review_due)
            groups.setdefault(card.owner or no_steward, []).append(stale)
    return tuple(
        (owner, tuple(sorted(cards, key=lambda c: (c.review_due, c.card_id))))
        for owner, cards in sorted(groups.items(), key=lambda i: (i[0] == no_steward, i[0].lower()))
    )
