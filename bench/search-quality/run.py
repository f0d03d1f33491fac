"""Search quality on real content: typos of command names and task phrasings.

Run: `make bench-search-quality` (or `.venv/bin/python bench/search-quality/run.py [-v]`).
Cards: Debian's man pages (corpus.py), generated into bench/.work/search-quality. Queries:
queries.yaml (written before tuning). For each group: recall@5 (an acceptable card among
the first five) and MRR (1 / rank of the first acceptable card among the first 20, 0 when
none), for the engine before issue 11 (baseline_engine.py) and today's, in the same run;
then the time per keystroke of both on this content (every prefix of every query).
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from cuecard.content.cache import IndexCache
from cuecard.content.library import ContentLibrary
from cuecard.models import Card
from cuecard.search.engine import SearchEngine

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]
import corpus  # noqa: E402
from baseline_engine import SearchEngine as BaselineEngine  # noqa: E402

from common import machine, pct  # noqa: E402

WORK = HERE.parent / ".work" / "search-quality"
LIMIT = 20
Search = Callable[[str], Sequence[Card]]


@dataclass(frozen=True)
class Outcome:
    """Where the first acceptable card came (0 = not among the first LIMIT)."""

    query: str
    rank: int
    top: tuple[str, ...]


def evaluate(search: Search, queries: list[list[str]]) -> list[Outcome]:
    outcomes = []
    for query, *answers in queries:
        titles = [card.title for card in search(query)]
        rank = next((n + 1 for n, title in enumerate(titles) if title in answers), 0)
        outcomes.append(Outcome(query, rank, tuple(titles[:5])))
    return outcomes


def recall_at(outcomes: list[Outcome], k: int) -> float:
    return sum(1 for o in outcomes if 0 < o.rank <= k) / len(outcomes)


def mrr(outcomes: list[Outcome]) -> float:
    return sum(1 / o.rank for o in outcomes if o.rank) / len(outcomes)


def keystroke_times(search: Search, queries: list[str]) -> tuple[list[float], list[float]]:
    """Milliseconds per keystroke: elapsed, and CPU time of this thread (the query's own
    cost, whatever else the machine runs)."""
    typed = [q[:end] for q in queries for end in range(1, len(q) + 1)]
    elapsed, cpu = [], []
    for text in typed:
        start, start_cpu = time.perf_counter(), time.thread_time()
        search(text)
        elapsed.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - start_cpu) * 1000)
    return elapsed, cpu


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    root, manifest = corpus.build(WORK)
    built = time.perf_counter() - began
    cache = WORK / "index.sqlite"
    cards = ContentLibrary([root], IndexCache(cache)).load().cards
    queries = yaml.safe_load((HERE / "queries.yaml").read_text(encoding="utf-8"))
    engines: dict[str, Search] = {}
    baseline, current = BaselineEngine(cache), SearchEngine(cache)
    engines["before (baseline_engine.py)"] = lambda q: [
        h.card for h in baseline.search(q, cards, limit=LIMIT)
    ]
    engines["now (cuecard.search)"] = lambda q: [
        h.card for h in current.search(q, cards, limit=LIMIT)
    ]
    packages: dict[str, str] = manifest["packages"]  # type: ignore[assignment]
    listing = "\n".join(f"{name} {version}" for name, version in sorted(packages.items()))
    print(f"# Search quality: {len(cards)} cards from Debian man pages")
    print(machine())
    print(
        f"corpus: {manifest['cards']} distinct pages ({manifest['pages']} page files) of "
        f"{len(packages)} Debian packages "
        f"(list sha256 {hashlib.sha256(listing.encode()).hexdigest()[:12]}), "
        f"{manifest['groff']}; manpages {packages.get('manpages')}, manpages-dev "
        f"{packages.get('manpages-dev')}, coreutils {packages.get('coreutils')}; "
        f"ready in {built:.0f} s"
    )
    print()
    print("| group | queries | engine | recall@5 | MRR | recall@1 |")
    print("|---|---|---|---|---|---|")
    misses: dict[str, list[Outcome]] = {}
    for group, items in queries.items():
        for name, search in engines.items():
            outcomes = evaluate(search, items)
            print(
                f"| {group} | {len(items)} | {name} | {recall_at(outcomes, 5):.2f} | "
                f"{mrr(outcomes):.2f} | {recall_at(outcomes, 1):.2f} |"
            )
            misses[f"{group}, {name}"] = [o for o in outcomes if not 0 < o.rank <= 1]
    all_queries = [item[0] for items in queries.values() for item in items]
    print()
    print(
        "| engine | time per keystroke on this content (every prefix of every query) | CPU time |"
    )
    print("|---|---|---|")
    for name, search in engines.items():
        times, cpu = keystroke_times(search, all_queries)
        print(
            f"| {name} | p50 {statistics.median(times):.2f} ms, p95 {pct(times, 0.95):.2f} ms, "
            f"max {max(times):.1f} ms (n={len(times)}) | p50 {statistics.median(cpu):.2f} ms, "
            f"p95 {pct(cpu, 0.95):.2f} ms |"
        )
    if args.verbose:
        for label, outcomes in misses.items():
            print(f"\n## Not first: {label}")
            for o in outcomes:
                print(f"- {o.query!r}: rank {o.rank or '-'}; top: {', '.join(o.top)}")
        (WORK / "packages.txt").write_text(listing + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
