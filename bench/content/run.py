"""Content benchmark: index, cached restart, one-file reload, lint, memory, GUI stalls.

Run: `make bench` (or `.venv/bin/python bench/content/run.py [--cards N] [--repeat R]`).
Every figure is the median of R runs with its min..max, next to a baseline measured in
the same run (reading every file's bytes, the I/O floor), so results carry the noise.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path

from cuecard.content.cache import IndexCache
from cuecard.content.library import ContentLibrary
from cuecard.content.lint import lint_snapshot
from cuecard.content.scan import walk_card_files

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]
from generate import generate  # noqa: E402

from common import idle, longest_gui_gap, machine  # noqa: E402


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return samples


def fmt(samples: list[float], unit: float = 1.0, suffix: str = "s") -> str:
    scaled = [sample * unit for sample in samples]
    return (
        f"{statistics.median(scaled):.3f} {suffix} "
        f"(min {min(scaled):.3f}, max {max(scaled):.3f}, n={len(scaled)})"
    )


def read_all(root: Path) -> None:
    for path in walk_card_files(root):
        path.read_bytes()


def gui_stalls(root: Path, cache_path: Path) -> tuple[float, float, float]:
    """Max gap between 5 ms GUI timer ticks: idle baseline, and while indexing cold."""
    from cuecard.ui.bridge import LibraryService

    baseline, _ = longest_gui_gap(idle)
    cache_path.unlink(missing_ok=True)
    service = LibraryService(ContentLibrary([root], IndexCache(cache_path)), watch=False)

    def index(done: Callable[[], None]) -> None:
        service.loading_finished.connect(lambda _snapshot: done())
        service.start()

    worst, duration = longest_gui_gap(index)
    return baseline, worst, duration


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cuecard-bench-"))
    try:
        root = work / "cards"
        paths = generate(root, args.cards)
        size = sum(path.stat().st_size for path in paths)
        print(f"# Content benchmark: {args.cards} cards, {size / 1e6:.1f} MB")
        print(machine())
        cache_path = work / "index.sqlite"
        read_all(root)  # warm the page cache so every run sees the same disk state
        baseline = timed(lambda: read_all(root), args.repeat)

        def first_index() -> None:
            cache_path.unlink(missing_ok=True)
            Path(f"{cache_path}-wal").unlink(missing_ok=True)
            ContentLibrary([root], IndexCache(cache_path)).load()

        first = timed(first_index, args.repeat)
        restart = timed(lambda: ContentLibrary([root], IndexCache(cache_path)).load(), args.repeat)
        library = ContentLibrary([root], IndexCache(cache_path))
        library.load()
        reload_samples = []
        for index in range(50):
            target = paths[index * 37 % len(paths)]
            target.write_text(target.read_text() + f"\nEdited {index}.\n")
            start = time.perf_counter()
            library.apply_changes([target])
            reload_samples.append(time.perf_counter() - start)
        lint = timed(
            lambda: lint_snapshot(ContentLibrary([root]).load(), date.today()), args.repeat
        )
        tracemalloc.start()
        held = ContentLibrary([root], IndexCache(cache_path))
        held.load()
        memory, _peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        idle_gap, index_gap, gui_index = gui_stalls(root, work / "gui-index.sqlite")
        reload_sorted = sorted(reload_samples)
        median_base = statistics.median(baseline)
        print()
        print("| measure | result | target | ratio to baseline |")
        print("|---|---|---|---|")
        print(f"| baseline: read every file's bytes | {fmt(baseline)} | | 1.0 |")
        print(
            f"| first index (no cache) | {fmt(first)} | ≤ 5 s | "
            f"{statistics.median(first) / median_base:.1f}× |"
        )
        print(
            f"| restart with cache | {fmt(restart)} | ≤ 1 s | "
            f"{statistics.median(restart) / median_base:.1f}× |"
        )
        print(
            f"| one-file reload | p50 {statistics.median(reload_sorted) * 1000:.1f} ms, "
            f"p95 {reload_sorted[int(len(reload_sorted) * 0.95) - 1] * 1000:.1f} ms, "
            f"max {reload_sorted[-1] * 1000:.1f} ms (n=50) | ≤ 30 ms | |"
        )
        print(
            f"| lint of all cards | {fmt(lint)} | | {statistics.median(lint) / median_base:.1f}× |"
        )
        print(f"| memory held by the loaded index (tracemalloc) | {memory / 1e6:.1f} MB | | |")
        print(f"| GUI thread: longest gap between 5 ms ticks, idle | {idle_gap:.1f} ms | | |")
        print(
            f"| GUI thread: longest gap while indexing cold ({gui_index:.1f} s) | "
            f"{index_gap:.1f} ms | ≤ 50 ms | {index_gap / max(idle_gap, 0.001):.1f}× idle |"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
