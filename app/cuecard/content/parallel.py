"""Parse many card files at once, on every core when there are enough of them.

A cold index of a large library is CPU-bound Python; worker processes use the other
cores and, unlike threads, do not hold the GUI process's GIL, so the interface stays
responsive while they work. Small batches (the usual hot reload) stay in-process.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

from cuecard.content.parse import ParsedCard, read_card

PARALLEL_THRESHOLD = 400
CHUNK = 200
MAX_WORKERS = 4

log = logging.getLogger(__name__)


def _read_chunk(paths: list[Path], root: Path) -> list[ParsedCard]:
    return [read_card(path, root) for path in paths]


def worker_count() -> int:
    return max(1, min(MAX_WORKERS, (os.cpu_count() or 1)))


def parse_chunks(
    paths: list[Path], root: Path, parallel: bool = True
) -> Iterator[list[ParsedCard]]:
    """ParsedCards for `paths`, in order, a chunk at a time, so the caller can store one
    chunk while workers parse the next. Falls back to in-process parsing for whatever is
    left when workers cannot start or break (sandboxes without semaphores, for instance)."""
    workers = worker_count()
    if not parallel or workers < 2 or len(paths) < PARALLEL_THRESHOLD:
        yield _read_chunk(paths, root)
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
            for parsed in pool.map(_read_chunk, chunks, [root] * len(chunks)):
                done += 1
                yield parsed
    except (OSError, RuntimeError, ImportError) as exc:
        log.warning("parsing in worker processes failed (%s); parsing in-process", exc)
        for chunk in chunks[done:]:
            yield _read_chunk(chunk, root)
