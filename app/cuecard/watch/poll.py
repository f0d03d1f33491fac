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
from cuecard.watch.base import BackendUnavailable, ChangeCallback, thread_failure

Sampler = Callable[[], WindowInfo | None]
INTERVAL = 1.0
#: Samples failing in a row before the poller gives up (a lost display fails every time).
MAX_FAILED_SAMPLES = 3


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
        self._failure: str | None = None

    def start(self, on_change: ChangeCallback) -> None:
        self._thread = threading.Thread(
            target=self._run, args=(on_change,), name="watch-poll", daemon=True
        )
        self._thread.start()

    def _run(self, on_change: ChangeCallback) -> None:
        first = True
        failed = 0
        while not self._stop.is_set():
            try:
                info = self._sample()
                failed = 0
            except Exception as exc:
                # One bad sample (a window gone mid-read) keeps the last state; a run of
                # them (a lost display) ends the poller: "no window" once, and why.
                failed += 1
                if failed >= MAX_FAILED_SAMPLES:
                    self._failure = f"sampling the active window failed: {type(exc).__name__}"
                    with self._lock:
                        self._current = None
                    on_change(None)
                    return
                self._stop.wait(self._interval)
                continue
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

    @property
    def failure(self) -> str | None:
        return thread_failure(self._failure, self._thread, self._stop.is_set(), self.name)

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
    from cuecard.watch.x11_read import open_display

    try:
        open_display(display).close()
    except Exception as exc:  # a display that is gone must not yield a poller of nothing
        raise BackendUnavailable(f"cannot open X display {display}: {exc}") from exc
    return PollingWatcher(x11_focus_sampler(display), name="poll-x11")
