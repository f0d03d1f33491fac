"""Search quality on real content: typos of command names and task phrasings.

Run: `make bench-search-quality [TLDR=PATH]` (or `.venv/bin/python bench/search-quality/
run.py [--corpus manpages|tldr|all] [--tldr PATH] [-v]`). Corpora: Debian's man pages
(corpus.py, queries.yaml) and tldr-pages (tldr.py, queries-tldr.yaml; needs a snapshot:
`git clone --depth 1 https://github.com/tldr-pages/tldr bench/.work/tldr`, or --tldr
PATH to a clone or bare git directory); by default both when the snapshot is found.
Cards are generated into bench/.work/. Query sets were written before tuning; the
held-out sets (queries-heldout.yaml, queries-tldr-heldout.yaml, queries-tldr-third.yaml)
were never tuned on. For each group: recall@5 (an acceptable card among the first five)
and MRR (1 / rank of the first acceptable card among the first 20, 0 when none), for the
engine before issue 11 (baseline_engine.py), issue 11's first, second and third engines
(engine_at.PREVIOUS, SECOND and THIRD, taken from git) and today's, in the same run;
then the time per keystroke of each on this content (every prefix of every query),
elapsed and CPU time, and what a keystroke typed during a settled search waits
(typing_on.py).
The run re-executes itself with PYTHONHASHSEED=0: engines before the third round
ranked by the hash seed's set order, and their figures changed from run to run.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from cuecard.content.cache import TABLE, IndexCache
from cuecard.content.library import ContentLibrary
from cuecard.models import Card
from cuecard.search.engine import SearchEngine

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]
import corpus  # noqa: E402
import engine_at  # noqa: E402
import tldr  # noqa: E402
from baseline_engine import SearchEngine as BaselineEngine  # noqa: E402
from typing_on import typing_on  # noqa: E402

from common import machine, pct, timed  # noqa: E402

WORK = HERE.parent / ".work"
REPO = HERE.parents[1]
TLDR_CANDIDATES = [WORK / "tldr"]
LIMIT = 20
Search = Callable[[str], Sequence[Card]]


@dataclass(frozen=True)
class Outcome:
    """Where the first acceptable card came (0 = not among the first LIMIT)."""

    query: str
    rank: int
    top: tuple[str, ...]


def outcome(query: str, answers: list[str], titles: list[str]) -> Outcome:
    """Where the first acceptable title is among the results (0: not there)."""
    rank = next((n + 1 for n, title in enumerate(titles) if title in answers), 0)
    return Outcome(query, rank, tuple(titles[:5]))


def evaluate(search: Search, queries: list[list[str]]) -> list[Outcome]:
    return [
        outcome(query, answers, [card.title for card in search(query)])
        for query, *answers in queries
    ]


def evaluate_after_a_pick(
    engine: SearchEngine, cards: dict[str, Card], queries: list[list[str]]
) -> list[Outcome]:
    """The same words typed a second time by someone who, the first time, opened the
    answer from the palette's 20 rows (search/picks.py): settled both times."""
    outcomes = []
    for query, *answers in queries:
        first = engine.search(query, cards, limit=LIMIT, settled=True)
        chosen = next((h.card.id for h in first if h.card.title in answers), None)
        picked = {chosen: 1.0} if chosen is not None else {}
        again = engine.search(query, cards, limit=LIMIT, settled=True, picked=picked)
        outcomes.append(outcome(query, answers, [h.card.title for h in again]))
    return outcomes


def recall_at(outcomes: list[Outcome], k: int) -> float:
    return sum(1 for o in outcomes if 0 < o.rank <= k) / len(outcomes)


def mrr(outcomes: list[Outcome]) -> float:
    return sum(1 / o.rank for o in outcomes if o.rank) / len(outcomes)


def keystroke_times(search: Search, queries: list[str]) -> tuple[list[float], list[float]]:
    """Milliseconds per keystroke (every prefix of every query): elapsed and CPU time."""
    return timed(search, [q[:end] for q in queries for end in range(1, len(q) + 1)])


def fresh_cache(work: Path) -> Path:
    """The corpus's index cache for today's card reader: named by a hash of
    app/cuecard/content's source, older ones deleted. The app rebuilds a cache when its
    parser version changes; a reader edited without that bump (between commits while
    developing) left a cache that skewed engines' figures by up to 5 queries here."""
    reader = hashlib.sha256()
    for source in sorted((REPO / "app" / "cuecard" / "content").glob("*.py")):
        reader.update(source.name.encode() + b"\0" + source.read_bytes())
    name = f"index-{reader.hexdigest()[:12]}.sqlite"
    for old in work.glob("index*.sqlite*"):
        if not old.name.startswith(name):
            old.unlink()
    return work / name


