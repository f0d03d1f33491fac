"""Faults, each ending with nothing lost and nothing duplicated (by statement id in the
LRS): the LRS down at start, the LRS killed in the middle of a batch and restarted, and
the app killed with SIGKILL in the middle of a send and restarted."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlite_utils

from cuecard.clock import FixedClock
from cuecard.store.db import open_db
from cuecard.sync.lrs import LrsClient
from cuecard.sync.sender import DirectAccess, Outcome, PushResult
from cuecard.sync.worker import PushWorker, WorkerTiming
from tests.sync.conftest import HOME, bodies, queue_events, states
from tests.sync.lrs_server import LearningLocker, Tap, free_port

FAST = WorkerTiming(gather=0.0, idle=30.0, backoff_base=0.2, backoff_cap=1.0)


def wait_until(
    condition: Callable[[], object],
    timeout: float,
    what: str,
    details: Callable[[], str] = lambda: "",
) -> None:
    """Poll `condition`; on a timeout fail with `details()` (say, the app's log)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    pytest.fail(f"timed out after {timeout} s waiting until {what}\n{details()}")


def worker(
    record: sqlite_utils.Database, endpoint: str, clock: FixedClock, results: list[PushResult]
) -> PushWorker:
    # The worker's thread uses the connection only while this test thread waits.
    return PushWorker(
        DirectAccess(record),
        lambda: LrsClient(endpoint, "cuecard", "secret", now=clock.now, timeout=5),
        clock,
        results.append,
        FAST,
    )


def test_lrs_down_at_start_then_everything_arrives_once(
    lrs_installed: Path, tmp_path: Path, record: sqlite_utils.Database, clock: FixedClock
) -> None:
    ids = queue_events(record, clock, 700)
    lrs = LearningLocker(tmp_path / "lrs", port=free_port())
    results: list[PushResult] = []
    sender = worker(record, lrs.endpoint, clock, results)
    sender.start()
    try:
        wait_until(lambda: len(results) >= 2, 20, "two failed pushes")
        assert all(r.outcome is Outcome.RETRY and r.status == 0 for r in results)
        assert "did not answer" in results[0].message
        lrs.start()
        wait_until(lambda: results[-1].outcome is Outcome.DONE, 30, "a push after the LRS came up")
    finally:
        sender.stop()
        lrs_ids = lrs.statement_ids()
        lrs.stop()
    assert states(record) == {"delivered": 700}
    assert sorted(lrs_ids) == sorted(ids) and len(set(lrs_ids)) == len(lrs_ids)


def test_lrs_killed_in_the_middle_of_a_batch_and_restarted(
    lrs: LearningLocker, record: sqlite_utils.Database, clock: FixedClock, tmp_path: Path
) -> None:
    ids = queue_events(record, clock, 1200)  # batches of 500, 500, 200
    tap = Tap(lrs.port).start()
    in_flight, go_on = threading.Event(), threading.Event()
    seen: list[bytes] = []

    def hold(body: bytes) -> None:
        seen.append(body)
        if len(seen) == 2:  # the second batch: the LRS dies while it is on its way
            in_flight.set()
            go_on.wait(30)

    tap.hold = hold
    results: list[PushResult] = []
    sender = worker(record, tap.endpoint, clock, results)
    sender.start()
    try:
        assert in_flight.wait(30)
        before_kill = lrs.statement_ids()  # the in-memory LRS loses these with its process
        lrs.stop()
        go_on.set()
        wait_until(lambda: results and results[-1].outcome is Outcome.RETRY, 20, "a retry")
        lrs.start()  # same port, empty memory
        wait_until(lambda: results[-1].outcome is Outcome.DONE, 30, "delivery after restart")
    finally:
        sender.stop()
        tap.stop()
    after_restart = lrs.statement_ids()
    assert len(before_kill) == 500, "the first batch had arrived before the kill"
    assert set(before_kill).isdisjoint(after_restart), "no batch was delivered twice"
    assert sorted(before_kill + after_restart) == sorted(ids), "nothing lost"
    assert states(record) == {"delivered": 1200}


APP_SETTINGS = """
content.builtin: false
nudges.enabled: false
sync:
  enabled: true
  endpoint: {endpoint}
  username: cuecard
  password: secret
  actor_home_page: {home}
"""


def file_states(data: Path) -> dict[str, int]:
    """The outbox's states, read from the app's file by a connection of our own."""
    db = sqlite_utils.Database(sqlite3.connect(data / "cuecard.db", timeout=10))
    try:
        return states(db)
    finally:
        db.conn.close()


def start_app(data: Path, config: Path, log: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "cuecard", "--data-dir", str(data), "--config", str(config)],
            env=env,
            stdout=out,
            stderr=out,
        )


def test_app_killed_with_sigkill_in_the_middle_of_a_send_resumes_at_start(
    lrs: LearningLocker, tmp_path: Path, clock: FixedClock
) -> None:
    data = tmp_path / "app-data"
    opened = open_db(data / "cuecard.db")
    ids = queue_events(opened.db, clock, 1200)
    sent = bodies(opened.db)
    opened.db.conn.close()
    config = tmp_path / "settings.yaml"
    tap = Tap(lrs.port).start()
    config.write_text(APP_SETTINGS.format(endpoint=tap.endpoint, home=HOME), encoding="utf-8")
    answered, killed = threading.Event(), threading.Event()

    def after(_body: bytes, _status: int) -> None:
        if not killed.is_set():  # the LRS stored the first batch; its answer waits
            answered.set()
            killed.wait(30)

    tap.after = after
    log = tmp_path / "app.log"
    app = start_app(data, config, log)
    try:
        assert answered.wait(60), log.read_text(errors="replace")
        app.send_signal(signal.SIGKILL)
        app.wait(10)
        killed.set()
        assert file_states(data) == {"pending": 1200}, "the answer never reached the app"
        app = start_app(data, config, log)

        def details() -> str:
            posts = [(len(body), status) for body, status in tap.posts]
            return (
                f"the LRS holds {len(lrs.statement_ids())}; posts (bytes, status): {posts}; "
                f"the record: {file_states(data)}; the app's output:\n"
                + log.read_text(errors="replace")[-4000:]
                + "".join(
                    f"\n{path}:\n" + path.read_text(errors="replace")[-4000:]
                    for path in sorted((data / "logs").glob("*.log"))
                )
            )

        wait_until(
            lambda: len(lrs.statement_ids()) == 1200, 60, "the restarted app's resend", details
        )
        wait_until(
            lambda: file_states(data) == {"delivered": 1200}, 20, "all marked delivered", details
        )
    finally:
        if app.poll() is None:
            app.terminate()
            app.wait(10)
        tap.stop()
    lrs_ids = lrs.statement_ids()
    assert sorted(lrs_ids) == sorted(ids) and len(set(lrs_ids)) == 1200
    first_batch = tap.posts[0][0]
    resent = [body for body, _status in tap.posts[1:] if body == first_batch]
    assert resent, "the interrupted batch went again, byte for byte"
    for statement_id in ids[:500]:
        assert sent[statement_id].encode() in first_batch
