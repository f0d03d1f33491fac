"""Statements: every shape valid under a strict xAPI 1.0.3 validator, built once and
stored in the record's own transaction, private unless sharing is on."""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from datetime import timedelta
from typing import Any

import pytest
import sqlite_utils
from ralph.models.xapi.base.statements import BaseXapiStatement

from cuecard.clock import FixedClock
from cuecard.store import outbox
from cuecard.store.events import Event, EventKind, write_events
from cuecard.store.forget import erase_record
from cuecard.store.log import add_entry
from cuecard.store.searches import record_missed_search
from cuecard.sync import statements
from tests.sync.conftest import HOME, bodies, queued_ids, recorder

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def strictly_valid(body: str) -> dict[str, Any]:
    """Parse and validate with ralph's pydantic models (unknown keys, bad IRIs, bad
    language tags, bad UUIDs and timestamps are all rejected)."""
    data = json.loads(body)
    BaseXapiStatement(**data)
    return dict(data)


def every_shape(db: sqlite_utils.Database, clock: FixedClock, share: bool) -> list[dict[str, Any]]:
    """One of each record the app makes, written through the real store functions."""
    hook = recorder(clock, share_text=share)
    events = [
        Event(EventKind.OPENED, clock.now(), "calc/freeze"),
        Event(EventKind.STEP_DONE, clock.now(), "calc/freeze", "0"),
        Event(EventKind.STEP_DONE, clock.now(), "calc/freeze", "1"),
        Event(EventKind.COMPLETED, clock.now(), "calc/freeze"),
        Event(EventKind.RATED, clock.now(), "calc/freeze", "up"),
        Event(EventKind.RATED, clock.now(), "notes", "down"),
        Event(EventKind.REPORTED_OUTDATED, clock.now(), "notes", None, "menu moved to View"),
        Event(EventKind.STEP_DONE, clock.now(), "calc/freeze", "0"),  # a second run
    ]
    write_events(db, events, hook.events)
    add_entry(db, "Freeze panes lives in the View menu", clock.now(), "calc/freeze", hook.log_entry)
    add_entry(db, "Ctrl+D duplicates a line", clock.now(), None, hook.log_entry)
    record_missed_search(db, "Pivot Tables", hook.missed_search)
    return [strictly_valid(body) for body in bodies_in_order(db)]


def bodies_in_order(db: sqlite_utils.Database) -> list[str]:
    return [row[0] for row in db.execute("SELECT body FROM outbox ORDER BY id")]


def test_every_shape_is_strictly_valid_xapi(
    record: sqlite_utils.Database, clock: FixedClock
) -> None:
    made = every_shape(record, clock, share=True)
    verbs = [s["verb"]["id"] for s in made]
    assert verbs == [
        statements.VIEWED.id,
        statements.COMPLETED.id,
        statements.COMPLETED.id,
        statements.COMPLETED.id,
        statements.RATED.id,
        statements.RATED.id,
        statements.REPORTED.id,
        statements.COMPLETED.id,
        statements.COMMENTED.id,
        statements.COMMENTED.id,
        statements.SEARCHED.id,
    ]
    actor = outbox.actor_id(record)
    for statement in made:
        assert uuid.UUID(statement["id"]).version == 4
        assert statement["actor"] == {
            "objectType": "Agent",
            "account": {"homePage": HOME, "name": actor},
        }
        assert TIMESTAMP.match(statement["timestamp"]), statement["timestamp"]
        assert statement["context"]["platform"] == "Cuecard"
    guide = made[0]["object"]
    assert guide["id"] == HOME + "/cuecard/cards/calc/freeze"
    assert guide["definition"]["type"] == statements.GUIDE_TYPE
    assert made[5]["object"]["definition"]["type"] == statements.CARD_TYPE
    assert made[4]["result"]["score"] == {"scaled": 1, "raw": 1, "min": 0, "max": 1}
    assert made[5]["result"]["score"]["scaled"] == 0


def test_a_guide_run_has_one_registration_and_the_guide_as_parent(
    record: sqlite_utils.Database, clock: FixedClock
) -> None:
    made = every_shape(record, clock, share=False)
    step1, step2, done, second_run = made[1], made[2], made[3], made[7]
    guide_id = made[0]["object"]["id"]
    assert step1["object"]["id"] == guide_id + "/steps/1"
    assert step2["object"]["id"] == guide_id + "/steps/2"
    assert step1["object"]["definition"]["type"] == statements.STEP_TYPE
    assert step1["context"]["contextActivities"]["parent"][0]["id"] == guide_id
    run = {s["context"]["registration"] for s in (step1, step2, done)}
    assert len(run) == 1, "one registration per run"
    assert second_run["context"]["registration"] not in run, "completion ended the run"
    assert "registration" not in made[0]["context"], "viewing is not part of a run"


