"""Fading support over simulated weeks: full card, hint, silence, and one refresher."""

from __future__ import annotations

from pathlib import Path

import pytest

from cuecard.clock import FixedClock
from cuecard.learning.model import LearningSettings, Support
from cuecard.learning.support import support_level
from cuecard.store.events import FOREVER, PROACTIVE, REFRESHER, EventKind
from tests.learning.sim import Learner, card, monday_morning


@pytest.fixture
def learner(tmp_path: Path, clock: FixedClock) -> Learner:
    monday_morning(clock)
    return Learner(tmp_path / "cuecard.db", clock, {"freeze": card("freeze")})


def support(learner: Learner, card_id: str = "freeze") -> Support:
    return support_level(learner.learning().card(card_id), learner.settings)


def test_full_then_hint_then_none_after_three_unaided_completions(learner: Learner) -> None:
    assert (support(learner), learner.offered()) == (Support.FULL, "card freeze")
    learner.record(EventKind.SHOWN, "freeze", PROACTIVE)
    learner.record(EventKind.OPENED, "freeze")
    learner.record(EventKind.COMPLETED, "freeze")
    for week in range(3):
        learner.advance(weeks=1)
        assert (support(learner), learner.offered()) == (Support.HINT, "hint freeze"), week
        # The learner sees the hint and does the task without opening the steps.
        learner.record(EventKind.SHOWN, "freeze", "hint")
        learner.record(EventKind.COMPLETED, "freeze")
    learner.advance(weeks=1)
    assert support(learner) is Support.NONE
    assert learner.offered() == "no card to offer for this window"
    learner.advance(weeks=12)
    assert learner.offered() == "no card to offer for this window", "silence lasts"


def test_opening_the_steps_again_restarts_the_count(learner: Learner) -> None:
    learner.record(EventKind.OPENED, "freeze")
    learner.record(EventKind.COMPLETED, "freeze")
    for _ in range(2):
        learner.advance(days=3)
        learner.record(EventKind.COMPLETED, "freeze")
    learner.advance(days=3)
    learner.record(EventKind.OPENED, "freeze")  # needed the steps after all
    learner.record(EventKind.COMPLETED, "freeze")
    learner.advance(days=3)
    learner.record(EventKind.COMPLETED, "freeze")
    assert support(learner) is Support.HINT
    assert learner.learning().card("freeze").unaided_streak == 1


def test_fading_can_be_switched_off(learner: Learner) -> None:
    learner.settings = LearningSettings(fading=False)
    for _ in range(5):
        learner.record(EventKind.COMPLETED, "freeze")
        learner.advance(days=2)
    assert (support(learner), learner.offered()) == (Support.FULL, "card freeze")


def test_required_card_never_fades_before_its_completion(learner: Learner) -> None:
    learner.cards["safety"] = card("safety", required=True)
    for _ in range(5):  # shown and never opened, then "Don't show again"
        learner.record(EventKind.SHOWN, "safety", PROACTIVE)
        learner.advance(hours=2)
    learner.record(EventKind.DISMISSED, "safety", FOREVER)
    learner.advance(days=1)
    assert learner.offered(["safety", "freeze"]) == "card safety"
    learner.record(EventKind.OPENED, "safety")
    learner.record(EventKind.COMPLETED, "safety")
    learner.advance(days=1)
    assert learner.offered(["safety", "freeze"]) == "card freeze", "done: it fades, dismissed"


def test_a_refresher_is_offered_once_after_a_long_time_away(learner: Learner) -> None:
    learner.see("freeze")
    learner.record(EventKind.OPENED, "freeze")
    for _ in range(4):
        learner.record(EventKind.COMPLETED, "freeze")
        learner.advance(days=1)
        learner.see("freeze")
    assert learner.offered() == "no card to offer for this window"
    learner.advance(days=59)  # not quite long enough
    learner.see("freeze")
    assert learner.offered() == "no card to offer for this window"
    learner.advance(days=60)
    learner.see("freeze")
    assert learner.offered() == "refresher freeze"
    learner.record(EventKind.SHOWN, "freeze", REFRESHER)
    learner.advance(hours=2)
    learner.see("freeze")
    assert learner.offered() == "no card to offer for this window", "once"
    learner.advance(days=1)
    learner.see("freeze")
    assert learner.offered() == "no card to offer for this window"


def test_the_refresher_setting_sets_the_time_away(learner: Learner) -> None:
    learner.settings = LearningSettings(refresher_after=learner.settings.refresher_after / 6)
    learner.see("freeze")
    learner.record(EventKind.COMPLETED, "freeze")
    learner.advance(days=10)
    learner.see("freeze")
    assert learner.offered() == "refresher freeze"
