"""Parse many card files at once, on every core when there are enough of them.

A cold index of a large library is CPU-bound Python; worker processes use the other
cores and, unlike threads, do not hold the GUI process's GIL, so the interface stays
responsive while they work. Small batches (the usual hot reload) stay in-process.

With an index cache, each worker writes the cards it parsed (plain text for search
included) to the cache itself and sends back only what the library keeps in memory.
Encoding thousands of cache rows in the GUI process left about 5 MB of its heap
fragmented for good (measured with 10,000 cards), and cost its GIL time.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cuecard.content.cache import IndexCache
from cuecard.content.parse import ParsedCard, read_card

PARALLEL_THRESHOLD = 400
CHUNK = 200
MAX_WORKERS = 4

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ParsedChunk:
    """Parsed files in the order asked for; `cached` when they are already in the cache
    (then without their plain text, which only the cache needs)."""

    cards: list[ParsedCard]
    cached: bool = False


def _read_chunk(paths: list[Path], root: Path) -> list[ParsedCard]:
    return [read_card(path, root) for path in paths]


_worker_cache: dict[Path, IndexCache] = {}


def _parse_chunk(paths: list[Path], root: Path, cache_path: Path | None) -> ParsedChunk:
    """Runs in a worker process: parse, write the cache rows (when there is a cache) and
    return the slim cards."""
    parsed = _read_chunk(paths, root)
    if cache_path is None:
        return ParsedChunk(parsed)
    cache = _worker_cache.get(cache_path)
    if cache is None:
        cache = _worker_cache[cache_path] = IndexCache(cache_path)
    if not cache.available or not cache.store(root, parsed, paths):
        return ParsedChunk(parsed)  # the parent writes them, as it does without workers
    slim = [dataclasses.replace(p, plain_text="", commands=()) for p in parsed]
    return ParsedChunk(slim, cached=True)


def worker_count() -> int:
    return max(1, min(MAX_WORKERS, (os.cpu_count() or 1)))


def parse_chunks(
    paths: list[Path], root: Path, parallel: bool = True, cache_path: Path | None = None
) -> Iterator[ParsedChunk]:
    """Parsed files for `paths`, in order, a chunk at a time, so the caller can use one
    chunk while workers parse the next. Workers write the cache at `cache_path` when one
    is given. Falls back to in-process parsing for whatever is left when workers cannot
    start or break (sandboxes without semaphores, for instance)."""
    workers = worker_count()
    if not parallel or workers < 2 or len(paths) < PARALLEL_THRESHOLD:
        yield ParsedChunk(_read_chunk(paths, root))
        return
    # Imported here: a warm start never needs them (about 1 MB of an idle app).
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunks = [paths[start : start + CHUNK] for start in range(0, len(paths), CHUNK)]
    done = 0
    try:
        # "spawn": forking a process that runs Qt and threads is unsafe.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            count = len(chunks)
            for chunk in pool.map(_parse_chunk, chunks, [root] * count, [cache_path] * count):
                done += 1
                yield chunk
    except (OSError, RuntimeError, ImportError) as exc:
        log.warning("parsing in worker processes failed (%s); parsing in-process", exc)
        for rest in chunks[done:]:
            yield ParsedChunk(_read_chunk(rest, root))
