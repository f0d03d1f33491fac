"""The pulse over simulated months: off by default, monthly, skippable, budgeted."""

from __future__ import annotations

from pathlib import Path

import pytest

from cuecard.clock import FixedClock
from cuecard.learning.model import LearningSettings
from cuecard.learning.pulse import pulse_due
from cuecard.store.events import PROACTIVE, PULSE, EventKind
from tests.learning.sim import Learner, card, monday_morning


@pytest.fixture
def learner(tmp_path: Path, clock: FixedClock) -> Learner:
    monday_morning(clock)
    return Learner(tmp_path / "cuecard.db", clock, {"x": card("x")})


def due(learner: Learner) -> bool:
    return pulse_due(learner.settings, learner.learning(), learner.now)


def test_off_by_default(learner: Learner) -> None:
    for _ in range(6):
        assert not due(learner)
        assert learner.offered([], pause=True) == "no card to offer for this window"
        learner.advance(days=30)


def test_monthly_answered_or_skipped(learner: Learner) -> None:
    learner.settings = LearningSettings(pulse=True)
    assert due(learner) and learner.offered([], pause=True) == "pulse"
    assert learner.offered([], pause=False) == "no card to offer for this window"
    learner.record(EventKind.PULSE_ANSWERED, None, "Pivot tables", "Ten quiet minutes")
    [answer] = learner.learning().pulse_answers
    assert (answer.learning, answer.helps) == ("Pivot tables", "Ten quiet minutes")
    learner.advance(days=29)
    assert not due(learner)
    learner.advance(days=1)
    assert due(learner)
    learner.record(EventKind.PULSE_SKIPPED)
    learner.advance(days=29)
    assert not due(learner), "a skip counts as asked"
    learner.advance(days=1)
    assert due(learner)


def test_later_asks_again_the_next_day_and_the_budget_applies(learner: Learner) -> None:
    learner.settings = LearningSettings(pulse=True, pulse_every=learner.settings.pulse_every)
    learner.record(EventKind.SHOWN, None, PULSE)
    assert not due(learner)
    learner.advance(days=1)
    assert due(learner)
    learner.record(EventKind.SHOWN, "x", PROACTIVE)
    assert learner.offered([], pause=True) == "too soon after the last nudge"
