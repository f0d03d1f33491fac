"""Learning sprints over simulated weeks: join, progress, leave, the end-of-sprint note."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from cuecard.clock import FixedClock
from cuecard.learning.sprints import (
    SprintStatus,
    all_sprints,
    can_join,
    reflection_due,
    sprint_cards,
    sprint_progress,
)
from cuecard.models import Sprint
from cuecard.store.events import REFLECTION, EventKind
from tests.learning.sim import Learner, card, monday_morning


@pytest.fixture
def learner(tmp_path: Path, clock: FixedClock) -> Learner:
    monday_morning(clock)
    cards = {
        "pivot": card("pivot", tags=("spreadsheets",)),
        "lookup": card("lookup", title="A lookup", tags=("spreadsheets",)),
        "toc": card("toc", tags=("documents",)),
    }
    return Learner(tmp_path / "cuecard.db", clock, cards)


def self_paced(weeks: int = 2) -> Sprint:
    return Sprint(
        "Reports",
        "Monthly report",
        None,
        None,
        Path("/s/r.yaml"),
        ("toc",),
        ("spreadsheets",),
        "reports",
        weeks,
    )


def test_cards_named_then_tagged(learner: Learner) -> None:
    assert sprint_cards(self_paced(), learner.cards) == ("toc", "lookup", "pivot")


def test_a_self_paced_sprint_from_join_to_reflection(learner: Learner) -> None:
    sprint = self_paced()
    start = learner.now.date()
    progress = sprint_progress(sprint, learner.cards, learner.learning(), start)
    assert (progress.joined, progress.status, can_join(progress)) == (
        False,
        SprintStatus.UPCOMING,
        True,
    )
    learner.record(EventKind.COMPLETED, "toc")  # before the sprint: does not count
    learner.advance(minutes=5)
    learner.record(EventKind.SPRINT_JOINED, None, "reports")
    progress = sprint_progress(sprint, learner.cards, learner.learning(), start)
    assert (progress.status, progress.start, progress.end, progress.done) == (
        SprintStatus.ACTIVE,
        start,
        start + timedelta(days=13),
        (),
    )
    assert progress.days_left(start) == 14
    for day, card_id in ((2, "pivot"), (9, "lookup")):
        learner.clock.set(learner.now + timedelta(days=day))
        learner.record(EventKind.COMPLETED, card_id)
    today = learner.now.date()
    progress = sprint_progress(sprint, learner.cards, learner.learning(), today)
    assert progress.done == ("lookup", "pivot")
    assert reflection_due([progress], learner.learning(), learner.now) is None, "still running"
    learner.clock.set(learner.now + timedelta(days=4))
    ended = all_sprints([sprint], learner.cards, learner.learning(), learner.now.date())
    assert ended[0].status is SprintStatus.ENDED
    assert reflection_due(ended, learner.learning(), learner.now) == ended[0]
    learner.record(EventKind.SHOWN, None, REFLECTION)  # offered; "Later"
    assert reflection_due(ended, learner.learning(), learner.now) is None
    learner.advance(days=1)
    assert reflection_due(ended, learner.learning(), learner.now) == ended[0]
    learner.record(EventKind.SPRINT_FINISHED, None, "reports", "Built the May report alone")
    record = learner.learning()
    assert record.sprints["reports"].applied == "Built the May report alone"
    ended = all_sprints([sprint], learner.cards, record, learner.now.date())
    assert ended[0].finished and reflection_due(ended, record, learner.now) is None


def test_a_cohort_sprint_has_its_own_dates(learner: Learner) -> None:
    start = learner.now.date() + timedelta(days=7)
    sprint = Sprint(
        "Docs", "TOC", start, start + timedelta(days=20), Path("/s/d.yaml"), ("toc",), (), "docs"
    )
    before = sprint_progress(sprint, learner.cards, learner.learning(), learner.now.date())
    assert (before.status, can_join(before)) == (SprintStatus.UPCOMING, True)
    learner.record(EventKind.SPRINT_JOINED, None, "docs")
    learner.advance(days=10)
    learner.record(EventKind.COMPLETED, "toc")
    during = sprint_progress(sprint, learner.cards, learner.learning(), learner.now.date())
    assert (during.status, during.done, during.days_left(learner.now.date())) == (
        SprintStatus.ACTIVE,
        ("toc",),
        18,
    )
    learner.advance(days=30)
    after = sprint_progress(sprint, learner.cards, learner.learning(), learner.now.date())
    assert (after.status, can_join(after)) == (SprintStatus.ENDED, False)


def test_leaving_ends_membership_and_the_note_is_not_asked(learner: Learner) -> None:
    sprint = self_paced()
    learner.record(EventKind.SPRINT_JOINED, None, "reports")
    learner.advance(days=3)
    learner.record(EventKind.SPRINT_LEFT, None, "reports")
    learner.advance(weeks=3)
    progress = all_sprints([sprint], learner.cards, learner.learning(), learner.now.date())
    assert not progress[0].joined and can_join(progress[0])
    assert reflection_due(progress, learner.learning(), learner.now) is None


def test_the_sprint_end_prompt_waits_for_a_natural_pause(learner: Learner) -> None:
    learner.sprints = (self_paced(),)
    learner.record(EventKind.SPRINT_JOINED, None, "reports")
    learner.advance(weeks=2, days=1)
    assert learner.offered([], pause=False) == "no card to offer for this window"
    assert learner.offered([], pause=True) == "reflection"
    assert learner.offered(["toc"], pause=True) == "card toc", "a card for the window first"
