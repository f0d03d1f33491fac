"""What a search reads besides FTS5, kept current without stalling a keystroke.

The vocabulary (read from the index: 0.2-0.4 s for a few thousand long cards) and the
in-memory index of titles, tags and summaries (built from the snapshot) are made once,
and made again in a background thread when the index file or the snapshot changes;
meanwhile the previous ones serve. Only the very first search waits for them.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Mapping
from pathlib import Path

from cuecard.models import Card
from cuecard.search.fields import FieldIndex
from cuecard.search.plan import Planner
from cuecard.search.related import bundled_related_words
from cuecard.search.vocab import data_version, load_vocabulary


class Prepared:
    """The vocabulary and field index for one index cache file."""

    def __init__(self, cache_path: Path) -> None:
        self.cache_path = cache_path
        self._lock = threading.Lock()
        self._planner: Planner | None = None
        self._vocabulary_version: int | None = None
        self._fields: FieldIndex | None = None
        self._worker: threading.Thread | None = None

    def refresh(self, db: sqlite3.Connection, cards: Mapping[str, Card] | None) -> None:
        """Start rebuilding in the background what is out of date (at most one worker)."""
        try:
            version = data_version(db)
        except sqlite3.Error:
            return
        with self._lock:
            if self._worker is not None:
                return
            vocabulary_stale = version != self._vocabulary_version
            fields_stale = cards is not None and (
                self._fields is None or self._fields.source is not cards
            )
            if not (vocabulary_stale or fields_stale):
                return
            self._worker = threading.Thread(
                target=self._build,
                args=(version if vocabulary_stale else None, cards if fields_stale else None),
                name="search-prepare",
                daemon=True,
            )
            self._worker.start()

    def _build(self, version: int | None, cards: Mapping[str, Card] | None) -> None:
        fields: FieldIndex | None = None
        planner: Planner | None = None
        try:
            fields = FieldIndex(cards) if cards is not None else None
            vocabulary = load_vocabulary(self.cache_path) if version is not None else None
            planner = (
                Planner(vocabulary, bundled_related_words()) if vocabulary is not None else None
            )
        finally:
            with self._lock:
                if fields is not None:
                    self._fields = fields
                if planner is not None:
                    self._planner, self._vocabulary_version = planner, version
                self._worker = None

    def current(
        self, db: sqlite3.Connection, cards: Mapping[str, Card]
    ) -> tuple[Planner | None, FieldIndex | None]:
        """The planner (over the vocabulary) and field index to search with: built now
        when there are none yet, otherwise the latest (a rebuild may be running)."""
        self.refresh(db, cards)
        if self._planner is None or self._fields is None:
            self.wait()
            if self._fields is None or self._planner is None:
                self.refresh(db, cards)  # the first worker was started without the cards
                self.wait()
        return self._planner, self._fields

    def wait(self) -> None:
        worker = self._worker
        if worker is not None:
            worker.join()
