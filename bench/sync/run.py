"""Sync benchmark: 10,000 queued statements delivered to a real LRS on loopback.

Run: `make bench-sync` (or `.venv/bin/python bench/sync/run.py [--statements N]`).
Measures, against Learning Locker's statement service (in memory, as the tests use it):
- the app's sender (batches of 500, through the store's writer thread) delivering N
  queued statements: time and statements per second, three runs on a fresh LRS each;
- the baseline in the same run: the same N statements posted one by one;
- the GUI thread's longest stall (gap between 5 ms timer ticks) while sending, next to
  the idle gap;
- recovery: the LRS down for a while, then back: time from its first answer until the
  outbox is empty (the sender's back-off decides it), for three outage lengths.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from tests.sync.lrs_server import LearningLocker, free_port, install_lrs  # noqa: E402

from common import idle, longest_gui_gap, machine  # noqa: E402
from cuecard.clock import SYSTEM_CLOCK, FixedClock  # noqa: E402
from cuecard.store import outbox  # noqa: E402
from cuecard.store.db import open_db  # noqa: E402
from cuecard.store.events import Event, EventKind, write_events  # noqa: E402
from cuecard.store.writer import StoreWriter  # noqa: E402
from cuecard.sync.lrs import LrsClient  # noqa: E402
from cuecard.sync.recorder import OutboxRecorder, StatementSettings  # noqa: E402
from cuecard.sync.sender import DirectAccess, WriterAccess, push  # noqa: E402
from cuecard.sync.statements import CardInfo  # noqa: E402
from cuecard.sync.worker import PushWorker, WorkerTiming  # noqa: E402

HOME = "https://learning.example.org"


def queue(path: Path, count: int) -> None:
    """`count` events recorded as the app records them, each with its statement."""
    clock = FixedClock(SYSTEM_CLOCK.now())
    cards = {f"c{n}": CardInfo(f"Card number {n}", "guide") for n in range(200)}
    hook = OutboxRecorder(StatementSettings(HOME, False), cards.get, clock).events
    opened = open_db(path)
    kinds = (EventKind.OPENED, EventKind.STEP_DONE, EventKind.COMPLETED, EventKind.RATED)
    values = {EventKind.STEP_DONE: "0", EventKind.RATED: "up"}
    for start in range(0, count, 1000):
        events = []
        for n in range(start, min(count, start + 1000)):
            kind = kinds[n % 4]
            events.append(Event(kind, clock.now(), f"c{n % 200}", values.get(kind)))
            clock.advance(timedelta(milliseconds=3))
        write_events(opened.db, events, hook)
    opened.db.conn.close()


def client(endpoint: str) -> LrsClient:
    return LrsClient(endpoint, "bench", "bench", now=SYSTEM_CLOCK.now)


def pending(path: Path) -> int:
    opened = open_db(path)
    try:
        return outbox.counts(opened.db).pending
    finally:
        opened.db.conn.close()


def with_lrs(work: Path, name: str, action: Callable[[LearningLocker], float]) -> float:
    lrs = LearningLocker(work / name).start()
    try:
        return action(lrs)
    finally:
        lrs.stop()


def posted_singly(work: Path, count: int) -> float:
    db_path = work / "single.db"
    queue(db_path, count)
    opened = open_db(db_path)

    def run(lrs: LearningLocker) -> float:
        began = time.perf_counter()
        with client(lrs.endpoint) as lrs_client:
            result = push(DirectAccess(opened.db), lrs_client, SYSTEM_CLOCK, batch_size=1)
        assert result.delivered == count, result
        return time.perf_counter() - began

    try:
        return with_lrs(work, "lrs-single", run)
    finally:
        opened.db.conn.close()


def sent_by_the_app(work: Path, count: int, run_id: int) -> tuple[float, float]:
    """Seconds until N statements are delivered by the app's sender, and the GUI
    thread's longest gap meanwhile."""
    db_path = work / f"batched-{run_id}.db"
    queue(db_path, count)
    measured: dict[str, float] = {}

    def run(lrs: LearningLocker) -> float:
        writer = StoreWriter(db_path)
        writer.start()
        finished = threading.Event()

        def start(done: Callable[[], None]) -> None:
            def delivered(result: object) -> None:
                if not finished.is_set():
                    measured["seconds"] = time.perf_counter() - measured["began"]
                    finished.set()
                    done()

            worker = PushWorker(
                WriterAccess(writer),
                lambda: client(lrs.endpoint),
                SYSTEM_CLOCK,
                delivered,
                WorkerTiming(gather=0.0),
            )
            measured["began"] = time.perf_counter()
            worker.start()
            measured_worker.append(worker)

        measured_worker: list[PushWorker] = []
        gap, _ = longest_gui_gap(start)
        measured_worker[0].stop()
        writer.stop()
        assert len(lrs.statement_ids()) == count
        measured["gap"] = gap
        return measured["seconds"]

    seconds = with_lrs(work, f"lrs-batched-{run_id}", run)
    return seconds, measured["gap"]


