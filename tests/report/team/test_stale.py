"""Stale cards by steward in the team view: content, grouped by owner, never people."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from cuecard.clock import FixedClock
from cuecard.content.parse import read_card
from cuecard.models import Card
from cuecard.report.team.build import NO_STEWARD
from cuecard.report.team.cards import stale_by_steward
from tests.conftest import write_card


def card(root: Path, card_id: str, owner: str, reviewed: date) -> Card:
    owner_line = f"owner: {owner}\n" if owner else ""
    path = write_card(
        root,
        f"{card_id}.md",
        f"---\nid: {card_id}\ntitle: Card {card_id}\n{owner_line}"
        f"reviewed: {reviewed.isoformat()}\nreview_every: 30d\n---\n# Card {card_id}\n\nText.\n",
    )
    parsed = read_card(path, root).card
    assert parsed is not None
    return parsed


def test_stale_cards_are_grouped_by_steward_a_to_z_and_the_unowned_last(
    tmp_path: Path, clock: FixedClock
) -> None:
    today = clock.today()
    days = timedelta(days=1)
    cards = [
        card(tmp_path, "orphan", "", today - 90 * days),
        card(tmp_path, "zed-old", "Zed@example.org", today - 200 * days),
        card(tmp_path, "ana-newer", "ana@example.org", today - 40 * days),
        card(tmp_path, "ana-older", "ana@example.org", today - 100 * days),
        card(tmp_path, "fresh", "ana@example.org", today - 5 * days),
    ]
    groups = stale_by_steward({c.id: c for c in cards}, today, NO_STEWARD)
    assert [(owner, [c.card_id for c in stale]) for owner, stale in groups] == [
        ("ana@example.org", ["ana-older", "ana-newer"]),
        ("Zed@example.org", ["zed-old"]),
        (NO_STEWARD, ["orphan"]),
    ]
    [older, newer] = groups[0][1]
    assert older.review_due == today - 70 * days and newer.review_due == today - 10 * days
