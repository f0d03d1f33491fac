"""What the Wayland back-ends share: the reporting rules and the reader-thread shell.

`Reporter` applies the rules of watch/base.py to whatever a back-end observes: changes
only (`WindowInfo.same_window_state`; the state before the first report is "no
window", so an empty desktop at start is not reported), Cuecard's own windows ignored,
and "no window" reported only after it has lasted SETTLE seconds, so a switch that
passes through "nothing focused" is not reported as one. It never sleeps: the
back-end's reader waits for its next message at most `Reporter.due_in()` seconds, then
calls `flush()`.

`ReaderWatcher` is the start/stop/current shell around one blocking connection read on
the back-end's own daemon thread; `stop()` interrupts the blocked read and joins.
"""

from __future__ import annotations

import logging
import os
import threading
import time

from cuecard.models import Rect, WindowInfo
from cuecard.watch.base import ChangeCallback, thread_failure
from cuecard.watch.process import normalise_app, process_facts

SETTLE = 0.05
MIN_WAIT = 0.001
log = logging.getLogger(__name__)


def make_info(
    *,
    title: str,
    window_class: str,
    pid: int | None,
    fullscreen: bool = False,
    geometry: Rect | None = None,
    window_id: int = 0,
    app_hint: str = "",
) -> WindowInfo:
    """A WindowInfo whose `app` is the process name of `pid`, else `app_hint` or the class."""
    pid = pid if pid is not None and pid > 0 else None
    facts = process_facts(pid)
    return WindowInfo(
        app=facts.app or normalise_app(app_hint or window_class),
        title=title,
        window_class=window_class,
        pid=pid,
        exe=facts.exe,
        fullscreen=fullscreen,
        geometry=geometry,
        timestamp=time.monotonic(),
        window_id=window_id,
    )


def rect_or_none(x: int, y: int, width: int, height: int) -> Rect | None:
    """A Rect, or None when the size is unknown (zero or negative)."""
    return Rect(x, y, width, height) if width > 0 and height > 0 else None


class Reporter:
    """Turns a back-end's observations into `on_change` calls (see the module docstring).

    Used only from the back-end's reader thread, except `current` (thread-safe).
    """

    def __init__(
        self, on_change: ChangeCallback, settle: float = SETTLE, own_pid: int | None = None
    ) -> None:
        self._on_change = on_change
        self._settle = settle
        self._own_pid = os.getpid() if own_pid is None else own_pid
        self._lock = threading.Lock()
        self._current: WindowInfo | None = None  # before the first report: no window
        self._none_due: float | None = None

    @property
    def current(self) -> WindowInfo | None:
        with self._lock:
            return self._current

    def offer(self, info: WindowInfo | None) -> None:
        """The compositor says `info` is now active (None: nothing is)."""
        if info is not None and info.pid is not None and info.pid == self._own_pid:
            return  # our own card or toast: keep reporting the user's window
        if info is None:
            if self._none_due is None and self._current is not None:
                self._none_due = time.monotonic() + self._settle
            return
        self._none_due = None
        self._emit(info)

    def due_in(self) -> float | None:
        """Seconds until a pending "no window" is due; None when nothing is pending.

        Never 0: a socket timeout of 0 would make the socket non-blocking.
        """
        if self._none_due is None:
            return None
        return max(MIN_WAIT, self._none_due - time.monotonic())

    def flush(self) -> None:
        """Report a pending "no window" whose settle time has passed."""
        if self._none_due is not None and time.monotonic() >= self._none_due:
            self._none_due = None
            self._emit(None)

    def lost(self) -> None:
        """The connection is gone: report None now (once) and forget any pending state."""
        self._none_due = None
        self._emit(None)

    def _emit(self, info: WindowInfo | None) -> None:
        with self._lock:
            previous = self._current
            unchanged = (info is None and previous is None) or (
                info is not None and info.same_window_state(previous)
            )
            self._current = info
            if unchanged:
                return
        try:
            self._on_change(info)
        except Exception:
            log.exception("window change callback failed")


class ReaderWatcher:
    """Start/stop/current around one blocking reader thread; subclasses do the I/O.

    Subclasses implement `_run` (the blocking read loop, returns or raises when the
    connection ends), `_interrupt` (unblocks `_run` from another thread) and `_close`
    (releases the connection; must be idempotent).
    """

    name = "wayland"

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._reporter: Reporter | None = None
        self._stopping = threading.Event()
        self._state_lock = threading.Lock()
        self._failure: str | None = None

    def start(self, on_change: ChangeCallback) -> None:
        with self._state_lock:
            if self._thread is not None or self._stopping.is_set():
                raise RuntimeError(f"the {self.name} watcher can be started only once")
            self._reporter = Reporter(on_change)
            self._thread = threading.Thread(
                target=self._serve, args=(self._reporter,), name=f"watch-{self.name}", daemon=True
            )
        self._thread.start()

    def current(self) -> WindowInfo | None:
        reporter = self._reporter
        return reporter.current if reporter is not None else None

    @property
    def failure(self) -> str | None:
        return thread_failure(self._failure, self._thread, self._stopping.is_set(), self.name)

    def stop(self) -> None:
        with self._state_lock:
            already = self._stopping.is_set()
            self._stopping.set()
            thread = self._thread
        if not already:
            self._interrupt()
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)
        if not already:
            self._close()
            self._after_stop()

    def _serve(self, reporter: Reporter) -> None:
        try:
            self._run(reporter)
            if not self._stopping.is_set():
                raise ConnectionError("the compositor closed the connection")
        except Exception as exc:
            if not self._stopping.is_set():
                self._failure = f"{type(exc).__name__}: {exc}"
                trace = not isinstance(exc, OSError)  # a lost connection needs no traceback
                log.warning("%s watcher stopped: %s", self.name, self._failure, exc_info=trace)
                reporter.lost()
        finally:
            self._close()

    def _run(self, reporter: Reporter) -> None:
        raise NotImplementedError

    def _interrupt(self) -> None:
        raise NotImplementedError

    def _close(self) -> None:
        raise NotImplementedError

    def _after_stop(self) -> None:
        """Hook run once by `stop()` after the thread has ended (e.g. unload a script)."""
