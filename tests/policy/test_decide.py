"""Every rule of the nudge policy, driven by a fake clock over days of simulated use."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

from cuecard.learning.model import CardProgress, LearningInputs
from cuecard.models import Card, WindowInfo
from cuecard.policy.decide import decide
from cuecard.policy.model import AttentionState, CardHistory, Decision, Moment, PolicySettings

START = datetime(2026, 11, 2, 9, 0, 0)
CALC = WindowInfo(app="soffice.bin", title="a.ods - LibreOffice Calc")
CARDS = [
    Card(id=f"c{n}", title=f"Card {n}", path=Path(f"/c{n}.md"), root=Path("/")) for n in range(5)
]
SETTINGS = PolicySettings()


class Simulation:
    """A user who keeps switching to a matching window; records what was nudged."""

    def __init__(self, settings: PolicySettings = SETTINGS) -> None:
        self.settings = settings
        self.state = AttentionState()
        self.now = START
        self.shown: list[tuple[datetime, str]] = []

    def moment(
        self,
        window: WindowInfo | None = CALC,
        since: timedelta = timedelta(seconds=5),
        dnd: bool = False,
    ) -> Moment:
        return Moment(self.now, window, self.now - since, dnd)

    def step(self, **kwargs: object) -> str | None:
        decision = decide(self.moment(**kwargs), CARDS, self.state, self.settings)  # type: ignore[arg-type]
        if decision.card is None:
            return None
        card_id = decision.card.id
        history = self.state.history(card_id)
        self.state = replace(
            self.state,
            nudges_shown=(*self.state.nudges_shown, self.now),
            cards={
                **self.state.cards,
                card_id: replace(history, unopened_impressions=history.unopened_impressions + 1),
            },
        )
        self.shown.append((self.now, card_id))
        return card_id

    def run(self, duration: timedelta, every: timedelta = timedelta(minutes=1)) -> None:
        end = self.now + duration
        while self.now < end:
            self.step()
            self.now += every


def test_offers_the_best_card_after_dwell() -> None:
    sim = Simulation()
    assert sim.step(since=timedelta(seconds=1)) is None
    decision = decide(sim.moment(since=timedelta(seconds=1)), CARDS, sim.state, SETTINGS)
    assert decision.retry_at == sim.now + timedelta(seconds=2)
    assert sim.step(since=timedelta(seconds=3)) == "c0"


def test_attention_budget_per_hour_per_day_and_gap() -> None:
    sim = Simulation(replace(SETTINGS, max_unopened_impressions=100))
    sim.run(timedelta(days=3))
    times = [t for t, _ in sim.shown]
    assert all(b - a >= timedelta(minutes=10) for a, b in itertools.pairwise(times))
    for t in times:
        assert sum(1 for u in times if t - timedelta(hours=1) < u <= t) <= 3
        assert sum(1 for u in times if t - timedelta(days=1) < u <= t) <= 8
    per_day = {t.date(): 0 for t in times}
    for t in times:
        per_day[t.date()] += 1
    assert max(per_day.values()) == 8, "the budget is used, not merely respected"


def test_budget_counts_only_recent_nudges() -> None:
    old = AttentionState(
        nudges_shown=tuple(START - timedelta(days=1, minutes=n) for n in range(20))
    )
    decision = decide(Moment(START, CALC, START - timedelta(seconds=10)), CARDS, old, SETTINGS)
    assert decision.card is not None


def test_fading_three_unopened_impressions_then_next_card() -> None:
    sim = Simulation()
    sim.run(timedelta(days=2))
    counts: dict[str, int] = {}
    for _, card_id in sim.shown:
        counts[card_id] = counts.get(card_id, 0) + 1
    assert counts["c0"] == 3 and counts["c1"] == 3
    assert all(count <= 3 for count in counts.values())


def test_dont_show_again_is_never_nudged_and_faded_cards_are_not_either() -> None:
    state = AttentionState(cards={"c0": CardHistory(dismissed_forever=True)})
    faded = LearningInputs(progress={"c1": CardProgress(completions=4, unaided_streak=3)})
    decision = decide(
        Moment(START, CALC, START - timedelta(minutes=1)), CARDS, state, SETTINGS, faded
    )
    assert decision.card is not None and decision.card.id == "c2"
    everything = LearningInputs(
        progress={c.id: CardProgress(completions=4, unaided_streak=3) for c in CARDS}
    )
    assert (
        decide(Moment(START, CALC, START), CARDS, AttentionState(), SETTINGS, everything).card
        is None
    )


def test_snooze_expires_by_itself() -> None:
    state = AttentionState(snoozed_until=START + timedelta(hours=1))
    moment = Moment(START + timedelta(minutes=59), CALC, START)
    blocked = decide(moment, CARDS, state, SETTINGS)
    assert blocked.card is None and blocked.reason == "snoozed"
    assert blocked.retry_at == START + timedelta(hours=1)
    later = Moment(START + timedelta(hours=1), CALC, START)
    assert decide(later, CARDS, state, SETTINGS).card is not None


@pytest.mark.parametrize(
    ("window", "dnd", "reason"),
    [
        (replace(CALC, fullscreen=True), False, "quiet: a fullscreen window is active"),
        (CALC, True, "quiet: do not disturb is on"),
        (None, False, "no window to help with"),
        (WindowInfo(app="", title="", private=True), False, "no window to help with"),
    ],
)
def test_quiet_situations(window: WindowInfo | None, dnd: bool, reason: str) -> None:
    decision = decide(
        Moment(START, window, START - timedelta(minutes=5), dnd), CARDS, AttentionState(), SETTINGS
    )
    assert (decision.card, decision.reason) == (None, reason)


def test_quiet_hours_span_midnight() -> None:
    settings = replace(SETTINGS, quiet_start=time(18, 0), quiet_end=time(8, 30))
    for hour, quiet in ((17, False), (18, True), (23, True), (3, True), (8, True), (9, False)):
        now = START.replace(hour=hour, minute=15)
        decision = decide(
            Moment(now, CALC, now - timedelta(minutes=1)), CARDS, AttentionState(), settings
        )
        assert (decision.card is None) == quiet, hour


def test_alt_tabbing_never_nudges() -> None:
    sim = Simulation()
    for _ in range(100):
        assert sim.step(since=timedelta(milliseconds=400)) is None
        sim.now += timedelta(milliseconds=400)


def test_an_organisation_pause_silences_nudges_through_its_last_day() -> None:
    """nudges.paused_until: no nudge up to and including that date, then back to normal,
    and the decision says when to look again (the midnight the pause ends)."""
    last_day = START.date() + timedelta(days=2)
    sim = Simulation(replace(SETTINGS, paused_until=last_day))
    decision = decide(sim.moment(), CARDS, sim.state, sim.settings)
    resume = datetime.combine(last_day + timedelta(days=1), time(0, 0))
    assert decision == Decision(None, "paused by your organisation", resume)
    sim.run(timedelta(days=2, hours=14, minutes=59))  # until 23:59 on the last day
    assert sim.shown == []
    sim.now = resume
    assert sim.step() == "c0"


def test_a_pause_that_ended_yesterday_changes_nothing() -> None:
    sim = Simulation(replace(SETTINGS, paused_until=START.date() - timedelta(days=1)))
    assert sim.step() == "c0"
