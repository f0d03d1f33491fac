"""The palette's settled search, on a worker thread so that typing never waits for it.

When typing pauses, the palette searches the query again with the wider pools of a
finished query (search/pools.py: tens of milliseconds on a large library, a few hundred
the first time). On the GUI thread that froze the palette just when the user might type
on. Here it runs on one worker thread; the next keystroke cancels it (search/cancel.py),
so the keystroke's own search waits at most for the worker's current step.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from cuecard.models import Card
from cuecard.search.cancel import Cancel, SearchCancelled
from cuecard.search.engine import SearchEngine, SearchResults
from cuecard.ui.bridge import GuiRelay

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settled:
    """A settled search's results, with the library's cards it searched and the picks it
    weighed (rows say "opened before")."""

    results: SearchResults
    cards: Mapping[str, Card]
    picked: Mapping[str, float]


class SettledSearch(GuiRelay):
    """Runs one settled search at a time; emits `found` on the GUI thread unless the
    search was cancelled first (a newer keystroke, the palette closed)."""

    found = Signal(object)  # Settled

    def __init__(self, engine: SearchEngine, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-settled")
        self._cancel: Cancel | None = None

    def start(
        self,
        query: str,
        cards: Mapping[str, Card],
        limit: int,
        boost: Collection[str],
        picked: Mapping[str, float],
    ) -> None:
        """Search `query` settled; a search still running is cancelled first."""
        self.cancel()
        cancel = self._cancel = Cancel()
        self.post_result(
            self._worker.submit(self._search, query, cards, limit, boost, picked, cancel),
            "found",
        )

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.cancel()
            self._cancel = None

    def _search(
        self,
        query: str,
        cards: Mapping[str, Card],
        limit: int,
        boost: Collection[str],
        picked: Mapping[str, float],
        cancel: Cancel,
    ) -> Settled:
        try:
            results = self.engine.lookup(query, cards, limit, boost, True, picked, cancel)
        except SearchCancelled:
            raise
        except Exception:
            log.exception("settled search failed")
            raise
        return Settled(results, cards, picked)
