"""The life cycle shared by back-ends that run an OS event loop on their own thread
(the Windows message loop, the macOS run loop): start once, `current()`, a `stop()` that
wakes the loop, and publishing decisions where KEEP means "nothing to report"."""

from __future__ import annotations

import enum
import logging
import threading
from typing import Literal

from cuecard.models import WindowInfo
from cuecard.watch.base import ChangeCallback, thread_failure

log = logging.getLogger(__name__)


class _Keep(enum.Enum):
    KEEP = "keep"


#: "Report nothing": the state did not change, or the window is ours or transient.
KEEP: Literal[_Keep.KEEP] = _Keep.KEEP
Decision = WindowInfo | None | Literal[_Keep.KEEP]


class NativeLoopWatcher:
    """Subclasses set `name`, and implement `_run` (the loop; set `_ready` once it can
    receive events) and `_wake_loop` (make `_run` return, from any thread)."""

    name = ""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._current: WindowInfo | None = None
        self._on_change: ChangeCallback | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._stopping = False
        self._failure: str | None = None

    def start(self, on_change: ChangeCallback) -> None:
        if self._thread is not None:
            raise RuntimeError("a watcher starts once")
        self._on_change = on_change
        self._thread = threading.Thread(target=self._serve, name=f"watch-{self.name}", daemon=True)
        self._thread.start()
        self._ready.wait(timeout=5)  # the loop is listening: no event after start() is lost

    def current(self) -> WindowInfo | None:
        with self._lock:
            return self._current

    @property
    def failure(self) -> str | None:
        return thread_failure(self._failure, self._thread, self._stop_requested(), self.name)

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            thread = self._thread
        if thread is None or not thread.is_alive():
            return
        self._ready.wait(timeout=5)
        self._wake_loop()
        if thread is not threading.current_thread():
            thread.join(timeout=5)

    def _stop_requested(self) -> bool:
        with self._lock:
            return self._stopping

    def _serve(self) -> None:
        try:
            self._run()
        except Exception as exc:  # the loop crashed: say "no window" once and end
            self._failure = f"the {self.name} event loop crashed: {type(exc).__name__}"
            log.exception("%s watcher stopped", self.name)
            self._publish(None)
        finally:
            self._ready.set()  # never leave start() waiting for a loop that is gone

    def _run(self) -> None:
        raise NotImplementedError

    def _wake_loop(self) -> None:
        raise NotImplementedError

    def _publish(self, decision: Decision) -> None:
        if decision is KEEP:
            return
        with self._lock:
            self._current = decision
        if self._on_change is not None:
            self._on_change(decision)
