"""A scripted focused-element watcher for UI tests: the test pushes elements, and sees
which targets the app asked it to follow. Same threading rules as the real back-ends:
reports come from its own thread."""

from __future__ import annotations

import queue
import threading

from cuecard.a11y.base import ElementCallback, FocusTarget
from cuecard.a11y.select import ElementChoice
from cuecard.models import FocusedElement

_STOP = object()


class _Fail:
    def __init__(self, reason: str) -> None:
        self.reason = reason


class ScriptedElementWatcher:
    """Reports whatever `push()` is given while a target is followed."""

    name = "scripted"

    def __init__(self) -> None:
        self.targets: list[FocusTarget | None] = []
        self.started = threading.Event()
        self.stopped = threading.Event()
        self._queue: queue.Queue[object] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._failure: str | None = None
        self._lock = threading.Lock()

    def start(self, on_change: ElementCallback) -> None:
        self._thread = threading.Thread(target=self._run, args=(on_change,), daemon=True)
        self._thread.start()
        self.started.set()

    def follow(self, target: FocusTarget | None) -> None:
        with self._lock:
            self.targets.append(target)
        if target is None:
            self._queue.put(None)

    def push(self, element: FocusedElement | None) -> None:
        self._queue.put(element)

    def fail(self, reason: str) -> None:
        self._queue.put(_Fail(reason))

    @property
    def following(self) -> bool:
        with self._lock:
            return bool(self.targets) and self.targets[-1] is not None

    @property
    def failure(self) -> str | None:
        return self._failure

    def _run(self, on_change: ElementCallback) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            if isinstance(item, _Fail):
                self._failure = item.reason
                on_change(None)
                return
            on_change(item if isinstance(item, FocusedElement) else None)

    def stop(self) -> None:
        self.stopped.set()
        if self._thread is not None and self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join(timeout=5)


class Chooser:
    """A `choose` for ElementBridge: hands out scripted watchers, keeping each."""

    def __init__(self, available: bool = True) -> None:
        self.made: list[ScriptedElementWatcher] = []
        self.available = available

    def __call__(self) -> ElementChoice:
        if not self.available:
            return ElementChoice("atspi", "the accessibility bus is not available", None)
        watcher = ScriptedElementWatcher()
        self.made.append(watcher)
        return ElementChoice("scripted", "test", watcher)
