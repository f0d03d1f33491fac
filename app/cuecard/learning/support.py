"""Fading support: full card, then a compact hint, then silence; a refresher after a
long time away. Pull (tray, hotkey, search) always shows the full card: these rules
decide only what Cuecard offers unasked."""

from __future__ import annotations

from cuecard.learning.model import CardProgress, LearningSettings, Offer, Support
from cuecard.models import Card


def support_level(progress: CardProgress, settings: LearningSettings) -> Support:
    """FULL before the first completion (a required card included: it never fades
    before it is done) or when fading is off; NONE after `unaided_to_stop` completions in
    a row without opening the steps; HINT in between."""
    if not settings.fading or progress.completions == 0:
        return Support.FULL
    if progress.unaided_streak >= settings.unaided_to_stop:
        return Support.NONE
    return Support.HINT


def keeps_offering(card: Card, progress: CardProgress) -> bool:
    """A required card not yet completed is offered until it is done: neither unopened
    impressions nor "Don't show again" stop it (the attention budget still applies)."""
    return card.required and progress.completions == 0


def refresher_due(progress: CardProgress, settings: LearningSettings) -> bool:
    """True on the day the learner came back to the card's app after at least
    `refresher_after` without it, until the refresher has been shown once."""
    if not settings.fading or progress.completions == 0:
        return False
    last, previous = progress.last_seen, progress.previous_seen
    if last is None or previous is None or last - previous < settings.refresher_after:
        return False
    return progress.refresher_shown is None or progress.refresher_shown < last


def offer_for(progress: CardProgress, settings: LearningSettings) -> Offer | None:
    """What a proactive nudge for `card` offers now, or None for no nudge."""
    if refresher_due(progress, settings):
        return Offer.REFRESHER
    level = support_level(progress, settings)
    if level is Support.FULL:
        return Offer.CARD
    return Offer.HINT if level is Support.HINT else None
