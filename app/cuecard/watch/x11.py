"""Event-driven X11 watcher: PropertyNotify on the root window and the active window.

The thread sleeps in select() on the X connection and a wake-up pipe, so an idle
desktop costs no CPU. A switch is reported from the PropertyNotify of
_NET_ACTIVE_WINDOW; a title or fullscreen change from the active window's own
PropertyNotify. "No active window" is reported only after it has lasted SETTLE
seconds (openbox sets 0 for about a millisecond inside most switches).
"""

from __future__ import annotations

import logging
import os
import select
import threading
import time
from collections.abc import Mapping

from Xlib import X
from Xlib.display import Display
from Xlib.error import ConnectionClosedError, DisplayError, XError

from cuecard.models import WindowInfo
from cuecard.watch.base import BackendUnavailable, ChangeCallback, thread_failure
from cuecard.watch.x11_read import X11Reader, open_display

SETTLE = 0.05
log = logging.getLogger(__name__)


class X11Watcher:
    """Reports active-window changes on an X11 display (see watch/base.py rules)."""

    name = "x11"

    def __init__(
        self, display_name: str | None = None, settle: float = SETTLE, own_pid: int | None = None
    ) -> None:
        self._display_name = display_name
        self._settle = settle
        self._own_pid = os.getpid() if own_pid is None else own_pid
        self._lock = threading.Lock()
        self._current: WindowInfo | None = None
        self._thread: threading.Thread | None = None
        self._wake_read, self._wake_write = -1, -1
        self._stopping = threading.Event()
        self._failure: str | None = None

    def start(self, on_change: ChangeCallback) -> None:
        display = open_display(self._display_name)
        self._wake_read, self._wake_write = os.pipe()
        self._thread = threading.Thread(
            target=self._run, args=(display, on_change), name="watch-x11", daemon=True
        )
        self._thread.start()

    def current(self) -> WindowInfo | None:
        with self._lock:
            return self._current

    @property
    def failure(self) -> str | None:
        return thread_failure(self._failure, self._thread, self._stopping.is_set(), self.name)

    def stop(self) -> None:
        self._stopping.set()
        if self._wake_write >= 0:
            try:
                os.write(self._wake_write, b"x")
            except OSError:
                pass
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)
        for fd in (self._wake_read, self._wake_write):
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self._wake_read = self._wake_write = -1

    def _run(self, display: Display, on_change: ChangeCallback) -> None:
        state = _LoopState(X11Reader(display), on_change, self)
        try:
            state.loop()
        except (ConnectionClosedError, DisplayError, OSError) as exc:
            self._failure = f"lost the X display: {type(exc).__name__}"
            log.warning("X11 watcher stopped: %s", self._failure)
            self._publish(None, on_change, force=True)
        except Exception as exc:  # a bug must not leave the app silently pull-only
            self._failure = f"the X11 watcher crashed: {type(exc).__name__}"
            log.exception("X11 watcher stopped")
            self._publish(None, on_change, force=True)
        finally:
            try:
                display.close()
            except Exception:
                pass

    def _publish(
        self, info: WindowInfo | None, on_change: ChangeCallback, force: bool = False
    ) -> None:
        with self._lock:
            previous = self._current
            unchanged = (info is None and previous is None) or (
                info is not None and info.same_window_state(previous)
            )
            if unchanged and not force:
                return
            self._current = info
        on_change(info)


class _LoopState:
    """The watcher thread's state: which window is watched, the pending settle."""

    def __init__(self, reader: X11Reader, on_change: ChangeCallback, watcher: X11Watcher) -> None:
        self.reader = reader
        self.on_change = on_change
        self.watcher = watcher
        self.watched = 0
        self.settle_deadline: float | None = None
        self.first = True

    def loop(self) -> None:
        reader, watcher = self.reader, self.watcher
        reader.root.change_attributes(event_mask=X.PropertyChangeMask)
        reader.display.flush()
        self.refresh(None)
        fd = reader.display.fileno()
        while not watcher._stopping.is_set():
            timeout = None
            if self.settle_deadline is not None:
                timeout = max(0.0, self.settle_deadline - time.monotonic())
            readable, _, _ = select.select([fd, watcher._wake_read], [], [], timeout)
            if watcher._wake_read in readable:
                return
            # python-xlib may hold already-read events in its buffer: always drain.
            while reader.display.pending_events():
                self.handle(reader.display.next_event())
            if self.settle_deadline is not None and time.monotonic() >= self.settle_deadline:
                self.settle_deadline = None
                self.refresh(None, settled=True)

    def handle(self, event: object) -> None:
        kind = getattr(event, "type", None)
        if kind in (X.DestroyNotify, X.UnmapNotify):
            if event.window.id == self.watched:  # type: ignore[attr-defined]
                self.refresh(None)
            return
        if kind != X.PropertyNotify:
            return
        reader = self.reader
        window_id = event.window.id  # type: ignore[attr-defined]
        atom = event.atom  # type: ignore[attr-defined]
        server_time = int(event.time)  # type: ignore[attr-defined]
        on_root = window_id == reader.root.id and atom == reader.NET_ACTIVE_WINDOW
        on_active = window_id == self.watched and atom in self.reader.watched_atoms
        if on_root or on_active:
            self.refresh(server_time)

    def refresh(self, server_time: int | None, settled: bool = False) -> None:
        reader = self.reader
        active = reader.active_window_id()
        if active and not reader.is_viewable(active):
            active = 0
        if active == 0:
            if settled or self.first:
                self.first = False
                self._watch(0)
                self.watcher._publish(None, self.on_change, force=False)
            elif self.settle_deadline is None:
                self.settle_deadline = time.monotonic() + self.watcher._settle
            return
        self.settle_deadline = None
        # Subscribe before reading: a title set between our read and the subscription
        # would otherwise be missed until the next change (seen in tests).
        previous = self.watched
        self._watch(active)
        try:
            info = reader.describe(active, time.monotonic(), server_time)
        except XError:
            return  # the window vanished between the event and the read
        if info.pid is not None and info.pid == self.watcher._own_pid:
            self._watch(previous)
            return  # our own card or toast: keep reporting the user's window
        self.first = False
        self.watcher._publish(info, self.on_change)

    def _watch(self, window_id: int) -> None:
        if window_id == self.watched:
            return
        if self.watched:
            self.reader.watch_window(self.watched, False)
        if window_id:
            self.reader.watch_window(window_id, True)
        self.reader.display.flush()
        self.watched = window_id


def create(env: Mapping[str, str]) -> X11Watcher:
    """An X11 watcher for env's DISPLAY; BackendUnavailable when it cannot run."""
    name = env.get("DISPLAY")
    if not name:
        raise BackendUnavailable("no X11 display (DISPLAY is not set)")
    try:
        probe = open_display(name)
    except (DisplayError, ConnectionClosedError, OSError, XError) as exc:
        raise BackendUnavailable(f"cannot open X display {name}: {exc}") from exc
    try:
        supported = probe.intern_atom("_NET_SUPPORTED")
        atoms = probe.screen().root.get_full_property(supported, X.AnyPropertyType)
        active = probe.intern_atom("_NET_ACTIVE_WINDOW")
        if atoms is None or active not in list(atoms.value):
            raise BackendUnavailable(
                "the window manager does not publish _NET_ACTIVE_WINDOW (not EWMH)"
            )
    finally:
        probe.close()
    return X11Watcher(name)
