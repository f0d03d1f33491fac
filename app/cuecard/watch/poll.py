"""The last-resort watcher: sample the active window every second.

Used only when no event-driven back-end can run (for example an X11 window manager that
does not publish _NET_ACTIVE_WINDOW). Switches shorter than the interval are missed;
`cuecard doctor` says so.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping

from cuecard.models import WindowInfo
from cuecard.watch.base import BackendUnavailable, ChangeCallback

Sampler = Callable[[], WindowInfo | None]
INTERVAL = 1.0


class PollingWatcher:
    """Calls `sample()` every `interval` seconds and reports changes."""

    def __init__(self, sample: Sampler, interval: float = INTERVAL, name: str = "poll") -> None:
        self.name = name
        self._sample = sample
        self._interval = interval
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._current: WindowInfo | None = None
        self._thread: threading.Thread | None = None

    def start(self, on_change: ChangeCallback) -> None:
        self._thread = threading.Thread(
            target=self._run, args=(on_change,), name="watch-poll", daemon=True
        )
        self._thread.start()

    def _run(self, on_change: ChangeCallback) -> None:
        first = True
        while not self._stop.is_set():
            try:
                info = self._sample()
            except Exception:
                info = None
            with self._lock:
                previous = self._current
                changed = (
                    first
                    or (info is None) != (previous is None)
                    or (info is not None and not info.same_window_state(previous))
                )
                self._current = info
            if changed:
                first = False
                on_change(info)
            self._stop.wait(self._interval)

    def current(self) -> WindowInfo | None:
        with self._lock:
            return self._current

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)


def x11_focus_sampler(display_name: str) -> Sampler:
    """Sample X11 input focus (works without EWMH), walking up to the top-level window."""
    from cuecard.watch.x11_read import X11Reader, open_display

    state: dict[str, X11Reader] = {}

    def sample() -> WindowInfo | None:
        if "reader" not in state:
            state["reader"] = X11Reader(open_display(display_name))
        reader = state["reader"]
        window = reader.display.get_input_focus().focus
        root_id = reader.root.id
        while window and not isinstance(window, int) and window.id != root_id:
            if reader.title(window) or any(reader.window_class(window)):
                return reader.describe(window.id, time.monotonic(), None)
            window = window.query_tree().parent
        return None

    return sample


def create(env: Mapping[str, str]) -> PollingWatcher:
    display = env.get("DISPLAY")
    if not display:
        raise BackendUnavailable("nothing to poll: no X11 display")
    return PollingWatcher(x11_focus_sampler(display), name="poll-x11")