def manpages_corpus() -> tuple[Path, Path, str]:
    """(cards root, cache file, description) of the man-page corpus."""
    work = WORK / "search-quality"
    work.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    root, manifest = corpus.build(work)
    packages: dict[str, str] = manifest["packages"]  # type: ignore[assignment]
    listing = "\n".join(f"{name} {version}" for name, version in sorted(packages.items()))
    (work / "packages.txt").write_text(listing + "\n", encoding="utf-8")
    about = (
        f"Debian man pages: {manifest['cards']} distinct pages ({manifest['pages']} page "
        f"files) of {len(packages)} Debian packages "
        f"(list sha256 {hashlib.sha256(listing.encode()).hexdigest()[:12]}), "
        f"{manifest['groff']}; manpages {packages.get('manpages')}, manpages-dev "
        f"{packages.get('manpages-dev')}, coreutils {packages.get('coreutils')}; "
        f"ready in {time.perf_counter() - began:.0f} s"
    )
    return root, fresh_cache(work), about


def tldr_corpus(snapshot: Path) -> tuple[Path, Path, str]:
    """(cards root, cache file, description) of the tldr-pages corpus."""
    work = WORK / "search-quality-tldr"
    began = time.perf_counter()
    root, manifest = tldr.build(work, snapshot)
    about = (
        f"tldr-pages {', '.join(manifest['folders'])} at commit {manifest['commit']}: "  # type: ignore[arg-type]
        f"{manifest['cards']} cards; ready in {time.perf_counter() - began:.0f} s"
    )
    return root, fresh_cache(work), about


TYPING = "now, per keystroke (cuecard.search)"
SETTLED = "now, settled (after a pause in typing; cuecard search)"
PICKED_ONCE = "now, settled, the second time (the answer opened once from the 20 rows)"


def engines_for(cache: Path, cards: dict[str, Card]) -> dict[str, Search]:
    baseline = BaselineEngine(cache)
    previous = engine_at.load(engine_at.PREVIOUS).SearchEngine(cache)
    second = engine_at.load(engine_at.SECOND).SearchEngine(cache)
    third = engine_at.load(engine_at.THIRD).SearchEngine(cache)
    current = SearchEngine(cache)
    return {
        "before issue 11 (baseline_engine.py)": lambda q: [
            h.card for h in baseline.search(q, cards, limit=LIMIT)
        ],
        f"issue 11, first round ({engine_at.PREVIOUS})": lambda q: [
            h.card for h in previous.search(q, cards, limit=LIMIT)
        ],
        f"issue 11, second round ({engine_at.SECOND})": lambda q: [
            h.card for h in second.search(q, cards, limit=LIMIT)
        ],
        f"issue 11, third round ({engine_at.THIRD})": lambda q: [
            h.card for h in third.search(q, cards, limit=LIMIT)
        ],
        TYPING: lambda q: [h.card for h in current.search(q, cards, limit=LIMIT)],
        SETTLED: lambda q: [h.card for h in current.search(q, cards, limit=LIMIT, settled=True)],
    }


def only_this_root(cache: Path, root: Path) -> None:
    """Drop the cache's rows of the same corpus read from another path (another checkout
    or worktree sharing bench/.work): they stay in the FTS statistics and vocabulary and
    moved tldr-pages' task recall@5 by up to 0.07 (13,286 rows instead of 6,643)."""
    if not cache.exists():
        return
    with contextlib.closing(sqlite3.connect(cache)) as db, db:
        db.execute(f"DELETE FROM {TABLE} WHERE root != ?", [str(Path(os.path.abspath(root)))])


