"""parallel.py: worker processes parse big batches and write the index cache themselves."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cuecard.content.cache import IndexCache
from cuecard.content.library import ContentLibrary
from cuecard.content.parallel import PARALLEL_THRESHOLD, parse_chunks, worker_count
from tests.content.helpers import write

needs_two_cores = pytest.mark.skipif(worker_count() < 2, reason="needs two cores for workers")
COUNT = PARALLEL_THRESHOLD + 50


@pytest.fixture
def big_root(tmp_path: Path) -> Path:
    root = tmp_path / "cards"
    for number in range(COUNT):
        write(
            root / f"folder{number % 7}/card{number:04}.md",
            f"---\ntags: [t{number % 5}]\n---\n# Card {number}\n\nBody word{number} here.\n"
            "\n## First\nDo it.\n",
        )
    return root


@needs_two_cores
def test_workers_write_the_cache_and_send_back_no_plain_text(
    tmp_path: Path, big_root: Path
) -> None:
    cache_file = tmp_path / "index.sqlite"
    IndexCache(cache_file).close()  # the library opens (and creates) it before parsing
    paths = sorted(big_root.rglob("*.md"))
    chunks = list(parse_chunks(paths, big_root, cache_path=cache_file))
    assert all(chunk.cached for chunk in chunks)
    cards = [parsed for chunk in chunks for parsed in chunk.cards]
    assert [p.card.path for p in cards if p.card] == paths
    assert not any(parsed.plain_text for parsed in cards)
    with sqlite3.connect(cache_file) as db:
        rows = db.execute("SELECT count(*), sum(plain LIKE '%here%') FROM cards").fetchone()
        assert rows == (COUNT, COUNT)
        [hit] = db.execute("SELECT title FROM cards_fts WHERE cards_fts MATCH 'word123'")
        assert hit == ("Card 123",)


@needs_two_cores
def test_unwritable_cache_leaves_the_rows_to_the_caller(tmp_path: Path, big_root: Path) -> None:
    paths = sorted(big_root.rglob("*.md"))
    chunks = list(parse_chunks(paths, big_root, cache_path=tmp_path))  # a folder: unusable
    assert not any(chunk.cached for chunk in chunks)
    assert all(p.plain_text for chunk in chunks for p in chunk.cards)


@needs_two_cores
def test_cold_parallel_load_then_restart_reads_everything_from_the_cache(
    tmp_path: Path, big_root: Path, read_calls: list[Path]
) -> None:
    cache = IndexCache(tmp_path / "index.sqlite")
    first = ContentLibrary([big_root], cache=cache).load()
    assert len(first.cards) == COUNT
    assert read_calls == [], "parsed in worker processes, not here"
    cache.close()
    cache = IndexCache(tmp_path / "index.sqlite")
    second = ContentLibrary([big_root], cache=cache, parallel=False).load()
    cache.close()
    assert read_calls == [], "a restart re-parses nothing"
    assert second.cards == first.cards
    card = second.cards["folder3/card0010"]
    assert (card.step_count, card.tags, card.path.name) == (1, ("t0",), "card0010.md")
