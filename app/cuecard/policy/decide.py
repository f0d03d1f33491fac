"""`decide`: at most one proactive nudge, and silence whenever attention matters more."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from cuecard.models import Card
from cuecard.policy.model import AttentionState, Decision, Moment, PolicySettings


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


def eligible(card: Card, state: AttentionState, settings: PolicySettings) -> bool:
    history = state.history(card.id)
    return not (
        history.dismissed_forever
        or history.completed
        or history.unopened_impressions >= settings.max_unopened_impressions
    )


def decide(
    moment: Moment,
    candidates: Sequence[Card],
    state: AttentionState,
    settings: PolicySettings,
) -> Decision:
    """The card to nudge now, or why not. `candidates` are ranked best first."""
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
    card = next((c for c in candidates if eligible(c, state, settings)), None)
    if card is None:
        return Decision(None, "no card to offer for this window")
    dwell_done = moment.active_since + settings.dwell
    if moment.now < dwell_done:
        return Decision(None, "waiting for the window to settle", dwell_done)
    wait = budget_wait(state, moment, settings)
    if wait is not None:
        reason, delay = wait
        return Decision(None, reason, moment.now + delay)
    return Decision(card, "offer")