def measure(
    name: str, root: Path, cache: Path, about: str, queries_files: list[Path], verbose: bool
) -> None:
    only_this_root(cache, root)
    cards = dict(ContentLibrary([root], IndexCache(cache)).load().cards)
    queries: dict[str, list[list[str]]] = {}
    for queries_file in queries_files:
        queries.update(yaml.safe_load(queries_file.read_text(encoding="utf-8")))
    engines = engines_for(cache, cards)
    picking = SearchEngine(cache)
    print(f"## {name}: {len(cards)} cards, queries {', '.join(f.name for f in queries_files)}")
    print(about)
    print()
    print("| group | queries | engine | recall@5 | MRR | recall@1 |")
    print("|---|---|---|---|---|---|")
    misses: dict[str, list[Outcome]] = {}
    for group, items in queries.items():
        for label, search in engines.items():
            outcomes = evaluate(search, items)
            print(
                f"| {group} | {len(items)} | {label} | {recall_at(outcomes, 5):.2f} | "
                f"{mrr(outcomes):.2f} | {recall_at(outcomes, 1):.2f} |"
            )
            misses[f"{group}, {label}"] = [o for o in outcomes if not 0 < o.rank <= 1]
        outcomes = evaluate_after_a_pick(picking, cards, items)
        print(
            f"| {group} | {len(items)} | {PICKED_ONCE} | {recall_at(outcomes, 5):.2f} | "
            f"{mrr(outcomes):.2f} | {recall_at(outcomes, 1):.2f} |"
        )
    all_queries = [item[0] for items in queries.values() for item in items]
    print()
    print("| engine | per keystroke, elapsed (every prefix of every query) | CPU time |")
    print("|---|---|---|")
    for label, search in engines.items():
        if label == SETTLED:
            continue  # searched once a query settles, not per keystroke
        times, cpu = keystroke_times(search, all_queries)
        print(
            f"| {label} | p50 {statistics.median(times):.2f} ms, p95 {pct(times, 0.95):.2f} "
            f"ms, max {max(times):.1f} ms (n={len(times)}) | p50 {statistics.median(cpu):.2f} "
            f"ms, p95 {pct(cpu, 0.95):.2f} ms |"
        )
    print()
    print("| whole query, searched once (CPU time) | p50 | p95 | max |")
    print("|---|---|---|---|")
    for label in (TYPING, SETTLED):
        engines[label](all_queries[0])  # warm
        _, times = timed(engines[label], all_queries)
        print(
            f"| {label} | {statistics.median(times):.1f} ms | {pct(times, 0.95):.1f} ms "
            f"| {max(times):.1f} ms |"
        )
    on = typing_on(picking, cards, all_queries)
    print()
    print(f"| a keystroke typed during a settled search (n={len(on.during)}) | p50 | p95 | max |")
    print("|---|---|---|---|")
    for label, times in (
        ("now: the settled search is cancelled, then the keystroke searched", on.during),
        ("the same keystroke searched alone", on.alone),
        ("before (settled on the GUI thread): its rest, then the keystroke", on.before),
    ):
        print(
            f"| {label} | {statistics.median(times):.1f} ms | {pct(times, 0.95):.1f} ms "
            f"| {max(times):.1f} ms |"
        )
    if verbose:
        for label, outcomes in misses.items():
            if "now" not in label and "second round" not in label:
                continue
            print(f"\n### Not first: {label}")
            for o in outcomes:
                print(f"- {o.query!r}: rank {o.rank or '-'}; top: {', '.join(o.top)}")
    print()


def main() -> int:
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable, *sys.argv])
    parser = argparse.ArgumentParser()
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    parser.add_argument(
        "--corpus",
        choices=("manpages", "tldr", "all"),
        help="default: all when a tldr-pages snapshot is found, else manpages",
    )
    parser.add_argument(
        "--tldr",
        metavar="PATH",
        help=f"tldr-pages snapshot: a clone or bare git directory (default: {WORK / 'tldr'})",
    )
    args = parser.parse_args()
    snapshot = tldr.find_snapshot(args.tldr, TLDR_CANDIDATES)
    chosen = args.corpus or ("all" if snapshot else "manpages")
    if chosen in ("tldr", "all") and snapshot is None:
        parser.error(
            "no tldr-pages snapshot: git clone --depth 1 https://github.com/tldr-pages/tldr "
            f"{WORK / 'tldr'} (or pass --tldr PATH)"
        )
    print("# Search quality on real content")
    print(machine())
    print()
    if chosen in ("manpages", "all"):
        queries = [HERE / "queries.yaml", HERE / "queries-heldout.yaml"]
        measure("Debian man pages", *manpages_corpus(), queries, args.verbose)
    if chosen in ("tldr", "all") and snapshot is not None:
        queries = [
            HERE / "queries-tldr.yaml",
            HERE / "queries-tldr-heldout.yaml",
            HERE / "queries-tldr-third.yaml",
        ]
        measure("tldr-pages", *tldr_corpus(snapshot), queries, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
