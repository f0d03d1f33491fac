"""The life cycle shared by element back-ends that run on a thread of their own and
receive requests through a queue (UI Automation) or a run loop (AX): start once, a
`follow` that only posts, a `stop` that wakes the thread and joins it, reports that are
deduplicated, and a failure recorded when the thread ends on its own."""

from __future__ import annotations

import logging
import threading

from cuecard.a11y.base import ElementCallback, FocusTarget
from cuecard.models import FocusedElement

log = logging.getLogger(__name__)
STOP = object()


class ThreadedElementWatcher:
    """Subclasses set `name` and implement `_run` (the thread's loop, which must end
    after `_post(STOP)`) and `_post` (hand a request to it, from any thread)."""

    name = ""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._failure: str | None = None
        self._on_change: ElementCallback | None = None
        self._reported: FocusedElement | None = None
        self._subscribed = False

    def start(self, on_change: ElementCallback) -> None:
        if self._thread is not None:
            raise RuntimeError("an element watcher starts once")
        self._on_change = on_change
        self._thread = threading.Thread(target=self._serve, name=f"a11y-{self.name}", daemon=True)
        self._thread.start()

    def follow(self, target: FocusTarget | None) -> None:
        self._post(target)

    @property
    def following(self) -> bool:
        return self._subscribed

    @property
    def failure(self) -> str | None:
        if self._failure is not None:
            return self._failure
        thread = self._thread
        if thread is not None and thread.ident is not None and not thread.is_alive():
            return None if self._stopping else f"the {self.name} watcher thread ended"
        return None

    def stop(self) -> None:
        self._stopping = True
        thread = self._thread
        if thread is None or not thread.is_alive():
            return
        self._post(STOP)
        if thread is not threading.current_thread():
            thread.join(timeout=5)

    def _serve(self) -> None:
        try:
            self._run()
        except Exception as exc:
            log.exception("%s element watcher crashed", self.name)
            self._fail(f"the {self.name} watcher crashed: {type(exc).__name__}")

    def _run(self) -> None:
        raise NotImplementedError

    def _post(self, request: object) -> None:
        raise NotImplementedError

    def _fail(self, reason: str) -> None:
        self._failure = reason
        self._reported = None
        if self._on_change is not None:
            self._on_change(None)

    def _report(self, element: FocusedElement | None) -> None:
        previous = self._reported
        if element is None or previous is None:
            unchanged = element is previous
        else:
            unchanged = element.same_focus(previous)
        if unchanged:
            return
        self._reported = element
        if self._on_change is not None:
            self._on_change(element)