def recovery(work: Path, down_for: float, count: int = 2000) -> float:
    """The LRS is down for `down_for` seconds while the app's sender retries; seconds
    from the LRS's first answer until everything is delivered."""
    db_path = work / f"recovery-{down_for:.0f}.db"
    queue(db_path, count)
    lrs = LearningLocker(work / f"lrs-recovery-{down_for:.0f}", port=free_port())
    writer = StoreWriter(db_path)
    writer.start()
    done = threading.Event()

    def delivered(result: object) -> None:
        if getattr(result, "delivered", 0) and pending_now() == 0:
            done.set()

    def pending_now() -> int:
        return WriterAccess(writer).run(lambda db: outbox.counts(db).pending)

    worker = PushWorker(WriterAccess(writer), lambda: client(lrs.endpoint), SYSTEM_CLOCK, delivered)
    worker.start()
    time.sleep(down_for)
    lrs.start()  # returns at the LRS's first answer to GET /about
    up = time.perf_counter()
    done.wait(900)
    seconds = time.perf_counter() - up
    worker.stop()
    writer.stop()
    lrs.stop()
    return seconds


def spread(values: list[float], unit: str, digits: int = 2) -> str:
    return (
        f"{statistics.median(values):.{digits}f} {unit} "
        f"(min {min(values):.{digits}f}, max {max(values):.{digits}f})"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--statements", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--outages", default="5,20,60", help="seconds the LRS is down")
    args = parser.parse_args()
    install_lrs()
    work = Path(tempfile.mkdtemp(prefix="cuecard-sync-bench-"))
    count = args.statements
    print(machine())
    idle_gap, _ = longest_gui_gap(idle)
    batched = [sent_by_the_app(work, count, n) for n in range(args.runs)]
    seconds = [s for s, _gap in batched]
    gaps = [g for _s, g in batched]
    single = posted_singly(work, count)
    outages = [float(s) for s in args.outages.split(",") if s]
    recovered = [(down, recovery(work, down)) for down in outages]
    rate = [count / s for s in seconds]
    print(
        f"| {count} statements delivered by the app's sender (batches of 500) | "
        f"{spread(seconds, 's')}, {spread(rate, 'statements/s', 0)} |"
    )
    print(
        f"| baseline: the same posted one by one | {single:.1f} s, "
        f"{count / single:.0f} statements/s |"
    )
    print(
        f"| GUI thread's longest gap between 5 ms ticks while sending | "
        f"{spread(gaps, 'ms', 1)}; idle {idle_gap:.1f} ms |"
    )
    for down, seconds_up in recovered:
        print(
            f"| recovery after the LRS was down {down:.0f} s (2,000 waiting) | "
            f"{seconds_up:.1f} s from its first answer to an empty outbox |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
