"""Package benchmark: bundle and .deb size, start to tray icon, idle memory.

Run: `make bench-package` (builds first), or `.venv/bin/python bench/package/run.py
[--starts N] [--cards N] [--idle SECONDS]` after `make package`.
1. Sizes: the portable bundle (dist/cuecard), the bundle as the .deb installs it
   (/opt/cuecard: Debian's own libraries left out), and the .deb file.
2. Start to tray icon: from spawning the process to its icon docked in trayer and
   viewable, on Xvfb + openbox + trayer, with the learning record and index cache
   already there (a user's usual start). The frozen app as the .deb installs it, against
   `python -m cuecard` from the venv (its bytecode compiled first), alternating, in the
   same run; wall time and the CPU time the process used until its icon was docked.
3. Idle memory (RSS and USS) once the app has settled, with the sample pack and with
   10,000 generated cards more, frozen and from the venv.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "bench"), str(REPO / "bench" / "content")]
from generate import generate  # noqa: E402
from tests.e2e.xsession import XSession  # noqa: E402
from tests.installers.desktop import tray_icon  # noqa: E402

from common import machine  # noqa: E402

PORTABLE = REPO / "dist" / "cuecard"
INSTALLED = REPO / "build" / "deb-root" / "opt" / "cuecard"


@dataclass(frozen=True)
class Variant:
    name: str
    command: tuple[str, ...]


def tree_size(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def start_to_icon(
    session: XSession, variant: Variant, data: Path, extra: list[str]
) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process) from spawn to the icon docked."""
    env = {**session.env, "CUECARD_SITE_CONFIG": str(data / "no-site.yaml")}
    began = time.perf_counter()
    app = subprocess.Popen(
        [*variant.command, "--data-dir", str(data), *extra],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        process = psutil.Process(app.pid)
        while tray_icon(session) is None:
            if time.perf_counter() - began > 60:
                raise TimeoutError(f"{variant.name}: no tray icon after 60 s")
            time.sleep(0.005)
        wall = time.perf_counter() - began
        cpu = process.cpu_times()
        return wall, cpu.user + cpu.system
    finally:
        app.terminate()
        app.wait(timeout=30)


def settled_memory(
    session: XSession, variant: Variant, data: Path, extra: list[str], idle: float
) -> tuple[float, float]:
    """(RSS, USS) in MB after the app's CPU use has stayed near zero for `idle` seconds."""
    env = {**session.env, "CUECARD_SITE_CONFIG": str(data / "no-site.yaml")}
    app = subprocess.Popen(
        [*variant.command, "--data-dir", str(data), *extra],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        process = psutil.Process(app.pid)
        quiet_since = time.monotonic()
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if process.cpu_percent(interval=1.0) > 2.0:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= idle:
                break
        info = process.memory_full_info()
        return info.rss / 1e6, info.uss / 1e6
    finally:
        app.terminate()
        app.wait(timeout=30)


def summary(values: list[float]) -> str:
    return (
        f"{statistics.median(values):.2f} s (min {min(values):.2f}, max {max(values):.2f}, "
        f"n={len(values)})"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--starts", type=int, default=9)
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--idle", type=float, default=10.0)
    args = parser.parse_args()
    debs = sorted((REPO / "dist").glob("cuecard_*_amd64.deb"))
    if not debs or not (INSTALLED / "cuecard").is_file():
        print("run `make package` first", file=sys.stderr)
        return 2
    print(machine())
    print("\n| measure | result | goal |\n|---|---|---|")
    print(f"| portable bundle (dist/cuecard) | {tree_size(PORTABLE) / 1e6:.1f} MB | |")
    print(
        f"| bundle as installed (/opt/cuecard) | {tree_size(INSTALLED) / 1e6:.1f} MB | ≤ 130 MB |"
    )
    print(f"| .deb | {debs[-1].stat().st_size / 1e6:.1f} MB | ≤ 40 MB |")

    # The venv's own package is an editable install: give it the bytecode an installed
    # wheel has (pip compiles on install), or the baseline compiles ~120 modules on every
    # start when PYTHONDONTWRITEBYTECODE is set, as it is in CI and on this machine.
    compileall.compile_dir(REPO / "app" / "cuecard", quiet=1)
    variants = [
        Variant("frozen (as the .deb installs it)", (str(INSTALLED / "cuecard"),)),
        Variant("python -m cuecard (venv)", (sys.executable, "-m", "cuecard")),
    ]
    with tempfile.TemporaryDirectory(prefix="cuecard-bench-") as scratch, XSession() as session:
        root = Path(scratch)
        times: dict[str, list[float]] = {v.name: [] for v in variants}
        cpu: dict[str, list[float]] = {v.name: [] for v in variants}
        for variant in variants:  # warm-up: page cache, data dir, index cache
            start_to_icon(session, variant, root / variant.name, [])
        for _ in range(args.starts):
            for variant in variants:
                wall, used = start_to_icon(session, variant, root / variant.name, [])
                times[variant.name].append(wall)
                cpu[variant.name].append(used)
        print(f"\nload average while starting: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print("\n| start to tray icon visible (warm) | wall | CPU of the process | goal |")
        print("|---|---|---|---|")
        for variant in variants:
            goal = "≤ 1 s" if variant is variants[0] else "baseline"
            print(
                f"| {variant.name} | {summary(times[variant.name])} | "
                f"{summary(cpu[variant.name])} | {goal} |"
            )

        cards = root / "cards"
        generate(cards, args.cards)
        print("\n| idle memory, settled | RSS | USS |\n|---|---|---|")
        for label, extra in (
            ("sample pack", []),
            (f"+ {args.cards:,} cards", ["--content", str(cards)]),
        ):
            for variant in variants:
                data = root / f"mem-{variant.name}-{len(extra)}"
                rss, uss = settled_memory(session, variant, data, extra, args.idle)
                print(f"| {variant.name}, {label} | {rss:.0f} MB | {uss:.0f} MB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
