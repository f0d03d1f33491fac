"""Long run: window changes from a scripted watcher through the real loop (match,
decide, nudge, record), nudges dismissed with Later, and hot reloads of a card, with
resident memory, open file descriptors and threads measured along the way.

Run: `make reliability-longrun` or `.venv/bin/python bench/reliability/longrun.py
[--changes N] [--nudges N] [--reloads N]`. Full run: 100,000 changes, at least 5,000
nudges, 1,000 reloads. Passes when resident memory grows by at most 5 MB after the
warm-up (the first tenth) and file descriptors and threads do not grow.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "bench")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from cuecard.memory import limit_malloc_arenas  # noqa: E402

limit_malloc_arenas()  # as run_tray_app does, before any thread starts

from PySide6.QtWidgets import QApplication  # noqa: E402
from tests.reliability.longrun import LongRun  # noqa: E402

from common import machine  # noqa: E402
from cuecard.clock import FixedClock  # noqa: E402

LIMIT_MB = 5.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--changes", type=int, default=100_000)
    parser.add_argument("--nudges", type=int, default=5_000)
    parser.add_argument("--reloads", type=int, default=1_000)
    args = parser.parse_args()
    app = QApplication(["cuecard"])
    work = Path(tempfile.mkdtemp(prefix="cuecard-long-"))
    run = LongRun(work, FixedClock(datetime(2030, 3, 1, 9, tzinfo=UTC)))
    run.start()
    began = time.perf_counter()
    run.run(args.changes, args.nudges, args.reloads)
    seconds = time.perf_counter() - began
    run.stop()
    del app
    shutil.rmtree(work, ignore_errors=True)  # the data and content of the run
    first, last = run.samples[0], run.samples[-1]
    growth = (last.rss - first.rss) / 1e6
    counts = f"{last.changes:,} window changes, {last.nudges:,} nudges, {last.reloads:,} reloads"
    print(f"# Long run: {counts}")
    print(machine())
    print()
    print("| after | window changes | nudges | reloads | resident memory | open fds | threads |")
    print("|---|---|---|---|---|---|---|")
    for n, sample in enumerate(run.samples):
        label = "warm-up" if n == 0 else ("end" if n == len(run.samples) - 1 else "")
        print(
            f"| {label} | {sample.changes:,} | {sample.nudges:,} | {sample.reloads:,} | "
            f"{sample.rss / 1e6:.1f} MB | {sample.fds} | {sample.threads} |"
        )
    ok = growth <= LIMIT_MB and last.fds <= first.fds and last.threads <= first.threads
    print()
    print(
        f"Growth after warm-up: {growth:+.2f} MB resident (limit {LIMIT_MB:.0f} MB), "
        f"{last.fds - first.fds:+d} fds, {last.threads - first.threads:+d} threads, "
        f"in {seconds:.0f} s: {'pass' if ok else 'FAIL'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
