"""What a keystroke waits for when it comes while a settled search runs.

The palette searches a paused query again with wider pools (tens of milliseconds here).
That search used to run on the GUI thread: a keystroke typed during it waited for the
rest of it. Now it runs on a worker and the keystroke cancels it (search/cancel.py):
the keystroke waits for the worker's current step, then searches. Measured per query of
several words, with the keystroke (the query and one more letter) typed 0, 5, 20 and
50 ms into the settled search: the keystroke's elapsed time, next to the same keystroke
searched alone and to what it cost before (the rest of the settled search, then itself).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass

from cuecard.models import Card
from cuecard.search.cancel import Cancel, SearchCancelled
from cuecard.search.engine import SearchEngine

DELAYS = (0.0, 0.005, 0.02, 0.05)  # seconds into the settled search the keystroke comes


@dataclass(frozen=True)
class TypingOn:
    """Milliseconds per keystroke typed during a settled search (one per query and
    delay that fell inside the search)."""

    during: list[float]  # now: cancel the settled search, then search the keystroke
    alone: list[float]  # the same keystroke with nothing else running
    before: list[float]  # on the GUI thread: the rest of the settled search, then this


def typing_on(engine: SearchEngine, cards: Mapping[str, Card], queries: list[str]) -> TypingOn:
    during: list[float] = []
    alone: list[float] = []
    before: list[float] = []
    for query in queries:
        if len(query.split()) < 2:
            continue  # a one-word query is not searched again when typing pauses
        keystroke = query + "s"
        engine.lookup(keystroke, cards)  # warm: memos as a keystroke would find them
        start = time.perf_counter()
        engine.lookup(query, cards, settled=True)
        whole = time.perf_counter() - start
        for delay in DELAYS:
            if delay >= whole:
                continue
            start = time.perf_counter()
            engine.lookup(keystroke, cards)
            single = time.perf_counter() - start
            cancel = Cancel()
            worker = threading.Thread(target=_settled, args=(engine, cards, query, cancel))
            worker.start()
            time.sleep(delay)
            start = time.perf_counter()
            cancel.cancel()
            engine.lookup(keystroke, cards)
            during.append((time.perf_counter() - start) * 1000)
            worker.join()
            alone.append(single * 1000)
            before.append((whole - delay + single) * 1000)
    return TypingOn(during, alone, before)


def _settled(engine: SearchEngine, cards: Mapping[str, Card], query: str, cancel: Cancel) -> None:
    try:
        engine.lookup(query, cards, settled=True, cancel=cancel)
    except SearchCancelled:
        pass
