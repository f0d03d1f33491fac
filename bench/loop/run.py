"""Just-in-time loop benchmark: matching speed, switch-to-toast latency, idle cost.

Run: `make bench-loop` (or `.venv/bin/python bench/loop/run.py [--cards N] [--samples S]
[--idle SECONDS]`).
1. Matching: 10,000 cards with 3 triggers each (30,000), 2,000 window changes, our index
   against the obvious baseline (test every trigger's patterns in turn), same run.
2. End to end: the real app on Xvfb + openbox; the time from the X server's
   PropertyNotify of the switch (_NET_ACTIVE_WINDOW) to the one that shows the toast
   managed (_NET_CLIENT_LIST), minus the dwell. Both are server timestamps.
3. Idle: the same app with 10,000 cards, CPU seconds over --idle seconds, and RSS.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
from Xlib import X
from Xlib import display as xdisplay
from Xlib.error import ConnectionClosedError

from cuecard.content.library import ContentLibrary
from cuecard.content.patterns import compile_pattern
from cuecard.rules.index import TriggerIndex, triggers_of
from cuecard.rules.rank import match_window

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "bench"), str(REPO / "bench" / "content")]
from generate import APPS, WORDS, generate  # noqa: E402
from tests.e2e.xsession import XSession  # noqa: E402

from common import machine, pct  # noqa: E402

DWELL = 1.0


def windows(count: int) -> list[tuple[str, str, str]]:
    rng = random.Random(11)
    made = []
    for n in range(count):
        app = rng.choice([*APPS, "gedit", "evince"])
        title = f"{rng.choice(WORDS)} report {n % 700} - {rng.choice(WORDS)} {n}"
        made.append((app, title, app.split(".")[0].capitalize()))
    return made


def bench_matching(root: Path) -> tuple[list[float], list[float], int, int]:
    snapshot = ContentLibrary([root]).load()
    index = TriggerIndex.from_snapshot(snapshot)
    items = list(triggers_of(snapshot))
    compiled = [
        (
            item,
            item.trigger.apps,
            compile_pattern(item.trigger.title) if item.trigger.title else None,
            compile_pattern(item.trigger.window_class) if item.trigger.window_class else None,
        )
        for item in items
    ]
    ours, naive = [], []
    hits = 0
    samples = windows(2000)
    # As timeit does: no GC pauses in the samples. Ours and the baseline run in separate
    # passes, so neither measures the other's cache footprint.
    gc.disable()
    for app, title, cls in samples:
        start = time.perf_counter()
        found = match_window(index, snapshot.cards, app, title, cls)
        ours.append((time.perf_counter() - start) * 1000)
        hits += bool(found)
    for app, title, cls in samples:
        start = time.perf_counter()
        _ = [
            item
            for item, apps, t, c in compiled
            if (not apps or app in apps)
            and (t is None or t.matches(title))
            and (c is None or c.matches(cls))
        ]
        naive.append((time.perf_counter() - start) * 1000)
    gc.enable()
    return ours, naive, index.size, hits


class ServerClock(threading.Thread):
    """Server timestamps of active-window switches and of toast (client list) changes."""

    def __init__(self, name: str) -> None:
        super().__init__(daemon=True)
        self.display = xdisplay.Display(name)
        self.root = self.display.screen().root
        self.active = self.display.intern_atom("_NET_ACTIVE_WINDOW")
        self.clients = self.display.intern_atom("_NET_CLIENT_LIST")
        self.root.change_attributes(event_mask=X.PropertyChangeMask)
        self.display.flush()
        self.switches: list[tuple[int, int]] = []
        self.toasts: list[int] = []
        self._known: set[int] = set()

    def run(self) -> None:
        try:
            while True:
                event = self.display.next_event()
                if event.type != X.PropertyNotify:
                    continue
                if event.atom == self.active:
                    prop = self.root.get_full_property(self.active, X.AnyPropertyType)
                    if prop is not None and len(prop.value):
                        self.switches.append((int(event.time), int(prop.value[0])))
                elif event.atom == self.clients:
                    prop = self.root.get_full_property(self.clients, X.AnyPropertyType)
                    current = set(prop.value) if prop is not None else set()
                    for wid in current - self._known:
                        window = self.display.create_resource_object("window", wid)
                        name = window.get_full_property(
                            self.display.intern_atom("_NET_WM_NAME"), X.AnyPropertyType
                        )
                        if name is not None and bytes(name.value).startswith(b"Cuecard: "):
                            self.toasts.append(int(event.time))
                    self._known = current
        except ConnectionClosedError:
            return


def bench_end_to_end(root: Path, work: Path, samples: int, idle: float) -> dict[str, object]:
    settings = work / "settings.yaml"
    settings.write_text(
        "content.builtin: false\nnudges:\n  per_hour: 100000\n  per_day: 100000\n"
        f"  min_gap_minutes: 0\n  max_unopened: 100000\n  dwell_seconds: {int(DWELL)}\n"
    )
    target = root / "zz-bench-target.md"
    target.write_text("---\nwhen: [{title: '*Bench target*'}]\n---\n# Bench target\n\nBody.\n")
    args = ["--data-dir", str(work / "data"), "--config", str(settings), "--content", str(root)]
    with XSession(with_tray=True) as session:
        clock = ServerClock(session.display)
        clock.start()
        app = subprocess.Popen(
            [sys.executable, str(REPO / "tests/e2e/app_driver.py"), *args],
            env=session.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        assert app.stdout is not None and app.stdin is not None
        lines: list[dict[str, object]] = []

        def read() -> None:
            for line in app.stdout:  # type: ignore[union-attr]
                if line.startswith("{"):
                    lines.append(json.loads(line))

        threading.Thread(target=read, daemon=True).start()
        while not any(r.get("event") == "indexed" for r in lines):
            time.sleep(0.1)
        other = subprocess.Popen(
            ["xterm", "-T", "Plain shell", "-e", "sleep", "3600"], env=session.env
        )
        target_term = subprocess.Popen(
            ["xterm", "-T", "Bench target", "-e", "sleep", "3600"], env=session.env
        )
        ids = {}
        for title in ("Plain shell", "Bench target"):
            while not (
                found := subprocess.run(
                    ["xdotool", "search", "--onlyvisible", "--name", f"^{title}$"],
                    env=session.env,
                    capture_output=True,
                    text=True,
                ).stdout.split()
            ):
                time.sleep(0.05)
            ids[title] = found[0]
        latencies = []
        for _ in range(samples):
            app.stdin.write("later\n")
            app.stdin.flush()
            subprocess.run(
                ["xdotool", "windowactivate", "--sync", ids["Plain shell"]],
                env=session.env,
                check=False,
            )
            time.sleep(0.3)
            seen_toasts = len(clock.toasts)
            subprocess.run(
                ["xdotool", "windowactivate", ids["Bench target"]], env=session.env, check=False
            )
            deadline = time.monotonic() + DWELL + 5
            while len(clock.toasts) == seen_toasts and time.monotonic() < deadline:
                time.sleep(0.02)
            if len(clock.toasts) > seen_toasts:
                toast_ms = clock.toasts[-1]
                switch_ms = max(
                    t for t, w in clock.switches if w == int(ids["Bench target"]) and t <= toast_ms
                )
                latencies.append(toast_ms - switch_ms - DWELL * 1000)
        app.stdin.write("later\n")
        app.stdin.flush()
        process = psutil.Process(app.pid)
        time.sleep(2)
        before = process.cpu_times()
        time.sleep(idle)
        after = process.cpu_times()
        rss = process.memory_info().rss
        app.stdin.write("quit\n")
        app.stdin.flush()
        app.wait(timeout=30)
        for term in (other, target_term):
            term.terminate()
    return {
        "latencies": latencies,
        "idle_cpu": (after.user + after.system) - (before.user + before.system),
        "rss_mb": rss / 1e6,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--idle", type=float, default=60.0)
    parser.add_argument("--matching-only", action="store_true", help="skip the X session parts")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cuecard-loop-"))
    try:
        root = work / "cards"
        generate(root, args.cards, extra_trigger=True)
        ours, naive, size, hits = bench_matching(root)
        e2e = (
            {"latencies": [], "idle_cpu": float("nan"), "rss_mb": float("nan")}
            if args.matching_only
            else bench_end_to_end(root, work, args.samples, args.idle)
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    latencies: list[float] = e2e["latencies"]  # type: ignore[assignment]
    print(f"# Loop benchmark: {args.cards} cards, {size} triggers")
    print(machine())
    print()
    print("| measure | result | target | baseline in the same run |")
    print("|---|---|---|---|")
    print(
        f"| match one window change ({len(ours)} windows, {hits} with cards) | "
        f"p50 {statistics.median(ours):.3f} ms, p95 {pct(ours, 0.95):.3f} ms, "
        f"max {max(ours):.3f} ms | p95 ≤ 0.5 ms | naive scan: p50 "
        f"{statistics.median(naive):.2f} ms, p95 {pct(naive, 0.95):.2f} ms "
        f"({pct(naive, 0.95) / pct(ours, 0.95):.0f}× slower) |"
    )
    if not args.matching_only:
        if latencies:
            print(
                f"| switch → toast managed, beyond the {DWELL:.0f} s dwell "
                f"({len(latencies)} of {args.samples} samples) | p50 "
                f"{statistics.median(latencies):.0f} ms, p95 {pct(latencies, 0.95):.0f} ms, "
                f"max {max(latencies):.0f} ms | p95 ≤ 100 ms | |"
            )
        else:
            print(f"| switch → toast | no toast seen in {args.samples} samples | | |")
        print(
            f"| idle app with {args.cards} cards: CPU over {args.idle:.0f} s | "
            f"{e2e['idle_cpu']:.3f} s | ≈ 0 | |"
        )
        print(f"| idle app: resident memory | {e2e['rss_mb']:.0f} MB | ≤ 150 MB | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
