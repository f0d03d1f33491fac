"""Giving up a search whose answer nobody will read.

The palette searches a paused query again, more widely, on a worker thread; when the
user types on, that answer is stale, and the next keystroke must not wait for it. The
keystroke cancels it: the search checks between its steps (each judgement of a card,
each full-text query) and stops at the next one, within a millisecond or two.
"""

from __future__ import annotations

import threading


class SearchCancelled(Exception):
    """Raised inside a search whose `Cancel` was set."""


class Cancel:
    """A flag one thread sets and a search on another checks."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise `SearchCancelled` once cancelled."""
        if self._event.is_set():
            raise SearchCancelled


def never() -> None:
    """The check of a search nobody cancels."""
