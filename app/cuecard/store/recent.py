"""The cards a user met lately: nudges offered, cards opened (newest first).

For the tray's "Recent tips" and the search palette before anything is typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

# SHOWN values of something Cuecard offered by itself (a nudge; later also hints and
# refreshers), as opposed to a card the user pulled.
OFFERED_VALUES = ("proactive", "hint", "refresher")


@dataclass(frozen=True)
class RecentCard:
    """A card and the last time it was offered or opened."""

    card_id: str
    when: datetime


@dataclass(frozen=True)
class Recents:
    """Recently offered and recently opened cards, newest first, each card once."""

    offered: tuple[RecentCard, ...] = ()
    opened: tuple[RecentCard, ...] = ()


def _latest(
    db: sqlite_utils.Database, where: str, params: tuple[str, ...], limit: int
) -> tuple[RecentCard, ...]:
    rows = db.execute(
        f"SELECT card_id, max(ts) AS last FROM events WHERE {where} AND card_id IS NOT NULL "
        "GROUP BY card_id ORDER BY last DESC LIMIT ?",
        (*params, limit),
    ).fetchall()
    return tuple(RecentCard(card_id, datetime.fromisoformat(ts)) for card_id, ts in rows)


def recent_cards(db: sqlite_utils.Database, limit: int = 10) -> Recents:
    """The last `limit` cards offered by a nudge and the last `limit` opened."""
    marks = ", ".join("?" for _ in OFFERED_VALUES)
    return Recents(
        offered=_latest(db, f"kind = 'shown' AND value IN ({marks})", OFFERED_VALUES, limit),
        opened=_latest(db, "kind = 'opened'", (), limit),
    )