def test_learner_text_is_sent_only_when_sharing_is_on(
    record: sqlite_utils.Database, clock: FixedClock
) -> None:
    every_shape(record, clock, share=False)
    private = " ".join(bodies_in_order(record))
    for text in ("View menu", "Ctrl+D", "pivot tables", "menu moved"):
        assert text.lower() not in private.lower()
    search = json.loads(bodies_in_order(record)[-1])
    assert search["result"] == {"success": False}
    with record.conn:
        record.execute("DELETE FROM outbox")
    every_shape(record, clock, share=True)
    shared = bodies_in_order(record)
    assert json.loads(shared[8])["result"]["response"] == "Freeze panes lives in the View menu"
    assert json.loads(shared[6])["result"]["response"] == "menu moved to View"
    assert json.loads(shared[10])["result"]["response"] == "pivot tables"


def test_dismissing_snoozing_and_offered_prompts_send_nothing(
    record: sqlite_utils.Database, clock: FixedClock
) -> None:
    events = [
        Event(EventKind.DISMISSED, clock.now(), "calc/freeze", "later"),
        Event(EventKind.SNOOZED, clock.now(), None, clock.now().isoformat()),
        Event(EventKind.SHOWN, clock.now(), "calc/freeze", "review"),
        Event(EventKind.SHOWN, clock.now(), None, "pulse"),
        Event(EventKind.SHOWN, clock.now(), None, "reflection"),
    ]
    write_events(record, events, recorder(clock).events)
    assert record.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 5
    assert queued_ids(record) == []


def test_statement_is_stored_byte_exact_in_the_events_transaction(
    record: sqlite_utils.Database, clock: FixedClock
) -> None:
    hook = recorder(clock)
    write_events(record, [Event(EventKind.COMPLETED, clock.now(), "calc/freeze")], hook.events)
    (body,) = bodies(record).values()
    assert body.isascii() and json.dumps(json.loads(body), separators=(",", ":")) == body

    def failing(db: sqlite_utils.Database, events: Any) -> None:
        hook.events(db, events)  # the statement is queued ...
        raise sqlite3.OperationalError("disk I/O error")  # ... then the transaction fails

    with pytest.raises(sqlite3.OperationalError):
        write_events(record, [Event(EventKind.OPENED, clock.now(), "notes")], failing)
    assert record.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 1
    assert len(queued_ids(record)) == 1, "neither the event nor its statement was kept"


def test_a_shape_that_breaks_never_loses_the_record(
    record: sqlite_utils.Database, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> None:
        raise KeyError("bug")

    monkeypatch.setitem(statements.EVENT_SHAPES, EventKind.OPENED, broken)
    events = [
        Event(EventKind.OPENED, clock.now(), "notes"),
        Event(EventKind.COMPLETED, clock.now(), "notes"),
    ]
    write_events(record, events, recorder(clock).events)
    assert record.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 2
    assert len(queued_ids(record)) == 1


def test_the_actor_is_an_opaque_stable_id_until_forget(
    record: sqlite_utils.Database, clock: FixedClock
) -> None:
    hook = recorder(clock)
    write_events(record, [Event(EventKind.OPENED, clock.now(), "notes")], hook.events)
    clock.advance(timedelta(days=3))
    write_events(record, [Event(EventKind.OPENED, clock.now(), "notes")], hook.events)
    names = {json.loads(b)["actor"]["account"]["name"] for b in bodies(record).values()}
    assert len(names) == 1
    (name,) = names
    assert uuid.UUID(name) and "@" not in name
    erase_record(record)
    assert queued_ids(record) == []
    write_events(record, [Event(EventKind.OPENED, clock.now(), "notes")], hook.events)
    (after,) = {json.loads(b)["actor"]["account"]["name"] for b in bodies(record).values()}
    assert after != name, "forget starts a new, unlinkable id"


def test_delivered_statements_are_pruned_after_a_month_and_still_counted(
    record: sqlite_utils.Database, clock: FixedClock
) -> None:
    from tests.sync.conftest import queue_events

    queue_events(record, clock, 4)
    rows = outbox.pending(record, 10)
    outbox.settle(record, rows[:3], outbox.OutboxState.DELIVERED, clock.now())
    assert outbox.prune_delivered(record, clock.now() + timedelta(days=29), timedelta(days=30)) == 0
    assert outbox.prune_delivered(record, clock.now() + timedelta(days=31), timedelta(days=30)) == 3
    assert outbox.counts(record) == outbox.OutboxCounts(pending=1, delivered=3)
    assert len(queued_ids(record)) == 1
