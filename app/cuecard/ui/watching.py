"""Runs the active-window watcher and keeps it running.

A back-end's reports arrive from its own thread and are delivered on the GUI thread.
When the back-end fails while the app runs (its thread ends, it raises, the display or
compositor goes away) the app is pull-only until a fresh choice of back-end starts:
tries follow `retry_delay` (1 s, 2 s, 4 s … a minute). Every change of state is emitted
as a `WatcherStatus` and written to the status file `cuecard doctor` reads.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from cuecard.clock import SYSTEM_CLOCK
from cuecard.models import WindowInfo
from cuecard.ui.bridge import GuiRelay
from cuecard.watch.base import BackendChoice, WindowWatcher
from cuecard.watch.privacy import PrivacyRules, PrivateWatcher
from cuecard.watch.status import (
    MAX_RETRY_SECONDS,
    WatcherStatus,
    WatchState,
    remove_status,
    retry_delay,
    write_status,
)

log = logging.getLogger(__name__)
#: How often a running back-end is asked whether its thread is still alive.
HEALTH_CHECK_MS = 5_000


class WatcherBridge(GuiRelay):
    """Delivers the watcher's reports to the GUI thread and replaces a failed watcher."""

    window_changed = Signal(object)
    status_changed = Signal(object)
    _report = Signal(object, object)
    _lost = Signal(object, str)
    _chosen = Signal(object)

    def __init__(
        self,
        choice: BackendChoice,
        choose: Callable[[], BackendChoice],
        *,
        clock: Callable[[], datetime] = SYSTEM_CLOCK.now,
        status_file: Path | None = None,
        backoff: Callable[[int], float] = retry_delay,
        health_ms: int = HEALTH_CHECK_MS,
        parent: QObject | None = None,
        observe: Callable[[WindowInfo | None], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.choice = choice
        self._observe = observe  # on the watcher's thread, before anyone else sees it
        self._choose = choose
        self._clock = clock
        self._status_file = status_file
        self._backoff = backoff
        self._stopped = False
        self._attempts = 0
        self._running_since = 0.0
        self.status = WatcherStatus(
            WatchState.WATCHING if choice.watcher else WatchState.PULL_ONLY,
            choice.name,
            "" if choice.watcher else choice.reason,
            clock(),
        )
        self._retry_timer = QTimer(self, singleShot=True)
        self._retry_timer.timeout.connect(self._retry)
        self._health = QTimer(self, interval=health_ms)
        self._health.timeout.connect(self._check_health)
        self._report.connect(self._on_report)
        self._lost.connect(self._on_lost)
        self._chosen.connect(self._on_chosen)

    @property
    def active(self) -> bool:
        return self.choice.watcher is not None

    def start(self) -> None:
        watcher = self.choice.watcher
        if watcher is None:
            self._set_status(self.status)
        else:
            self._start_watcher(watcher)

    def stop(self) -> None:
        self._stopped = True
        self._retry_timer.stop()
        self._health.stop()
        if self.choice.watcher is not None:
            self.choice.watcher.stop()
        if self._status_file is not None:
            remove_status(self._status_file)

    def set_privacy(self, rules: PrivacyRules) -> None:
        """New exclusion lists for every later report (the settings changed)."""
        if isinstance(self.choice.watcher, PrivateWatcher):
            self.choice.watcher.rules = rules

    # A running back-end -------------------------------------------------------------

    def _start_watcher(self, watcher: WindowWatcher) -> None:
        def forward(info: WindowInfo | None) -> None:  # on the watcher's thread
            if self._observe is not None:
                self._observe(info)
            self.post("_report", watcher, info)
            if info is None:
                failure = watcher.failure
                if failure is not None:
                    self.post("_lost", watcher, failure)

        try:
            watcher.start(forward)
        except Exception as exc:  # e.g. the display went away between choosing and starting
            log.warning("starting the %s watcher failed: %s", watcher.name, exc)
            self._fail(watcher, f"starting {watcher.name} failed: {type(exc).__name__}: {exc}")
            return
        self._running_since = time.monotonic()
        self._health.start()
        self._set_status(WatcherStatus(WatchState.WATCHING, watcher.name, "", self._clock()))

    def _on_report(self, watcher: WindowWatcher, info: WindowInfo | None) -> None:
        if watcher is self.choice.watcher and not self._stopped:
            self.window_changed.emit(info)

    def _on_lost(self, watcher: WindowWatcher, reason: str) -> None:
        if watcher is self.choice.watcher and not self._stopped:
            self._fail(watcher, reason)

    def _check_health(self) -> None:
        watcher = self.choice.watcher
        failure = watcher.failure if watcher is not None else None
        if watcher is not None and failure is not None and not self._stopped:
            self._fail(watcher, failure)

    # Failure and retries ------------------------------------------------------------

    def _fail(self, watcher: WindowWatcher, reason: str) -> None:
        log.warning(
            "window watcher %s stopped: %s; pull-only until it is back", watcher.name, reason
        )
        self._health.stop()
        if self._running_since and time.monotonic() - self._running_since >= MAX_RETRY_SECONDS:
            self._attempts = 0  # it ran for a while: start the backoff from the beginning
        self._running_since = 0.0
        self.choice = BackendChoice("none", reason, None, event_driven=False)
        # Its thread has ended or is ending; joining it must not hold up the GUI thread.
        threading.Thread(target=watcher.stop, name="watch-retire", daemon=True).start()
        self.window_changed.emit(None)
        now = self._clock()
        self.status = WatcherStatus(WatchState.RETRYING, watcher.name, reason, now)
        self._schedule_retry("")

    def _schedule_retry(self, last_try: str) -> None:
        delay = self._backoff(self._attempts)
        self._attempts += 1
        self._retry_timer.start(int(delay * 1000))
        retry_at = self._clock() + timedelta(seconds=delay)
        self._set_status(
            WatcherStatus(
                WatchState.RETRYING,
                self.status.backend,
                self.status.reason,
                self.status.since,
                retry_at=retry_at,
                attempts=self._attempts,
                last_try=last_try,
            )
        )

    def _retry(self) -> None:
        """Choose a back-end again on a worker thread (it may connect to a display)."""

        def choose() -> None:
            try:
                choice = self._choose()
            except Exception as exc:
                log.exception("choosing a window watcher failed")
                choice = BackendChoice("none", f"choosing failed: {exc}", None, False)
            self.post("_chosen", choice)

        threading.Thread(target=choose, name="watch-choose", daemon=True).start()

    def _on_chosen(self, choice: BackendChoice) -> None:
        watcher = choice.watcher
        if self._stopped:
            if watcher is not None:
                watcher.stop()
            return
        if watcher is None:
            self._schedule_retry(choice.reason)
            return
        self.choice = choice
        self._start_watcher(watcher)

    def _set_status(self, status: WatcherStatus) -> None:
        status = dataclasses.replace(status, pid=os.getpid())
        self.status = status
        if self._status_file is not None:
            write_status(self._status_file, status)
        self.status_changed.emit(status)
