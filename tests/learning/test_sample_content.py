"""The sample pack ships a real first-week path and a two-week sprint that work on any
date: the path counts from joining, the sprint starts when the learner joins."""

from __future__ import annotations

from datetime import timedelta

from cuecard.clock import FixedClock
from cuecard.content.library import ContentLibrary
from cuecard.learning.model import LearningRecord, SprintMembership
from cuecard.learning.paths import path_progress
from cuecard.learning.sprints import SprintStatus, sprint_progress
from tests.conftest import REPO


def test_first_week_path_and_two_week_sprint(clock: FixedClock) -> None:
    snapshot = ContentLibrary([REPO / "content"]).load()
    assert snapshot.errors == 0
    [path] = [p for p in snapshot.paths if p.id == "first-week"]
    assert len(path.days) == 5, "one working week"
    assert all(1 <= len(day) <= 3 for day in path.days), "a few short cards a day"
    assert all(card in snapshot.cards for card in path.cards)
    minutes = [sum(snapshot.cards[c].minutes or 0 for c in day) for day in path.days]
    assert max(minutes) <= 20, f"at most 20 minutes of cards a day: {minutes}"
    monday = clock.today() - timedelta(days=clock.today().weekday())
    friday = monday + timedelta(days=4)
    assert path_progress(path, monday, frozenset(), friday).day == 5

    [sprint] = [s for s in snapshot.sprints if s.id == "report-confidence"]
    assert (sprint.weeks, sprint.start, sprint.end) == (2, None, None)
    assert sprint.goal and all(card in snapshot.cards for card in sprint.cards)
    record = LearningRecord(sprints={sprint.id: SprintMembership(clock.now())})
    running = sprint_progress(sprint, snapshot.cards, record, clock.today() + timedelta(days=13))
    over = sprint_progress(sprint, snapshot.cards, record, clock.today() + timedelta(days=14))
    assert (running.status, over.status) == (SprintStatus.ACTIVE, SprintStatus.ENDED)
