"""A scripted watcher for tests and demos: changes are pushed in by the caller.

It honours the same threading rules as the real back-ends: `push` hands the change to
the watcher's own thread, which reports it (deduplicated) to the callback.
"""

from __future__ import annotations

import queue
import threading

from cuecard.models import WindowInfo
from cuecard.watch.base import ChangeCallback

_STOP = object()


class ScriptedWatcher:
    """Reports whatever `push()` is given, on its own thread."""

    name = "scripted"

    def __init__(self) -> None:
        self._queue: queue.Queue[object] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._current: WindowInfo | None = None
        self._lock = threading.Lock()

    def start(self, on_change: ChangeCallback) -> None:
        self._thread = threading.Thread(
            target=self._run, args=(on_change,), name="watch-scripted", daemon=True
        )
        self._thread.start()

    def push(self, info: WindowInfo | None) -> None:
        self._queue.put(info)

    def _run(self, on_change: ChangeCallback) -> None:
        reported: WindowInfo | None = None
        first = True
        while True:
            item = self._queue.get()
            if item is _STOP:
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
        if self._thread is not None and self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join(timeout=5)
