"""Crash safety: SIGKILL the real app at random moments while it records events, reloads
cards an editor keeps changing, swaps in content packs republished every 0.3 s and syncs
to a real LRS (Learning Locker's statement service) on loopback.

Run: `make reliability-crash` or `.venv/bin/python bench/reliability/crash.py [--kills N]
[--seed S]`. Full run: 200 kills. After the last one the app runs until its outbox is
empty, and what the LRS accepted is checked (300 statements read back by id). Prints
the figures for docs/reliability.md and exits 1 when any check failed
(tests/reliability/test_crash.py runs a few kills in CI).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from tests.reliability.crash_harness import Tally, cycle, drain, lrs_check  # noqa: E402
from tests.reliability.crash_world import CrashWorld  # noqa: E402

from common import machine  # noqa: E402


def run(kills: int, seed: int, base: Path) -> tuple[Tally, int, int, bool, float]:
    """(tally, statements in the LRS, LRS problems, drained, seconds)."""
    world = CrashWorld(base).start()
    tally = Tally()
    rng = random.Random(seed)
    began = time.perf_counter()
    try:
        for number in range(1, kills + 1):
            cycle(world, number, tally, rng)
        drained = drain(world)
        in_lrs, lrs_problems = lrs_check(world, tally)
    finally:
        world.stop()
    return tally, in_lrs, lrs_problems, drained, time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="cuecard-crash-"))
    tally, in_lrs, lrs_problems, drained, seconds = run(args.kills, args.seed, base)
    print(f"# Crash safety: {tally.kills} SIGKILLs of the real app (seed {args.seed})")
    print(machine())
    print()
    print("| check | result |")
    print("|---|---|")
    rows = [
        ("kills (app started and killed at a random moment, 0.05–2.5 s in)", tally.kills),
        ("… with a statement POST in flight / a pack download in flight",
         f"{tally.kills_in_post} / {tally.kills_in_pack_download}"),
        ("starts that failed", tally.start_failures),
        ("record moved aside as damaged", tally.moved_aside),
        ("events acknowledged before the kill", tally.acked),
        ("… lost / duplicated", f"{tally.lost} / {tally.duplicated}"),
        ("events without exactly one statement (or statements twice)", tally.statements_wrong),
        ("pack versions found installed after kills", len(tally.pack_versions)),
        ("live pack half-swapped (not exactly one published version)", tally.pack_half_swapped),
        ("library stale after a kill (a card shows an older text)", tally.library_stale),
        ("outbox emptied after the last kill", "yes" if drained else "NO"),
        ("statements the LRS accepted for the recorded steps (300 read back by id)", in_lrs),
        ("steps missing from the LRS, stored twice, or not read back", lrs_problems),
        ("time", f"{seconds:.0f} s"),
    ]  # fmt: skip
    for name, value in rows:
        print(f"| {name} | {value} |")
    for problem in tally.problems:
        print(f"problem: {problem}", file=sys.stderr)
    bad = (
        tally.start_failures + tally.moved_aside + tally.lost + tally.duplicated
        + tally.statements_wrong + tally.pack_half_swapped + tally.library_stale + lrs_problems
    )  # fmt: skip
    return 0 if bad == 0 and drained else 1


if __name__ == "__main__":
    sys.exit(main())
