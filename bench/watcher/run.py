"""Watcher benchmark: Cuecard's event-driven X11 watcher against a 1-second poller.

Run: `make bench-watcher` (or `.venv/bin/python bench/watcher/run.py [--idle 60]
[--switches 200]`). Both watchers run side by side, each in its own process, on one
Xvfb + openbox display with three xterm windows. Latency is measured from the X
server's own PropertyNotify time of each _NET_ACTIVE_WINDOW change (Xvfb stamps events
with CLOCK_MONOTONIC milliseconds, the clock of time.monotonic()).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
from Xlib import X
from Xlib import display as xdisplay
from Xlib.error import ConnectionClosedError

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "bench")]
from tests.e2e.xsession import XSession  # noqa: E402

from common import machine, pct  # noqa: E402


class SwitchListener(threading.Thread):
    """Records (server_ms, active window id) for every _NET_ACTIVE_WINDOW change."""

    def __init__(self, display_name: str) -> None:
        super().__init__(daemon=True)
        self.display = xdisplay.Display(display_name)
        self.atom = self.display.intern_atom("_NET_ACTIVE_WINDOW")
        self.root = self.display.screen().root
        self.root.change_attributes(event_mask=X.PropertyChangeMask)
        self.display.flush()
        self.switches: list[tuple[int, int]] = []

    def run(self) -> None:
        try:
            self._listen()
        except ConnectionClosedError:
            return  # the session ended

    def _listen(self) -> None:
        while True:
            event = self.display.next_event()
            if event.type == X.PropertyNotify and event.atom == self.atom:
                prop = self.root.get_full_property(self.atom, X.AnyPropertyType)
                wid = int(prop.value[0]) if prop is not None and len(prop.value) else 0
                if wid and (not self.switches or self.switches[-1][1] != wid):
                    self.switches.append((int(event.time), wid))


def cpu(process: subprocess.Popen[str]) -> float:
    times = psutil.Process(process.pid).cpu_times()
    return float(times.user + times.system)


def collect(process: subprocess.Popen[str]) -> list[tuple[float, int]]:
    assert process.stdin is not None and process.stdout is not None
    process.stdin.close()
    lines = process.stdout.read().splitlines()
    process.wait(timeout=10)
    return [(record["t"], record["wid"]) for record in map(json.loads, lines)]


def score(
    switches: list[tuple[int, int]], reports: list[tuple[float, int]]
) -> tuple[list[float], int]:
    """Latency (ms) of each switch seen before the next one, and the number missed."""
    latencies, missed = [], 0
    for index, (server_ms, wid) in enumerate(switches):
        end = switches[index + 1][0] if index + 1 < len(switches) else float("inf")
        seen = [t * 1000 for t, w in reports if w == wid and server_ms <= t * 1000 < end]
        if seen:
            latencies.append(seen[0] - server_ms)
        else:
            missed += 1
    return latencies, missed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--idle", type=float, default=60.0, help="idle seconds measured")
    parser.add_argument("--switches", type=int, default=200)
    parser.add_argument("--rate", type=float, default=6.0, help="switches per second")
    args = parser.parse_args()
    with XSession(with_tray=False) as session:
        env = session.env
        windows = []
        xterms = []
        for n in range(3):
            title = f"bench window {n}"
            xterms.append(subprocess.Popen(["xterm", "-T", title, "-e", "sleep", "3600"], env=env))
            while not (
                found := subprocess.run(
                    ["xdotool", "search", "--onlyvisible", "--name", f"^{title}$"],
                    env=env,
                    capture_output=True,
                    text=True,
                ).stdout.split()
            ):
                time.sleep(0.05)
            windows.append(found[0])
        listener = SwitchListener(session.display)
        listener.start()
        children = {
            kind: subprocess.Popen(
                [sys.executable, str(Path(__file__).with_name("child.py")), "--kind", kind],
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            for kind in ("event", "poll")
        }
        time.sleep(2)  # both started and settled
        idle_start = {kind: cpu(p) for kind, p in children.items()}
        time.sleep(args.idle)
        idle_cpu = {kind: cpu(p) - idle_start[kind] for kind, p in children.items()}
        busy_start = {kind: cpu(p) for kind, p in children.items()}
        first_switch = len(listener.switches)
        began = time.monotonic()
        for step in range(args.switches):
            subprocess.run(["xdotool", "windowactivate", windows[step % 3]], env=env, check=False)
            time.sleep(max(0.0, began + (step + 1) / args.rate - time.monotonic()))
        time.sleep(1.5)
        busy_cpu = {kind: cpu(p) - busy_start[kind] for kind, p in children.items()}
        reports = {kind: collect(p) for kind, p in children.items()}
        switches = listener.switches[first_switch:]
        for xterm in xterms:
            xterm.terminate()
    print(f"# Watcher benchmark: {len(switches)} switches at {args.rate}/s, {args.idle:.0f} s idle")
    print(machine())
    print()
    print("| watcher | latency p50 | p95 | max | missed | idle CPU | CPU per switch |")
    print("|---|---|---|---|---|---|---|")
    for kind, label in (
        ("event", "Cuecard X11 (event-driven)"),
        ("poll", "1-second poller (aw-watcher-window style)"),
    ):
        latencies, missed = score(switches, reports[kind])
        per_minute = idle_cpu[kind] * 60 / args.idle
        print(
            f"| {label} | {statistics.median(latencies) if latencies else float('nan'):.1f} ms"
            f" | {pct(latencies, 0.95):.1f} ms | "
            f"{max(latencies) if latencies else float('nan'):.1f} ms | "
            f"{missed} of {len(switches)} | {per_minute:.4f} s/min | "
            f"{busy_cpu[kind] / max(1, len(switches)) * 1000:.2f} ms |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
