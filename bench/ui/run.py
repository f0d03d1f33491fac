"""UI benchmark (issue 10): `make bench-ui`.

1. *What Cuecard stores* on a large learning record: the window filled from every row of
   every table as it was (a table widget per table, the baseline) against the record in
   words (store/describe.py, at most 200 lines a section, in a tree), measured in the
   same run, and the longest gap of a 5 ms GUI-thread timer while each fills.
2. Application names: reading this machine's desktop files once, then a name per window
   change (cached).

Run: .venv/bin/python bench/ui/run.py [--events N]
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "app")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.common import machine  # noqa: E402

RUNS = 5


def timed(work: Callable[[], object], runs: int = RUNS) -> list[float]:
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        samples.append(time.perf_counter() - began)
    return samples


def show(samples: list[float], unit: str = "s", scale: float = 1.0) -> str:
    values = [s * scale for s in samples]
    return (
        f"{statistics.median(values):.3f} {unit} (min {min(values):.3f}, "
        f"max {max(values):.3f}, n={len(values)})"
    )


def record(events: int) -> dict[str, list[dict[str, object]]]:
    """A learner's record of `events` events over two years, 200 log lines, 300 misses."""
    start = datetime(2025, 1, 1, tzinfo=UTC)
    kinds = ["shown", "opened", "step_done", "completed", "rated", "dismissed"]
    rows: list[dict[str, object]] = []
    for n in range(events):
        kind = kinds[n % len(kinds)]
        rows.append(
            {
                "id": n + 1,
                "ts": (start + timedelta(minutes=7 * n)).isoformat(),
                "card_id": f"pack/card-{n % 400}",
                "kind": kind,
                "value": {"step_done": str(n % 5), "rated": "up", "shown": "proactive"}.get(kind),
                "comment": None,
            }
        )
    log = [
        {
            "id": n,
            "ts": (start + timedelta(days=n)).isoformat(),
            "text": f"note {n}",
            "card_id": None,
        }
        for n in range(200)
    ]
    missed = [{"query": f"query {n}", "count": n % 7 + 1} for n in range(300)]
    return {"events": rows, "log": log, "missed_searches": missed}


def raw_tables(tables: dict[str, list[dict[str, object]]]) -> object:
    """The window as it was: one table widget per table, every row and column."""
    from PySide6.QtWidgets import QTableWidget, QTableWidgetItem, QTabWidget

    tabs = QTabWidget()
    for name, rows in tables.items():
        columns = list(rows[0]) if rows else []
        table = QTableWidget(len(rows), len(columns))
        table.setHorizontalHeaderLabels(columns)
        for r, row in enumerate(rows):
            for col, key in enumerate(columns):
                value = row[key]
                table.setItem(r, col, QTableWidgetItem("" if value is None else str(value)))
        table.resizeColumnsToContents()
        tabs.addTab(table, f"{name} ({len(rows)})")
    return tabs


def longest_gap(work: Callable[[], object]) -> float:
    """The longest gap (ms) between 5 ms timer ticks while `work` runs on the GUI thread."""
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert app is not None
    clock = QElapsedTimer()
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(clock.nsecsElapsed()))
    clock.start()
    timer.start()
    QTimer.singleShot(30, work)
    QTimer.singleShot(30, lambda: QTimer.singleShot(60, app.quit))
    app.exec()
    timer.stop()
    gaps = [(b - a) / 1e6 for a, b in itertools.pairwise(ticks)]
    return max(gaps or [0.0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=50_000)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from cuecard.models import WindowInfo
    from cuecard.store.describe import describe_record
    from cuecard.ui.stored_data import StoredDataWindow
    from cuecard.watch.app_names import AppNames, application_dirs

    app = QApplication.instance() or QApplication([])
    print(machine())
    tables = record(args.events)
    titles = {f"pack/card-{n}": f"Card number {n}" for n in range(400)}
    window = StoredDataWindow()
    print(f"\nWhat Cuecard stores, {args.events:,} events + 200 log lines + 300 searches")
    print("| measure | result | ratio to baseline |")
    print("|---|---|---|")
    baseline = timed(lambda: raw_tables(tables))
    base = statistics.median(baseline)
    print(f"| baseline: every row in table widgets | {show(baseline)} | 1.0 |")
    words = timed(lambda: describe_record(tables, titles))
    print(
        f"| the record in words (describe only) | {show(words)} | "
        f"{statistics.median(words) / base:.2f}× |"
    )
    filled = timed(lambda: window.set_tables(tables, "/data/cuecard.db", titles))
    print(
        f"| the window filled in words | {show(filled)} | {statistics.median(filled) / base:.2f}× |"
    )
    gap_base = longest_gap(lambda: raw_tables(tables))
    gap_new = longest_gap(lambda: window.set_tables(tables, "/data/cuecard.db", titles))
    print(f"| GUI thread: longest gap, baseline | {gap_base:.0f} ms | 1.0 |")
    print(f"| GUI thread: longest gap, in words | {gap_new:.0f} ms | {gap_new / gap_base:.2f}× |")

    folders = list(application_dirs())
    files = sum(len(list(f.rglob("*.desktop"))) for f in folders if f.is_dir())
    print(
        f"\nApplication names: {files} desktop files in {len([f for f in folders if f.is_dir()])}"
        " folders"
    )
    print("| measure | result |")
    print("|---|---|")
    cold = timed(lambda: AppNames().warm())
    once = show(cold, "ms", 1000)
    print(f"| read every desktop file once (at start, off the GUI thread) | {once} |")
    names = AppNames()
    names.warm()
    info = WindowInfo(app="xterm", title="bash - second", window_class="XTerm")
    names.name(info)
    each = timed(lambda: [names.name(info) for _ in range(10_000)])
    print(f"| a name per window change, cached (10,000) | {show(each, 'µs each', 100)} |")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
