"""Onboarding paths over a simulated first fortnight: day by day, working days only."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from cuecard.clock import FixedClock
from cuecard.learning.paths import (
    active_paths,
    path_progress,
    paths_to_join,
    preferred_cards,
    working_day_number,
)
from cuecard.models import LearningPath
from cuecard.store.events import EventKind
from tests.learning.sim import Learner, card, monday_morning

WEEK = LearningPath(
    "First week",
    ("a", "b", "c", "d", "e"),
    Path("/paths/first-week.yaml"),
    id="first-week",
    days=(("a", "b"), ("c",), ("d",), ("e",)),
)


def test_working_days_skip_the_weekend() -> None:
    monday = date(2030, 1, 7)
    assert monday.weekday() == 0
    numbers = [working_day_number(monday, monday + timedelta(days=n)) for n in range(15)]
    assert numbers == [1, 2, 3, 4, 5, 5, 5, 6, 7, 8, 9, 10, 10, 10, 11]
    saturday = monday + timedelta(days=5)
    assert working_day_number(saturday, saturday) == 0, "joined on a Saturday: Monday is day 1"
    assert working_day_number(saturday, saturday + timedelta(days=2)) == 1


@pytest.fixture
def learner(tmp_path: Path, clock: FixedClock) -> Learner:
    monday_morning(clock)
    cards = {c: card(c) for c in ("a", "b", "c", "d", "e", "x")}
    return Learner(tmp_path / "cuecard.db", clock, cards, paths=(WEEK,))


def today(learner: Learner) -> tuple[int, tuple[str, ...], tuple[str, ...], tuple[str, ...], int]:
    [progress] = active_paths(learner.paths, learner.learning(), learner.now.date())
    return progress.day, progress.today, progress.behind, progress.upcoming, progress.done


def test_a_first_week_day_by_day(learner: Learner) -> None:
    assert active_paths(learner.paths, learner.learning(), learner.now.date()) == []
    learner.record(EventKind.PATH_JOINED, None, "first-week")
    assert today(learner) == (1, ("a", "b"), (), ("c",), 0)
    learner.record(EventKind.COMPLETED, "a")
    assert today(learner) == (1, ("b",), (), ("c",), 1)
    learner.advance(days=1)
    assert today(learner) == (2, ("c",), ("b",), ("d",), 1), "yesterday's leftover"
    learner.record(EventKind.COMPLETED, "b")
    learner.record(EventKind.COMPLETED, "c")
    learner.advance(days=2)
    assert today(learner) == (4, ("e",), ("d",), (), 3)
    learner.advance(days=7)
    assert today(learner)[0] == 4, "the last day stays the last day"
    for card_id in ("d", "e"):
        learner.record(EventKind.COMPLETED, card_id)
    [progress] = active_paths(learner.paths, learner.learning(), learner.now.date())
    assert progress.finished and progress.done == progress.total == 5


def test_nudges_prefer_todays_path_cards(learner: Learner) -> None:
    assert learner.offered(["x", "c"]) == "card x"
    learner.record(EventKind.PATH_JOINED, None, "first-week")
    assert learner.offered(["x", "c"]) == "card x", "c is a later day's card"
    learner.advance(days=1)
    assert learner.offered(["x", "c"]) == "card c"
    learner.record(EventKind.PATH_LEFT, None, "first-week")
    assert learner.offered(["x", "c"]) == "card x"


def test_a_finished_path_is_no_longer_preferred(learner: Learner) -> None:
    learner.record(EventKind.PATH_JOINED, None, "first-week")
    for card_id in WEEK.cards:
        learner.record(EventKind.COMPLETED, card_id)
    progress = active_paths(learner.paths, learner.learning(), learner.now.date())
    assert preferred_cards(progress) == frozenset()


def test_joining_by_setting_happens_once(learner: Learner) -> None:
    assert paths_to_join(["first-week", "first-week"], learner.learning()) == ["first-week"]
    learner.record(EventKind.PATH_JOINED, None, "first-week")
    learner.record(EventKind.PATH_LEFT, None, "first-week")
    assert paths_to_join(["first-week"], learner.learning()) == [], "left stays left"


def test_flat_path_is_one_card_a_day() -> None:
    flat = LearningPath("P", ("a", "b"), Path("/p.yaml"), id="p")
    monday = date(2030, 1, 7)
    progress = path_progress(flat, monday, frozenset(), monday + timedelta(days=1))
    assert (progress.day, progress.today, progress.behind) == (2, ("b",), ("a",))
