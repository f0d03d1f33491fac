"""Everything the learning rules say about one moment, gathered for the nudge policy."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from cuecard.learning.model import LearningInputs, LearningRecord, LearningSettings, Offer
from cuecard.learning.paths import active_paths, preferred_cards
from cuecard.learning.pulse import pulse_due
from cuecard.learning.review import ReviewItem, reviews_to_offer
from cuecard.learning.sprints import reflection_pending
from cuecard.models import Card, LearningPath, Sprint


def learning_inputs(
    record: LearningRecord,
    cards: Mapping[str, Card],
    paths: Sequence[LearningPath],
    sprints: Sequence[Sprint],
    reviews: Mapping[str, ReviewItem],
    settings: LearningSettings,
    now: datetime,
    candidates: Iterable[str] | None = None,
) -> LearningInputs:
    """`candidates`: the cards for this window (only their reviews matter now)."""
    today = now.astimezone().date()
    prompt = None
    if reflection_pending(sprints, record, now) is not None:
        prompt = Offer.REFLECTION
    elif pulse_due(settings, record, now):
        prompt = Offer.PULSE
    return LearningInputs(
        progress=record.cards,
        settings=settings,
        reviews_due=reviews_to_offer(reviews, record, now, candidates),
        preferred=preferred_cards(active_paths(paths, record, today)),
        prompt=prompt,
    )
