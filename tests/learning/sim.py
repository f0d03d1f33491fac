"""A learner simulated over weeks: events go into a real SQLite record, and every
decision is taken from what that record says at the simulated time (a FixedClock)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path

import sqlite_utils

from cuecard.clock import FixedClock
from cuecard.learning.inputs import learning_inputs
from cuecard.learning.model import LearningInputs, LearningRecord, LearningSettings
from cuecard.learning.review import schedule
from cuecard.models import Card, LearningPath, RecallPrompt, Sprint, WindowInfo
from cuecard.policy.decide import decide
from cuecard.policy.model import AttentionState, Decision, Moment, PolicySettings
from cuecard.store.db import open_db
from cuecard.store.events import Event, EventKind, load_attention, write_events
from cuecard.store.learning import load_learning, save_sightings, sighted

CALC = WindowInfo(app="soffice.bin", title="q3.ods - LibreOffice Calc")
WRITER = WindowInfo(app="soffice.bin", title="memo.odt - LibreOffice Writer")


def card(card_id: str, **fields: object) -> Card:
    base = Card(id=card_id, title=f"Card {card_id}", path=Path(f"/{card_id}.md"), root=Path("/"))
    return replace(base, **fields)  # type: ignore[arg-type]


def recall_card(card_id: str, prompts: int = 2) -> Card:
    return card(
        card_id,
        recall=tuple(RecallPrompt(f"Q{n} of {card_id}?", f"A{n}") for n in range(prompts)),
    )


def monday_morning(clock: FixedClock) -> None:
    """Move the clock to the next Monday, 09:00 local time."""
    now = clock.now()
    days = (7 - now.weekday()) % 7 or 7
    clock.set((now + timedelta(days=days)).replace(hour=9, minute=0, second=0, microsecond=0))


@dataclass
class Learner:
    """One learner's record on disk, and the content they have."""

    db_path: Path
    clock: FixedClock
    cards: dict[str, Card]
    settings: LearningSettings = field(default_factory=LearningSettings)
    policy: PolicySettings = field(default_factory=PolicySettings)
    paths: Sequence[LearningPath] = ()
    sprints: Sequence[Sprint] = ()

    def __post_init__(self) -> None:
        self.db: sqlite_utils.Database = open_db(self.db_path).db

    @property
    def now(self) -> datetime:
        return self.clock.now()

    def advance(self, **kwargs: float) -> None:
        self.clock.advance(timedelta(**kwargs))

    def record(
        self,
        kind: EventKind,
        card_id: str | None = None,
        value: str | None = None,
        comment: str | None = None,
    ) -> None:
        write_events(self.db, [Event(kind, self.now, card_id, value, comment)])

    def learning(self) -> LearningRecord:
        return load_learning(self.db)

    def attention(self) -> AttentionState:
        return load_attention(self.db, self.now)

    def see(self, *card_ids: str) -> None:
        """Windows these cards fit are active now (the loop notes this on each match)."""
        _, rows = sighted(self.learning(), card_ids, self.now)
        save_sightings(self.db, rows)

    def inputs(self) -> LearningInputs:
        record = self.learning()
        reviews = schedule(self.cards, record, self.settings)
        return learning_inputs(
            record, self.cards, self.paths, self.sprints, reviews, self.settings, self.now
        )

    def decide(
        self,
        candidates: Sequence[str] | None = None,
        window: WindowInfo = CALC,
        pause: bool = False,
        dnd: bool = False,
    ) -> Decision:
        """What Cuecard offers in `window` now (after the dwell), given the record."""
        ids = list(self.cards) if candidates is None else candidates
        moment = Moment(self.now, window, self.now - timedelta(minutes=1), dnd, pause)
        return decide(
            moment, [self.cards[i] for i in ids], self.attention(), self.policy, self.inputs()
        )

    def offered(self, candidates: Sequence[str] | None = None, **kwargs: object) -> str:
        """'offer card-id' / 'offer-kind' of the decision, or its reason for silence."""
        decision = self.decide(candidates, **kwargs)  # type: ignore[arg-type]
        if decision.offer is None:
            return decision.reason
        return f"{decision.offer} {decision.card.id}" if decision.card else str(decision.offer)
