"""Spaced review on FSRS over simulated weeks, offered only at natural pauses."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import time, timedelta
from pathlib import Path

import pytest

from cuecard.clock import FixedClock
from cuecard.learning.model import Grade, LearningSettings
from cuecard.learning.review import due_items, is_natural_pause, schedule
from cuecard.store.events import PROACTIVE, REVIEW, EventKind
from tests.learning.sim import CALC, Learner, monday_morning, recall_card


@pytest.fixture
def learner(tmp_path: Path, clock: FixedClock) -> Learner:
    monday_morning(clock)
    cards = {"freeze": recall_card("freeze"), "sort": recall_card("sort", prompts=1)}
    return Learner(tmp_path / "cuecard.db", clock, cards)


def due_ids(learner: Learner) -> list[str]:
    items = schedule(learner.cards, learner.learning(), learner.settings)
    return [item.card_id for item in due_items(items, learner.now)]


def test_the_first_review_is_not_due_at_once(learner: Learner) -> None:
    assert schedule(learner.cards, learner.learning(), learner.settings) == {}
    learner.record(EventKind.COMPLETED, "freeze")
    [item] = schedule(learner.cards, learner.learning(), learner.settings).values()
    assert item.due > learner.now + timedelta(days=1)
    assert due_ids(learner) == []
    learner.advance(days=1)
    assert due_ids(learner) == []
    learner.advance(days=2)
    assert due_ids(learner) == ["freeze"]


def test_cards_without_recall_prompts_are_never_scheduled(learner: Learner) -> None:
    learner.cards["plain"] = replace(learner.cards["sort"], id="plain", recall=())
    learner.record(EventKind.COMPLETED, "plain")
    learner.advance(weeks=8)
    assert due_ids(learner) == []


def intervals(learner: Learner, grade: Grade, reviews: int) -> list[float]:
    """Complete `freeze`, then answer each due review with `grade`: the gaps in days."""
    learner.record(EventKind.COMPLETED, "freeze")
    gaps = []
    for _ in range(reviews):
        item = schedule(learner.cards, learner.learning(), learner.settings)["freeze"]
        gaps.append((item.due - learner.now) / timedelta(days=1))
        learner.clock.set(item.due.astimezone() + timedelta(hours=1))
        assert due_ids(learner) == ["freeze"]
        learner.record(EventKind.RECALL_REVIEWED, "freeze", grade.value)
    return gaps


def test_good_answers_space_the_reviews_further_apart(learner: Learner) -> None:
    gaps = intervals(learner, Grade.GOOD, 5)
    assert all(later > earlier for earlier, later in itertools.pairwise(gaps)), gaps
    assert gaps[-1] > 30, "after five good recalls the next one is more than a month away"


@pytest.mark.parametrize(("grade", "longer_than_good"), [(Grade.AGAIN, False), (Grade.EASY, True)])
def test_the_grade_moves_the_next_review(
    tmp_path: Path, clock: FixedClock, grade: Grade, longer_than_good: bool
) -> None:
    cards = {"freeze": recall_card("freeze")}
    good = intervals(Learner(tmp_path / "good.db", clock, cards), Grade.GOOD, 3)
    other = intervals(Learner(tmp_path / "other.db", clock, cards), grade, 3)
    assert (other[-1] > good[-1]) is longer_than_good, (other, good)


def test_maximum_interval_setting_caps_the_gap(learner: Learner) -> None:
    learner.settings = LearningSettings(max_interval_days=7)
    gaps = intervals(learner, Grade.EASY, 6)
    assert max(gaps) <= 7.01


def test_each_review_asks_the_next_prompt(learner: Learner) -> None:
    learner.record(EventKind.COMPLETED, "freeze")
    asked = []
    for _ in range(3):
        item = schedule(learner.cards, learner.learning(), learner.settings)["freeze"]
        prompt = item.prompt(learner.cards["freeze"])
        assert prompt is not None
        asked.append(prompt.question)
        learner.clock.set(item.due.astimezone())
        learner.record(EventKind.RECALL_REVIEWED, "freeze", "good")
    assert asked == ["Q0 of freeze?", "Q1 of freeze?", "Q0 of freeze?"]


def test_reviews_can_be_switched_off(learner: Learner) -> None:
    learner.settings = LearningSettings(reviews=False)
    learner.record(EventKind.COMPLETED, "freeze")
    learner.advance(weeks=4)
    assert due_ids(learner) == []
    assert learner.offered(["freeze"], pause=True) == "hint freeze"


def test_a_due_review_is_offered_only_at_a_natural_pause(learner: Learner) -> None:
    learner.record(EventKind.OPENED, "freeze")
    learner.record(EventKind.COMPLETED, "freeze")
    learner.advance(days=4)
    assert learner.offered(["freeze"], pause=False) == "hint freeze", "no pause: the usual nudge"
    assert learner.offered(["freeze"], pause=True) == "review freeze"
    assert learner.offered(["sort"], pause=True) == "card sort", "only in the card's own app"


def test_a_declined_review_waits_until_the_next_day(learner: Learner) -> None:
    learner.record(EventKind.COMPLETED, "freeze")
    learner.advance(days=4)
    learner.record(EventKind.SHOWN, "freeze", REVIEW)  # then "Later"
    learner.advance(hours=3)
    assert learner.offered(["freeze"], pause=True) == "hint freeze"
    learner.advance(days=1)
    assert learner.offered(["freeze"], pause=True) == "review freeze"


def test_reviews_stay_inside_the_attention_budget_and_quiet_times(learner: Learner) -> None:
    learner.record(EventKind.COMPLETED, "freeze")
    learner.advance(days=4)
    assert learner.offered(["freeze"], pause=True, window=replace(CALC, fullscreen=True)) == (
        "quiet: a fullscreen window is active"
    )
    assert learner.offered(["freeze"], pause=True, dnd=True) == "quiet: do not disturb is on"
    learner.policy = replace(learner.policy, quiet_start=time(0, 0), quiet_end=time(23, 59))
    assert learner.offered(["freeze"], pause=True) == "quiet hours"
    learner.policy = replace(learner.policy, quiet_start=None, quiet_end=None)
    learner.record(EventKind.SNOOZED, None, (learner.now + timedelta(hours=1)).isoformat())
    assert learner.offered(["freeze"], pause=True) == "snoozed"
    learner.advance(hours=1)
    learner.record(EventKind.SHOWN, "sort", PROACTIVE)
    assert learner.offered(["freeze"], pause=True) == "too soon after the last nudge"
    learner.advance(minutes=10)
    assert learner.offered(["freeze"], pause=True) == "review freeze"
    learner.record(EventKind.SHOWN, "freeze", REVIEW)
    learner.advance(minutes=10)
    assert learner.offered(["sort"], pause=True) == "card sort"
    learner.record(EventKind.SHOWN, "sort", PROACTIVE)
    learner.advance(minutes=10)
    assert learner.offered(["sort"]) == "hourly budget used", "a review counts like a nudge"


def test_natural_pause_arrival_or_back_from_idle(learner: Learner) -> None:
    settings, now = learner.settings, learner.now
    assert is_natural_pause(now, now - timedelta(seconds=30), None, settings)
    assert is_natural_pause(now, None, now - timedelta(minutes=1), settings)
    assert not is_natural_pause(now, now - timedelta(minutes=5), None, settings)
    assert not is_natural_pause(now, None, None, settings)
