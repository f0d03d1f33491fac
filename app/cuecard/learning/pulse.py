"""The pulse: an optional monthly two-question check, off by default, always skippable."""

from __future__ import annotations

from datetime import datetime, timedelta

from cuecard.learning.model import LearningRecord, LearningSettings

QUESTIONS = ("What are you learning right now?", "What would help you learn?")
OFFER_AGAIN_AFTER = timedelta(hours=20)  # "Later" asks again the next day


def pulse_due(settings: LearningSettings, record: LearningRecord, now: datetime) -> bool:
    """On, not answered or skipped within `pulse_every`, not offered in the last day."""
    if not settings.pulse:
        return False
    if record.pulse_asked is not None and now - record.pulse_asked < settings.pulse_every:
        return False
    offered = record.pulse_offered
    return offered is None or now - offered >= OFFER_AGAIN_AFTER
