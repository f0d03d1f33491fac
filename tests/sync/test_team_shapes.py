"""The shapes the team view reads (issue 15): a card put in front of the learner, a shared
tip, a path's days and the whole path done, the installation's teams on every statement;
strictly valid, and accepted by a real LRS."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from cuecard.clock import FixedClock
from cuecard.models import LearningPath
from cuecard.store.events import Event, EventKind, write_events
from cuecard.sync import statements
from cuecard.sync.lrs import LrsClient
from cuecard.sync.recorder import OutboxRecorder, StatementSettings
from cuecard.sync.sender import DirectAccess, Outcome, push
from tests.sync.conftest import CARDS, HOME
from tests.sync.lrs_server import LearningLocker
from tests.sync.test_statements import bodies_in_order, strictly_valid

PATH = LearningPath(
    "First week",
    ("a", "b", "c", "d"),
    Path("first-week.yaml"),
    id="first-week",
    days=(("a", "b"), ("c",), ("d",)),
)
OTHER = LearningPath("Tools", ("c", "x"), Path("tools.yaml"), id="tools", days=(("c", "x"),))


def recorded(
    db: sqlite_utils.Database,
    clock: FixedClock,
    batches: list[list[Event]],
    teams: tuple[str, ...] = (),
) -> list[dict[str, Any]]:
    hook = OutboxRecorder(
        StatementSettings(HOME, False, teams), CARDS.get, clock, paths=lambda: (PATH, OTHER)
    )
    for batch in batches:
        write_events(db, batch, hook.events)
    return [strictly_valid(body) for body in bodies_in_order(db)]


def shape(statement: dict[str, Any]) -> tuple[str, str]:
    return statement["verb"]["display"]["en-US"], statement["object"]["id"].removeprefix(
        HOME + "/cuecard/"
    )


def test_a_card_shown_unasked_is_experienced_only_the_card(
    record: sqlite_utils.Database, clock: FixedClock
) -> None:
    now = clock.now()
    made = recorded(
        record,
        clock,
        [
            [
                Event(EventKind.SHOWN, now, "calc/freeze", "proactive"),
                Event(EventKind.SHOWN, now, "calc/freeze", "hint"),
                Event(EventKind.SHOWN, now, "notes", "refresher"),
            ]
        ],
    )
    assert [shape(s) for s in made] == [
        ("experienced", "cards/calc/freeze"),
        ("experienced", "cards/calc/freeze"),
        ("experienced", "cards/notes"),
    ]
    assert made[0]["verb"]["id"] == statements.EXPERIENCED.id
    assert set(made[0]) == {"id", "actor", "verb", "object", "timestamp", "context"}
    assert made[0]["object"]["definition"]["name"] == {"und": "Freeze the header row"}


def test_a_shared_tip_is_its_card_id_without_a_title(
    record: sqlite_utils.Database, clock: FixedClock
) -> None:
    [made] = recorded(record, clock, [[Event(EventKind.TIP_CREATED, clock.now(), "tips/0a1b2c3d")]])
    assert made["verb"]["id"] == statements.SHARED.id
    assert made["object"] == {
        "objectType": "Activity",
        "id": HOME + "/cuecard/cards/tips/0a1b2c3d",
        "definition": {"type": statements.CARD_TYPE},
    }


def test_days_and_the_path_done_follow_completions_in_any_order(
    record: sqlite_utils.Database, clock: FixedClock
) -> None:
    now = clock.now()
    done = [Event(EventKind.COMPLETED, now + timedelta(minutes=n), c) for n, c in enumerate("ca")]
    made = recorded(
        record,
        clock,
        [
            [Event(EventKind.COMPLETED, now - timedelta(days=2), "b")],  # before joining
            [Event(EventKind.PATH_JOINED, now, None, "first-week")],
            done,
            [Event(EventKind.COMPLETED, now + timedelta(hours=1), "a")],  # again: nothing new
            [Event(EventKind.COMPLETED, now + timedelta(hours=2), "d")],
        ],
    )
    assert [shape(s) for s in made] == [
        ("completed", "cards/b"),
        ("registered", "paths/first-week"),
        ("completed", "cards/c"),
        ("completed", "cards/a"),
        ("completed", "paths/first-week/days/2"),  # c alone is day 2
        ("completed", "paths/first-week/days/1"),  # a, with b from before joining
        ("completed", "cards/a"),
        ("completed", "cards/d"),
        ("completed", "paths/first-week/days/3"),
        ("completed", "paths/first-week"),
    ]
    day2 = made[4]
    assert day2["timestamp"] == made[2]["timestamp"], "when the completion happened"
    assert day2["context"]["contextActivities"]["parent"][0]["id"] == HOME + (
        "/cuecard/paths/first-week"
    )
    assert day2["object"]["definition"]["type"] == "http://adlnet.gov/expapi/activities/module"
    assert "tools" not in str(made), "a path the learner never joined says nothing"


def test_joining_reports_days_already_done_and_leaving_stops_them(
    record: sqlite_utils.Database, clock: FixedClock
) -> None:
    now = clock.now()
    made = recorded(
        record,
        clock,
        [
            [Event(EventKind.COMPLETED, now, c) for c in "ab"],
            [
                Event(EventKind.PATH_JOINED, now, None, "first-week"),
                Event(EventKind.PATH_LEFT, now, None, "first-week"),
                Event(EventKind.COMPLETED, now, "c"),
            ],
        ],
    )
    assert [shape(s) for s in made][2:] == [
        ("registered", "paths/first-week"),
        ("completed", "cards/c"),
        ("completed", "paths/first-week/days/1"),  # from joining; c came after leaving
    ]


def test_teams_go_with_every_statement_as_grouping(
    record: sqlite_utils.Database, clock: FixedClock
) -> None:
    now = clock.now()
    made = recorded(
        record,
        clock,
        [
            [
                Event(EventKind.STEP_DONE, now, "calc/freeze", "0"),
                Event(EventKind.OPENED, now, "notes"),
            ]
        ],
        teams=("sales", "emea north"),
    )
    for statement in made:
        assert statement["context"]["contextActivities"]["grouping"] == [
            {"objectType": "Activity", "id": HOME + "/cuecard/teams/sales"},
            {"objectType": "Activity", "id": HOME + "/cuecard/teams/emea%20north"},
        ]
    assert made[0]["context"]["contextActivities"]["parent"][0]["id"].endswith("calc/freeze")


def test_a_real_lrs_accepts_them_and_selects_a_team(
    lrs: LearningLocker, record: sqlite_utils.Database, clock: FixedClock
) -> None:
    now = clock.now()
    made = recorded(
        record,
        clock,
        [
            [Event(EventKind.SHOWN, now, "calc/freeze", "proactive")],
            [Event(EventKind.TIP_CREATED, now, "tips/0a1b2c3d")],
            [Event(EventKind.PATH_JOINED, now, None, "first-week")],
            [Event(EventKind.COMPLETED, now, c) for c in "abcd"],
        ],
        teams=("sales",),
    )
    with LrsClient(lrs.endpoint, "cuecard", "secret", now=clock.now, timeout=10) as client:
        result = push(DirectAccess(record), client, clock)
        assert result.outcome is Outcome.DONE and result.delivered == len(made) == 11
        team = client.statements(activity=HOME + "/cuecard/teams/sales", related_activities=True)
        assert sorted(s.id for s in team) == sorted(s["id"] for s in made)
        assert (
            list(client.statements(activity=HOME + "/cuecard/teams/hr", related_activities=True))
            == []
        )
