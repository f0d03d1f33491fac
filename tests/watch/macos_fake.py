"""A fake macOS for the macOS watcher's tests: apps, their windows, AppKit and AX events.

`FakeMac` plays the OS side of `MacApi`. Its run loop is a queue served on the watcher
thread. App activations call the registered callback on the caller's thread (AppKit's
main thread in real life); AX notifications are queued for the run loop, and only when an
observer on that app exists at that moment, as with a real AXObserver.
"""

from __future__ import annotations

import itertools
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cuecard.watch.macos import MacWatcher
from cuecard.watch.macos_api import AxAnswer, AxWindow, MacApp

OWN_PID = 1


@dataclass
class FakeAxWindow:
    window_id: int
    title: str
    fullscreen: bool = False


class FakeMac:
    """Apps by pid; each app's windows front to back, the focused one last."""

    def __init__(self, trusted: bool = True) -> None:
        self.lock = threading.RLock()
        self.trusted = trusted
        self.apps: dict[int, MacApp] = {}
        self.windows: dict[int, list[FakeAxWindow]] = {}
        self.unresponsive: set[int] = set()
        self.frontmost = 0
        self.observed: tuple[int, Callable[[], None]] | None = None
        self.observe_calls: list[int] = []
        self._activation: Callable[[MacApp | None], None] | None = None
        self._loop: queue.Queue[Callable[[], None] | None] = queue.Queue()

    # -- the OS acting ------------------------------------------------------------------
    def activate_app(self, pid: int) -> None:
        with self.lock:
            self.frontmost = pid
            callback, app = self._activation, self.apps.get(pid)
        if callback is not None:
            callback(app)

    def ax_notify(self, pid: int) -> None:
        with self.lock:
            if self.observed is not None and self.observed[0] == pid:
                self._loop.put(self.observed[1])

    # -- MacApi -------------------------------------------------------------------------
    def attach(self) -> None:
        pass

    def run_loop(self) -> None:
        while (function := self._loop.get()) is not None:
            function()

    def stop_loop(self) -> None:
        self._loop.put(None)

    def call_soon(self, function: Callable[[], None]) -> None:
        self._loop.put(function)

    def observe_activations(self, callback: Callable[[MacApp | None], None]) -> None:
        with self.lock:
            self._activation = callback

    def unobserve_activations(self) -> None:
        with self.lock:
            self._activation = None

    def frontmost_app(self) -> MacApp | None:
        with self.lock:
            return self.apps.get(self.frontmost)

    def is_trusted(self) -> bool:
        return self.trusted

    def focused_window(self, pid: int) -> AxWindow | AxAnswer:
        with self.lock:
            if pid in self.unresponsive or not self.trusted:
                return AxAnswer.UNKNOWN
            windows = self.windows.get(pid)
            if not windows:
                return AxAnswer.NO_WINDOW
            window = windows[-1]
            return AxWindow(window.title, window.fullscreen, None, window.window_id)

    def observe_app(self, pid: int, callback: Callable[[], None]) -> bool:
        with self.lock:
            self.observe_calls.append(pid)
            self.observed = (pid, callback) if self.trusted else None
            return self.trusted

    def unobserve_app(self) -> None:
        with self.lock:
            self.observed = None


class FakeMacDriver:
    """Drives `FakeMac` for the shared watcher contract: one app per (name, bundle id)."""

    supports_fullscreen = True

    def __init__(self, trusted: bool = True) -> None:
        self.api = FakeMac(trusted)
        self._ids = itertools.count(100)

    def make_watcher(self) -> MacWatcher:
        return MacWatcher(self.api, own_pid=OWN_PID, settle_delays=(0.01, 0.02))

    def add_app(self, name: str, bundle_id: str) -> int:
        with self.api.lock:
            for pid, app in self.api.apps.items():
                if (app.name, app.bundle_id) == (name, bundle_id):
                    return pid
            pid = 5000 + len(self.api.apps)
            self.api.apps[pid] = MacApp(name, bundle_id, pid, f"/Applications/{name}.app")
            self.api.windows[pid] = []
            return pid

    def _find(self, handle: Any) -> FakeAxWindow:
        pid, window_id = handle
        return next(w for w in self.api.windows[pid] if w.window_id == window_id)

    def open_window(self, app: str, title: str, window_class: str) -> Any:
        pid = self.add_app(app, window_class)
        with self.api.lock:
            self.api.windows[pid].append(FakeAxWindow(next(self._ids), title))
            handle = (pid, self.api.windows[pid][-1].window_id)
        self.activate(handle)
        return handle

    def activate(self, handle: Any) -> None:
        pid, _ = handle
        with self.api.lock:
            window = self._find(handle)
            self.api.windows[pid].remove(window)
            self.api.windows[pid].append(window)
            switching = self.api.frontmost != pid
        if switching:
            self.api.activate_app(pid)
        self.api.ax_notify(pid)  # AXFocusedWindowChanged

    def set_title(self, handle: Any, title: str) -> None:
        with self.api.lock:
            self._find(handle).title = title
        self.api.ax_notify(handle[0])  # AXTitleChanged

    def set_fullscreen(self, handle: Any, on: bool) -> None:
        with self.api.lock:
            self._find(handle).fullscreen = on
        self.api.ax_notify(handle[0])  # AXWindowResized

    def close(self, handle: Any) -> None:
        with self.api.lock:
            self.api.windows[handle[0]].remove(self._find(handle))
        self.api.ax_notify(handle[0])  # AXUIElementDestroyed; the app stays frontmost
