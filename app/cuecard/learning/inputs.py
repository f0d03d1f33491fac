"""Everything the learning rules say about one moment, gathered for the nudge policy."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from cuecard.learning.model import LearningInputs, LearningRecord, LearningSettings, Offer
from cuecard.learning.paths import active_paths, preferred_cards
from cuecard.learning.pulse import pulse_due
from cuecard.learning.review import ReviewItem, reviews_to_offer
from cuecard.learning.sprints import all_sprints, reflection_due
from cuecard.models import Card, LearningPath, Sprint


def learning_inputs(
    record: LearningRecord,
    cards: Mapping[str, Card],
    paths: Sequence[LearningPath],
    sprints: Sequence[Sprint],
    reviews: Mapping[str, ReviewItem],
    settings: LearningSettings,
    now: datetime,
) -> LearningInputs:
    today = now.astimezone().date()
    prompt = None
    if reflection_due(all_sprints(sprints, cards, record, today), record, now) is not None:
        prompt = Offer.REFLECTION
    elif pulse_due(settings, record, now):
        prompt = Offer.PULSE
    return LearningInputs(
        progress=record.cards,
        settings=settings,
        reviews_due=reviews_to_offer(reviews, record, now),
        preferred=preferred_cards(active_paths(paths, record, today)),
        prompt=prompt,
    )
