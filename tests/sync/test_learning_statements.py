"""The learning records (issue 13) as xAPI: a graded recall, joining a path, a sprint
joined, left and finished, the pulse: strictly valid, private text only when shared."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from cuecard.clock import FixedClock
from cuecard.store.events import Event, EventKind, write_events
from cuecard.sync import statements
from cuecard.sync.lrs import LrsClient
from cuecard.sync.sender import DirectAccess, Outcome, push
from tests.sync.conftest import HOME, recorder
from tests.sync.lrs_server import LearningLocker
from tests.sync.test_statements import bodies_in_order, strictly_valid


def learning_shapes(
    db: sqlite_utils.Database, clock: FixedClock, share: bool
) -> list[dict[str, Any]]:
    now = clock.now()
    events = [
        Event(EventKind.RECALL_REVIEWED, now, "calc/freeze", "good"),
        Event(EventKind.RECALL_REVIEWED, now, "calc/freeze", "again"),
        Event(EventKind.PATH_JOINED, now, None, "first-week"),
        Event(EventKind.SPRINT_JOINED, now, None, "report-confidence"),
        Event(EventKind.SPRINT_LEFT, now, None, "report-confidence"),
        Event(EventKind.SPRINT_FINISHED, now, None, "report-confidence", "Built the May report"),
        Event(EventKind.PULSE_ANSWERED, now, None, "Pivot tables", "Ten quiet minutes"),
        Event(EventKind.PULSE_SKIPPED, now),
        Event(EventKind.TIP_CREATED, now, "tips/my-tip"),
        Event(EventKind.SHOWN, now, "calc/freeze", "review"),
    ]
    write_events(db, events, recorder(clock, share_text=share).events)
    return [strictly_valid(body) for body in bodies_in_order(db)]


def test_every_learning_shape_is_strictly_valid_xapi(
    record: sqlite_utils.Database, clock: FixedClock
) -> None:
    made = learning_shapes(record, clock, share=True)
    assert [s["verb"]["id"] for s in made] == [
        statements.ANSWERED.id,
        statements.ANSWERED.id,
        statements.REGISTERED.id,
        statements.REGISTERED.id,
        statements.EXITED.id,
        statements.COMPLETED.id,
        statements.RESPONDED.id,
        statements.SHARED.id,
    ], "skipping the pulse and an offered review send nothing"
    good, again = made[0], made[1]
    assert good["object"]["id"] == HOME + "/cuecard/cards/calc/freeze/recall"
    assert good["context"]["contextActivities"]["parent"][0]["id"] == (
        HOME + "/cuecard/cards/calc/freeze"
    )
    assert (good["result"]["success"], again["result"]["success"]) == (True, False)
    assert good["result"]["response"] == "good"
    assert made[2]["object"]["id"] == HOME + "/cuecard/paths/first-week"
    assert made[5]["result"] == {"completion": True, "response": "Built the May report"}
    assert made[6]["result"]["extensions"] == {
        HOME + "/cuecard/pulse/learning": "Pivot tables",
        HOME + "/cuecard/pulse/helps": "Ten quiet minutes",
    }


def test_what_was_applied_is_shared_only_when_sharing_is_on_the_pulse_always(
    record: sqlite_utils.Database, clock: FixedClock
) -> None:
    made = learning_shapes(record, clock, share=False)
    assert made[5]["result"] == {"completion": True}
    assert "Built the May report" not in json.dumps(made)
    assert "Pivot tables" in json.dumps(made[6]), "the pulse's answers are what it is for"


def test_a_real_lrs_accepts_them(
    lrs: LearningLocker, record: sqlite_utils.Database, clock: FixedClock
) -> None:
    made = learning_shapes(record, clock, share=True)
    with LrsClient(lrs.endpoint, "cuecard", "secret", now=clock.now, timeout=10) as client:
        result = push(DirectAccess(record), client, clock)
    assert result.outcome is Outcome.DONE and result.delivered == len(made)
    assert sorted(lrs.statement_ids()) == sorted(s["id"] for s in made)
