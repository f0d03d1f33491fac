"""Learning benchmark: what fading, reviews, paths and sprints add to start-up and to
each nudge decision, with a large record.

Run: `make bench-learning` (or `.venv/bin/python bench/learning/run.py [--cards N]`).
Baselines in the same run: the attention state alone (start-up before this issue) and
`decide` without learning inputs (each decision before this issue).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cuecard.content.library import LibrarySnapshot
from cuecard.learning.model import LearningSettings
from cuecard.learning.review import schedule
from cuecard.models import Card, LearningPath, RecallPrompt, Sprint, WindowInfo
from cuecard.policy.decide import decide
from cuecard.policy.model import Moment, PolicySettings
from cuecard.store.db import open_db
from cuecard.store.events import Event, EventKind, load_attention, write_events
from cuecard.store.learning import load_learning
from cuecard.ui.learner import LearnerTracker

BENCH = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(BENCH)]
from common import idle, longest_gui_gap, machine, pct  # noqa: E402

GRADES = ("again", "hard", "good", "good", "easy")


def make_cards(count: int) -> dict[str, Card]:
    tags = [f"tag{n}" for n in range(40)]
    return {
        f"c{n:05d}": Card(
            id=f"c{n:05d}",
            title=f"Card {n}",
            path=Path(f"/bench/c{n:05d}.md"),
            root=Path("/bench"),
            tags=(tags[n % 40],),
            recall=(RecallPrompt("Q?", "A"),) if n % 2 == 0 else (),
        )
        for n in range(count)
    }


def make_events(cards: list[str], completed: int, start: datetime) -> list[Event]:
    rng = random.Random(3)
    events = []
    for index, card_id in enumerate(cards[:completed]):
        moment = start + timedelta(hours=index % 500)
        events += [
            Event(EventKind.SHOWN, moment, card_id, "proactive"),
            Event(EventKind.OPENED, moment, card_id),
            Event(EventKind.COMPLETED, moment, card_id),
        ]
        for review in range(5):
            when = moment + timedelta(days=3 * (review + 1) ** 2)
            events.append(Event(EventKind.RECALL_REVIEWED, when, card_id, rng.choice(GRADES)))
    events.append(Event(EventKind.PATH_JOINED, start, None, "onboarding"))
    events.append(Event(EventKind.SPRINT_JOINED, start, None, "s1"))
    return events


def timed(function: object, repeat: int = 5) -> float:
    """Median seconds of `function()` over `repeat` runs."""
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()  # type: ignore[operator]
        samples.append(time.perf_counter() - began)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--completed", type=int, default=2_000)
    args = parser.parse_args()
    cards = make_cards(args.cards)
    ids = list(cards)
    now = datetime.now(UTC)
    start = now - timedelta(days=400)
    events = make_events(ids, args.completed, start)
    paths = [
        LearningPath(
            "Onboarding",
            tuple(ids[:10]),
            Path("/p.yaml"),
            "",
            "onboarding",
            tuple((ids[2 * d], ids[2 * d + 1]) for d in range(5)),
        ),
    ]
    sprints = [
        Sprint("S1", "G", None, None, Path("/s1.yaml"), tuple(ids[:8]), ("tag3",), "s1", 2),
        Sprint("S2", "G", None, None, Path("/s2.yaml"), (), ("tag7", "tag9"), "s2", 3),
    ]
    settings = LearningSettings()
    print(machine())
    print(
        f"{args.cards} cards, {args.completed} completed with 5 reviews each, {len(events)} events"
    )
    with tempfile.TemporaryDirectory() as folder:
        db = open_db(Path(folder) / "cuecard.db").db
        write_events(db, events)
        attention = timed(lambda: load_attention(db, now))
        record_time = timed(lambda: load_learning(db))
        record = load_learning(db)
        schedule_time = timed(lambda: schedule(cards, record, settings))
        print(
            f"start-up: attention state {attention * 1000:.0f} ms (baseline); learning "
            f"record {record_time * 1000:.0f} ms; review schedule {schedule_time * 1000:.0f} ms"
        )
        tracker = LearnerTracker(settings)
        tracker.set_snapshot(
            LibrarySnapshot(cards=cards, paths=tuple(paths), sprints=tuple(sprints))
        )
        tracker.set_record(record)
        state = load_attention(db, now)
    window = WindowInfo(app="soffice.bin", title="x - LibreOffice Calc")
    candidates = [cards[i] for i in ids[:: max(1, args.cards // 20)][:20]]
    policy = PolicySettings()
    base, full = [], []
    for n in range(2000):
        moment = Moment(now + timedelta(seconds=n), window, now, natural_pause=n % 2 == 0)
        began = time.perf_counter()
        decide(moment, candidates, state, policy)
        base.append(time.perf_counter() - began)
        began = time.perf_counter()
        decide(
            moment,
            candidates,
            state,
            policy,
            tracker.inputs(moment.now, [c.id for c in candidates]),
        )
        full.append(time.perf_counter() - began)
    print(
        f"decision: with learning p50 {pct(full, 0.5) * 1e6:.0f} µs, p95 "
        f"{pct(full, 0.95) * 1e6:.0f} µs; baseline without p50 {pct(base, 0.5) * 1e6:.0f} µs, "
        f"p95 {pct(base, 0.95) * 1e6:.0f} µs"
    )
    grade_times = []
    for n in range(50):
        event = Event(EventKind.RECALL_REVIEWED, now + timedelta(minutes=n), ids[2 * n], "good")
        began = time.perf_counter()
        tracker.apply(event)
        grade_times.append(time.perf_counter() - began)
    print(
        f"one graded review applied and rescheduled: p50 {pct(grade_times, 0.5) * 1000:.2f} ms,"
        f" max {max(grade_times) * 1000:.2f} ms"
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cuecard.db"
        db = open_db(path).db
        write_events(db, events)
        db.conn.close()
        gap, seconds = longest_gui_gap(lambda done: start_loop(path, done))
        idle_gap, _ = longest_gui_gap(idle)
    print(
        f"GUI thread while the app loads this record: longest gap between 5 ms ticks "
        f"{gap:.1f} ms over {seconds:.2f} s; idle: {idle_gap:.1f} ms"
    )
    return 0


KEEP: list[object] = []


def start_loop(path: Path, done: Callable[[], None]) -> None:
    """Start the app's nudge loop on `path`, as the tray app does; `done` once loaded."""
    from PySide6.QtGui import QIcon

    from cuecard.platform.dnd import StaticDnd
    from cuecard.store.writer import StoreWriter
    from cuecard.ui.loop import NudgeLoop
    from cuecard.ui.nudge import NudgeToast

    writer = StoreWriter(path)
    writer.start()
    loop = NudgeLoop(writer, NudgeToast(QIcon()), PolicySettings(), dnd=StaticDnd(False))
    loop.state_loaded.connect(lambda _state: (writer.stop(), done()))
    KEEP.append(loop)
    loop.start()


if __name__ == "__main__":
    sys.exit(main())
