"""Against a real LRS on loopback: every shape accepted, reading back with filters and
paging, and each class of answer handled as the issue asks (nothing lost, nothing
duplicated: checked by statement id in the LRS)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import sqlite_utils

from cuecard.clock import FixedClock
from cuecard.store import outbox
from cuecard.sync import statements
from cuecard.sync.lrs import LrsClient, LrsError
from cuecard.sync.sender import Backoff, DirectAccess, Outcome, push
from tests.sync.conftest import (
    HOME,
    add_invalid_statement,
    bodies,
    queue_events,
    states,
)
from tests.sync.lrs_server import LearningLocker, Tap
from tests.sync.test_statements import every_shape


def client_for(endpoint: str, clock: FixedClock, password: str = "secret") -> LrsClient:
    return LrsClient(endpoint, "cuecard", password, now=clock.now, timeout=10)


def test_every_shape_is_accepted_by_the_lrs_and_read_back(
    lrs: LearningLocker, record: sqlite_utils.Database, clock: FixedClock
) -> None:
    made = every_shape(record, clock, share=True)
    with client_for(lrs.endpoint, clock) as client:
        result = push(DirectAccess(record), client, clock)
        assert result.outcome is Outcome.DONE and result.delivered == len(made)
        assert states(record) == {"delivered": len(made)}
        assert sorted(lrs.statement_ids()) == sorted(s["id"] for s in made)
        guide = f"{HOME}/cuecard/cards/calc/freeze"
        completed = list(client.statements(verb=statements.COMPLETED.id, activity=guide))
        assert len(completed) == 1 and completed[0].completion is True
        steps = list(
            client.statements(verb=statements.COMPLETED.id, activity=guide, related_activities=True)
        )
        assert len(steps) == 4, "the guide and its three steps (parent = the guide)"
        assert {s.parents for s in steps} == {(), (guide,)}
        rated = list(client.statements(verb=statements.RATED.id))
        assert sorted(s.scaled or 0.0 for s in rated) == [0.0, 1.0]


def test_reading_back_follows_more_links(
    lrs: LearningLocker, record: sqlite_utils.Database, clock: FixedClock
) -> None:
    ids = queue_events(record, clock, 23)
    with client_for(lrs.endpoint, clock) as client:
        push(DirectAccess(record), client, clock)
        pages = list(client.pages(limit=5))
        assert len(pages) == 5 and pages[-1].more is None
        assert pages[0].consistent_through
        assert sorted(s.id for p in pages for s in p.statements) == sorted(ids)
        since = list(client.statements(since=pages[0].consistent_through, limit=5))
        assert since == []


def test_one_invalid_statement_is_quarantined_and_the_rest_delivered(
    lrs: LearningLocker, record: sqlite_utils.Database, clock: FixedClock
) -> None:
    good = queue_events(record, clock, 40)
    bad = "9d1a5ac3-3f0c-4c2e-8d8a-9f5b7f0e6a01"
    add_invalid_statement(record, clock, bad)
    more = queue_events(record, clock, 10)[41:]
    with client_for(lrs.endpoint, clock) as client:
        result = push(DirectAccess(record), client, clock)
    assert result.outcome is Outcome.DONE
    assert (result.delivered, result.set_aside) == (50, 1)
    assert sorted(lrs.statement_ids()) == sorted(good + more)
    (aside,) = outbox.set_aside(record)
    assert aside.statement_id == bad and aside.state is outbox.OutboxState.QUARANTINED
    assert aside.detail.startswith("400")
    again = push(DirectAccess(record), client_for(lrs.endpoint, clock), clock)
    assert (again.delivered, again.set_aside) == (0, 0), "never retried"
    # `cuecard sync status` shows it, with the LRS's reason.
    from cuecard.settings import load_settings
    from cuecard.sync.config import SyncConfig
    from cuecard.sync.status import read_status

    status = read_status(record, SyncConfig.from_settings(load_settings(None, None)))
    shown = status.as_json()
    assert (shown["pending"], shown["delivered"], shown["quarantined"]) == (0, 50, 1)
    assert [(i["id"], i["state"]) for i in shown["set_aside"]] == [(bad, "quarantined")]  # type: ignore[index, union-attr]
    assert any(line.startswith(f"  quarantined: {bad}") for line in status.lines())


def test_different_content_under_a_sent_id_is_a_conflict_never_retried(
    lrs: LearningLocker, record: sqlite_utils.Database, clock: FixedClock
) -> None:
    (first,) = queue_events(record, clock, 1)
    push(DirectAccess(record), client_for(lrs.endpoint, clock), clock)
    changed = json.loads(bodies(record)[first])
    changed["timestamp"] = statements.timestamp(clock.now() + timedelta(hours=1))
    with record.conn:
        record.execute("DELETE FROM outbox")
        outbox.enqueue(record, [(first, json.dumps(changed))], clock.now())
    queue_events(record, clock, 3)
    result = push(DirectAccess(record), client_for(lrs.endpoint, clock), clock)
    assert (result.delivered, result.set_aside) == (3, 1)
    assert states(record) == {"delivered": 3, "conflict": 1}
    assert lrs.statement_ids().count(first) == 1


def test_wrong_credentials_stop_with_a_configuration_error(
    lrs: LearningLocker, tap: Tap, record: sqlite_utils.Database, clock: FixedClock
) -> None:
    tap.credentials = ("cuecard", "right-password")
    ids = queue_events(record, clock, 5)
    with client_for(tap.endpoint, clock, password="wrong-password") as client:
        result = push(DirectAccess(record), client, clock)
    assert result.outcome is Outcome.REFUSED and result.status == 401
    assert "refused Cuecard's credentials" in result.message
    assert "wrong-password" not in result.message
    assert outbox.state_value(record, "config_error") == result.message
    assert states(record) == {"pending": 5} and lrs.statement_ids() == []
    with client_for(tap.endpoint, clock, password="right-password") as client:
        assert push(DirectAccess(record), client, clock).outcome is Outcome.DONE
    assert sorted(lrs.statement_ids()) == sorted(ids)
    assert outbox.state_value(record, "config_error") is None


def test_busy_lrs_is_retried_later_honouring_retry_after(
    lrs: LearningLocker, tap: Tap, record: sqlite_utils.Database, clock: FixedClock
) -> None:
    queue_events(record, clock, 3)
    tap.answer = (429, {"Retry-After": "120"})
    result = push(DirectAccess(record), client_for(tap.endpoint, clock), clock)
    assert result.outcome is Outcome.RETRY and result.retry_after == 120
    assert Backoff(base=2.0).next_delay(result.retry_after) == 120
    tap.answer = (503, {})
    assert push(DirectAccess(record), client_for(tap.endpoint, clock), clock).status == 503
    assert states(record) == {"pending": 3}
    tap.answer = None
    assert push(DirectAccess(record), client_for(tap.endpoint, clock), clock).delivered == 3


@pytest.mark.parametrize(
    "header",
    ["1²0", "²", "Mon, 01 Jan 99999999999999999999 00:00:00 GMT", "Sat, 1 Jan 9999999 0:0:0 GMT"],
)
def test_a_retry_after_nobody_can_read_is_ignored(
    lrs: LearningLocker, tap: Tap, record: sqlite_utils.Database, clock: FixedClock, header: str
) -> None:
    # Found by the full xAPI fuzz run: '²' passes str.isdigit() and float() refuses it;
    # a year past datetime's range overflowed. Both raised out of the LRS client.
    queue_events(record, clock, 2)
    tap.answer = (429, {"Retry-After": header})
    result = push(DirectAccess(record), client_for(tap.endpoint, clock), clock)
    assert result.outcome is Outcome.RETRY and result.retry_after is None
    assert states(record) == {"pending": 2}


def test_a_wrong_endpoint_is_a_configuration_error(
    lrs: LearningLocker, record: sqlite_utils.Database, clock: FixedClock
) -> None:
    queue_events(record, clock, 2)
    wrong = lrs.endpoint.replace("/xAPI/", "/nothing-here/")
    result = push(DirectAccess(record), client_for(wrong, clock), clock)
    assert result.outcome is Outcome.REFUSED and "check sync.endpoint" in result.message
    with pytest.raises(LrsError):
        list(client_for(wrong, clock).statements())


def test_backoff_grows_with_jitter_up_to_its_cap() -> None:
    import random

    backoff = Backoff(base=2.0, cap=60.0, rng=random.Random(7))
    delays = [backoff.next_delay() for _ in range(10)]
    for n, delay in enumerate(delays):
        ceiling = min(60.0, 2.0 * 2**n)
        assert ceiling / 2 <= delay <= ceiling
    assert len(set(delays)) == len(delays), "jitter: no two waits alike"
    backoff.reset()
    assert backoff.next_delay() <= 2.0
