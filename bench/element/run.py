"""Element-trigger benchmark: focus change -> match decided, CPU per focus change, idle CPU.

Run: `make bench-element` (or `.venv/bin/python bench/element/run.py [--cards N]
[--changes N] [--rate R] [--idle SECONDS]`). On Xvfb + openbox with a private session bus
and a real AT-SPI bus, a PySide6 app shows an "Insert Pivot Table" dialog and moves its
focus between three controls. Two copies of Cuecard's loop run, each in its own
process (bench/element/child.py): one with a library of N cards plus 30 element
triggers for that app (it follows the app's focus), one with the same N cards and no
element trigger (it never touches the accessibility bus).

- Latency: from the moment the app moves the focus (time.monotonic() in the app, the
  same CLOCK_MONOTONIC as ours) to the loop's decision for that element.
- CPU per focus change: the following process's CPU over the changes, divided by them.
- Idle: CPU of both processes over --idle seconds with the dialog open and nothing
  moving. Baseline in the same run: finding the focus by walking the app's tree, what a
  poller would pay at each look.
"""

from __future__ import annotations

import argparse
import json
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "bench"), str(REPO / "bench" / "content")]
from generate import generate  # noqa: E402
from tests.a11y.session import A11ySession, DemoApp, accessibility_address  # noqa: E402

from common import machine, pct  # noqa: E402

FOCUS = {"destination": "Destination", "ok": "OK", "source": "Source range"}


def write_library(root: Path, cards: int, elements: bool) -> Path:
    generate(root, cards)
    if elements:
        dialogs = ["Insert Pivot Table", "Format Cells", "Sort", "Print", "Page Setup"]
        controls = ["Source range", "Destination", "OK", "Columns", "Rows", "Copies"]
        for n in range(30):
            dialog, control = dialogs[n % 5], controls[n % 6]
            (root / f"element-{n:02d}.md").write_text(
                f"---\nwhen:\n  - class: pivotdemo\n    dialog: '{dialog}'\n"
                f"    control: '{control}'\n---\n# {control} in {dialog} ({n})\n\nBody.\n"
            )
    return root


class Child:
    """A measured process: its JSON records on a queue, its CPU time on demand."""

    def __init__(self, env: dict[str, str], root: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("child.py")), str(root)],
            env={**env, "QT_QPA_PLATFORM": "offscreen"},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.records: queue.Queue[dict[str, Any]] = queue.Queue()
        self.seen: list[dict[str, Any]] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith("{"):
                self.records.put(json.loads(line))

    def wait(self, predicate: Callable[[dict[str, Any]], bool], timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                record = self.records.get(timeout=1)
            except queue.Empty:
                continue
            self.seen.append(record)
            if predicate(record):
                return
        raise TimeoutError("the benchmark child never got there")

    def drain(self) -> list[dict[str, Any]]:
        while not self.records.empty():
            self.seen.append(self.records.get())
        return self.seen

    def send(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def cpu(self) -> float:
        times = psutil.Process(self.process.pid).cpu_times()
        return float(times.user + times.system)

    def stop(self) -> None:
        self.send("quit")
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def latencies(
    changes: list[tuple[float, str]], decided: list[dict[str, Any]]
) -> tuple[list[float], list[float], int]:
    """Milliseconds from each focus change to the first decision for that element, before
    the next change, and of that the part after the back-end had described it (the
    loop's share); and how many changes never got one."""
    found, loop_part, missed = [], [], 0
    for index, (moved, name) in enumerate(changes):
        end = changes[index + 1][0] if index + 1 < len(changes) else float("inf")
        hits = [r for r in decided if r["name"] == name and moved <= r["t"] < end]
        if hits:
            found.append((hits[0]["t"] - moved) * 1000)
            loop_part.append((hits[0]["t"] - hits[0]["seen"]) * 1000)
        else:
            missed += 1
    return found, loop_part, missed


def walk_baseline(session: A11ySession, pid: int, samples: int = 50) -> list[float]:
    """Milliseconds to find the focused element by walking the app's tree."""
    from cuecard.a11y import atspi_bus as bus
    from cuecard.a11y.atspi_tree import Tree

    client = bus.open_accessibility_bus(accessibility_address(session))
    tree = Tree(client, cache_size=0)
    try:
        [app] = [a for a in tree.applications() if bus.connection_pid(client, a) == pid]
        times = []
        for _ in range(samples):
            start = time.perf_counter()
            ref = tree.find_focused(app)
            if ref is not None:
                tree.describe(ref, pid)
            times.append((time.perf_counter() - start) * 1000)
        return times
    finally:
        client.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--rate", type=float, default=5.0, help="focus changes per second")
    parser.add_argument("--idle", type=float, default=60.0)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cuecard-element-"))
    with A11ySession() as session:
        demo = DemoApp(session, "qt")
        demo.send("dialog")
        following = Child(session.env, write_library(work / "with", args.cards, True))
        plain = Child(session.env, write_library(work / "without", args.cards, False))
        try:
            for child in (following, plain):
                child.wait(lambda r: r.get("event") == "indexed")
                child.send(f"window {demo.pid}")
            following.wait(lambda r: r.get("name") == "Source range")
            time.sleep(2)
            idle_start = (following.cpu(), plain.cpu())
            time.sleep(args.idle)
            idle = (following.cpu() - idle_start[0], plain.cpu() - idle_start[1])
            busy_start = following.cpu()
            changes = []
            began = time.monotonic()
            order = ["destination", "ok", "source"]
            for step in range(args.changes):
                target = order[step % 3]
                reply = demo.send(f"focus {target}")
                changes.append((float(reply["t"]), FOCUS[target]))
                time.sleep(max(0.0, began + (step + 1) / args.rate - time.monotonic()))
            time.sleep(1.0)
            busy = following.cpu() - busy_start
            walks = walk_baseline(session, demo.pid)
        finally:
            following.stop()
            plain.stop()
            demo.stop()
    decided = [r for r in following.drain() if r.get("event") == "decided"]
    found, loop_part, missed = latencies(changes, decided)
    print(
        f"# Element benchmark: {args.cards} cards (+30 element triggers), "
        f"{len(changes)} focus changes at {args.rate}/s, {args.idle:.0f} s idle"
    )
    print(machine())
    print()
    print("| measure | result | target |")
    print("|---|---|---|")
    print(
        f"| focus change → match decided | p50 {statistics.median(found):.1f} ms, "
        f"p95 {pct(found, 0.95):.1f} ms, max {max(found):.1f} ms, missed {missed} of "
        f"{len(changes)} | p95 ≤ 20 ms |"
    )
    print(
        f"| of which: described → decided (GUI thread: match, rank, decide) | "
        f"p50 {statistics.median(loop_part):.1f} ms, p95 {pct(loop_part, 0.95):.1f} ms | |"
    )
    print(
        f"| baseline: find the focus by walking the app's tree (a poller's look) | "
        f"p50 {statistics.median(walks):.1f} ms, p95 {pct(walks, 0.95):.1f} ms | |"
    )
    print(f"| CPU per focus change | {busy / max(1, len(changes)) * 1000:.2f} ms | |")
    per_minute = [cpu * 60 / args.idle for cpu in idle]
    print(
        f"| idle CPU, element triggers present (following the app) | "
        f"{per_minute[0]:.4f} s/min | ≈ absent |"
    )
    print(f"| idle CPU, no element trigger (baseline) | {per_minute[1]:.4f} s/min | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
