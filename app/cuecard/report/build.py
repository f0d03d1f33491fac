"""Gather the report's figures from the library and the local learning record (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlite_utils

from cuecard.content.library import LibrarySnapshot
from cuecard.store.searches import top_missed_searches
from cuecard.store.summary import CardStats, card_stats


@dataclass(frozen=True, slots=True)
class CardRow:
    """One card in the report."""

    card_id: str
    title: str
    owner: str
    stats: CardStats
    review_due: date | None
    stale: bool


@dataclass(frozen=True, slots=True)
class AuthorReport:
    """Everything the HTML and JSON reports show."""

    generated: date
    cards: tuple[CardRow, ...]
    stale_by_owner: tuple[tuple[str, tuple[CardRow, ...]], ...]
    missed_searches: tuple[tuple[str, int], ...]


def build_report(snapshot: LibrarySnapshot, db: sqlite_utils.Database, today: date) -> AuthorReport:
    stats = card_stats(db)
    rows = [
        CardRow(
            card.id,
            card.title,
            card.owner or "(no owner)",
            stats.get(card.id, CardStats(card.id)),
            card.review_due,
            card.is_stale(today),
        )
        for card in snapshot.cards.values()
    ]
    rows.sort(key=lambda r: (-r.stats.shown - r.stats.opened, r.title.lower()))
    owners: dict[str, list[CardRow]] = {}
    for row in rows:
        if row.stale:
            owners.setdefault(row.owner, []).append(row)
    stale = tuple(
        (owner, tuple(sorted(cards, key=lambda r: r.review_due or today)))
        for owner, cards in sorted(owners.items())
    )
    return AuthorReport(today, tuple(rows), stale, tuple(top_missed_searches(db)))


def report_json(report: AuthorReport) -> dict[str, object]:
    return {
        "generated": report.generated.isoformat(),
        "cards": [
            {
                "id": r.card_id,
                "title": r.title,
                "owner": r.owner,
                "views": r.stats.shown,
                "opens": r.stats.opened,
                "completions": r.stats.completed,
                "completion_rate": r.stats.completion_rate,
                "helpful": r.stats.helpful,
                "not_helpful": r.stats.not_helpful,
                "outdated_reports": r.stats.outdated_reports,
                "review_due": r.review_due.isoformat() if r.review_due else None,
                "stale": r.stale,
            }
            for r in report.cards
        ],
        "stale_by_owner": {
            owner: [r.card_id for r in rows] for owner, rows in report.stale_by_owner
        },
        "missed_searches": [{"query": q, "count": c} for q, c in report.missed_searches],
    }
