"""Pulls content packs on a background thread: at start, every few hours, on request.

After each pull `on_pulled(results)` is called on this thread; the app turns a pack
that went live into a library reload of that pack's root.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

from cuecard.sync.packs.pull import PackPuller, PullResult

log = logging.getLogger(__name__)
PULL_EVERY = 4 * 3600.0


class PackWorker:
    """Owns one thread that pulls every configured pack URL in turn."""

    def __init__(
        self,
        puller: PackPuller,
        urls: Sequence[str],
        on_pulled: Callable[[list[PullResult]], None],
        every: float = PULL_EVERY,
    ) -> None:
        self.puller = puller
        self.urls = tuple(urls)
        self.on_pulled = on_pulled
        self.every = every
        self._lock = threading.Condition()
        self._asked = False
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="sync-packs", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def pull_now(self) -> None:
        with self._lock:
            self._asked = True
            self._lock.notify_all()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop after the pull in progress (a half-staged pack is discarded, the live
        one untouched)."""
        with self._lock:
            self._stopping = True
            self._lock.notify_all()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _stopped(self) -> bool:
        with self._lock:
            return self._stopping

    def _run(self) -> None:
        while not self._stopped():
            with self._lock:
                self._asked = False
            results = []
            for url in self.urls:
                if self._stopped():
                    return
                try:
                    results.append(self.puller.pull(url))
                except Exception:  # a bug must not end pulls for good
                    log.exception("pulling the pack at %s failed", url)
            try:
                self.on_pulled(results)
            except Exception:
                log.exception("reporting pulled packs failed")
            with self._lock:
                self._lock.wait_for(lambda: self._stopping or self._asked, self.every)
