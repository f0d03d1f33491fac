"""Stale and soon-stale cards grouped by owner, with the local record's figures (pure)."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from cuecard.models import Card
from cuecard.store.summary import CardStats

NO_STEWARD = "No steward"


class Freshness(enum.StrEnum):
    STALE = "stale"
    SOON = "soon"


@dataclass(frozen=True, slots=True)
class StewardCard:
    """One card that needs (or will soon need) its steward."""

    card: Card
    state: Freshness
    review_due: date
    stats: CardStats

    @property
    def path(self) -> Path:
        return self.card.path


@dataclass(frozen=True)
class StewardReport:
    """Cards by owner (alphabetical; cards without an owner last, as "No steward")."""

    today: date
    owners: tuple[tuple[str | None, tuple[StewardCard, ...]], ...]

    @property
    def stale(self) -> int:
        return sum(1 for _, cards in self.owners for c in cards if c.state is Freshness.STALE)

    @property
    def soon(self) -> int:
        return sum(1 for _, cards in self.owners for c in cards if c.state is Freshness.SOON)


def steward_report(
    cards: Mapping[str, Card], stats: Mapping[str, CardStats], today: date, soon_days: int
) -> StewardReport:
    groups: dict[str | None, list[StewardCard]] = {}
    horizon = today + timedelta(days=soon_days)
    for card in cards.values():
        due = card.review_due
        if due is None or due > horizon:
            continue
        state = Freshness.STALE if card.is_stale(today) else Freshness.SOON
        groups.setdefault(card.owner, []).append(
            StewardCard(card, state, due, stats.get(card.id, CardStats(card.id)))
        )
    ordered = sorted(groups.items(), key=lambda item: (item[0] is None, (item[0] or "").lower()))
    return StewardReport(
        today,
        tuple(
            (owner, tuple(sorted(rows, key=lambda r: (r.review_due, r.card.id))))
            for owner, rows in ordered
        ),
    )
