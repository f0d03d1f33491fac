"""A scripted watcher for tests and demos: changes are pushed in by the caller.

It honours the same threading rules as the real back-ends: `push` hands the change to
the watcher's own thread, which reports it (deduplicated) to the callback. `fail` and
`vanish` play a back-end that dies while the app runs (a lost connection; a thread that
ends without a word).
"""

from __future__ import annotations

import queue
import threading

from cuecard.models import WindowInfo
from cuecard.watch.base import ChangeCallback, thread_failure

_STOP = object()
_VANISH = object()


class _Fail:
    def __init__(self, reason: str) -> None:
        self.reason = reason


class ScriptedWatcher:
    """Reports whatever `push()` is given, on its own thread."""

    name = "scripted"

    def __init__(self) -> None:
        self._queue: queue.Queue[object] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._current: WindowInfo | None = None
        self._lock = threading.Lock()
        self._stopping = False
        self._failure: str | None = None

    def start(self, on_change: ChangeCallback) -> None:
        self._thread = threading.Thread(
            target=self._run, args=(on_change,), name="watch-scripted", daemon=True
        )
        self._thread.start()

    def push(self, info: WindowInfo | None) -> None:
        self._queue.put(info)

    def fail(self, reason: str) -> None:
        """Lose the "connection": report None once, record `reason`, end the thread."""
        self._queue.put(_Fail(reason))

    def vanish(self) -> None:
        """End the thread without reporting anything (a crash nobody caught)."""
        self._queue.put(_VANISH)

    @property
    def failure(self) -> str | None:
        with self._lock:
            stopping = self._stopping
        return thread_failure(self._failure, self._thread, stopping, self.name)

    def _run(self, on_change: ChangeCallback) -> None:
        reported: WindowInfo | None = None
        first = True
        while True:
            item = self._queue.get()
            if item is _STOP or item is _VANISH:
                return
            if isinstance(item, _Fail):
                self._failure = item.reason
                with self._lock:
                    self._current = None
                on_change(None)
                return
            info = item if isinstance(item, WindowInfo) else None
            if not first and (
                (info is None and reported is None)
                or (info is not None and info.same_window_state(reported))
            ):
                continue
            first = False
            reported = info
            with self._lock:
                self._current = info
            on_change(info)

    def current(self) -> WindowInfo | None:
        with self._lock:
            return self._current

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
        if self._thread is not None and self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join(timeout=5)
