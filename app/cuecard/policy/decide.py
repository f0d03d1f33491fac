"""`decide`: at most one proactive nudge, and silence whenever attention matters more."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from cuecard.learning.model import CardProgress, LearningInputs, Offer
from cuecard.learning.support import keeps_offering, offer_for
from cuecard.models import Card
from cuecard.policy.model import AttentionState, Decision, Moment, PolicySettings

NO_LEARNING = LearningInputs()
NEW = CardProgress()


def budget_wait(
    now_state: AttentionState, moment: Moment, settings: PolicySettings
) -> tuple[str, timedelta] | None:
    """Why the attention budget forbids a nudge now and how long until it allows one."""
    now = moment.now
    shown = sorted(t for t in now_state.nudges_shown if t > now - timedelta(days=1))
    if shown and now - shown[-1] < settings.min_gap:
        return "too soon after the last nudge", shown[-1] + settings.min_gap - now
    last_hour = [t for t in shown if t > now - timedelta(hours=1)]
    if len(last_hour) >= settings.per_hour:
        return "hourly budget used", last_hour[0] + timedelta(hours=1) - now
    if len(shown) >= settings.per_day:
        return "daily budget used", shown[0] + timedelta(days=1) - now
    return None


def card_offer(
    card: Card, state: AttentionState, settings: PolicySettings, learning: LearningInputs
) -> Offer | None:
    """What a nudge for `card` would offer now (see cuecard.learning.support), or None
    when it must not be nudged: dismissed for good, shown too often unopened, or faded.
    A required card not yet completed is offered until it is done."""
    progress = learning.progress.get(card.id, NEW)
    if keeps_offering(card, progress):
        return Offer.CARD
    history = state.history(card.id)
    if history.dismissed_forever:
        return None
    offer = offer_for(progress, learning.settings)
    if offer is not Offer.REFRESHER and (
        history.unopened_impressions >= settings.max_unopened_impressions
    ):
        return None
    return offer


def _prefer(candidates: Sequence[Card], preferred: frozenset[str]) -> list[Card]:
    """Cards of today on an active path first, otherwise in the given order."""
    return sorted(candidates, key=lambda card: card.id not in preferred)


def _choose(
    moment: Moment,
    candidates: Sequence[Card],
    state: AttentionState,
    settings: PolicySettings,
    learning: LearningInputs,
) -> tuple[Card | None, Offer] | None:
    """At a natural pause a due review comes first; then the best card to nudge; then,
    at a natural pause, the pulse or a sprint's reflection."""
    ordered = _prefer(candidates, learning.preferred)
    if moment.natural_pause:
        review = next((c for c in ordered if c.id in learning.reviews_due and c.recall), None)
        if review is not None:
            return review, Offer.REVIEW
    for card in ordered:
        offer = card_offer(card, state, settings, learning)
        if offer is not None:
            return card, offer
    if moment.natural_pause and learning.prompt is not None:
        return None, learning.prompt
    return None


def decide(
    moment: Moment,
    candidates: Sequence[Card],
    state: AttentionState,
    settings: PolicySettings,
    learning: LearningInputs = NO_LEARNING,
) -> Decision:
    """The one thing to offer now, or why not. `candidates` are ranked best first."""
    window = moment.window
    if window is None or window.private:
        return Decision(None, "no window to help with")
    if window.fullscreen:
        return Decision(None, "quiet: a fullscreen window is active")
    if moment.do_not_disturb:
        return Decision(None, "quiet: do not disturb is on")
    pause_ends = settings.paused_at(moment.now)
    if pause_ends is not None:
        return Decision(None, "paused by your organisation", pause_ends)
    if settings.in_quiet_hours(moment.now):
        return Decision(None, "quiet hours")
    if state.snoozed_until is not None and moment.now < state.snoozed_until:
        return Decision(None, "snoozed", state.snoozed_until)
    chosen = _choose(moment, candidates, state, settings, learning)
    if chosen is None:
        return Decision(None, "no card to offer for this window")
    dwell_done = moment.active_since + settings.dwell
    if moment.now < dwell_done:
        return Decision(None, "waiting for the window to settle", dwell_done)
    wait = budget_wait(state, moment, settings)
    if wait is not None:
        reason, delay = wait
        return Decision(None, reason, moment.now + delay)
    card, offer = chosen
    return Decision(card, "offer", offer=offer)
