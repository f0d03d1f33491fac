"""Active-window watcher for macOS: NSWorkspace activations plus Accessibility titles.

- NSWorkspaceDidActivateApplicationNotification (no permission needed) gives the app's
  name, bundle id (reported as `window_class`) and pid. AppKit posts it on the main
  thread; the watcher only hands it over to its own run-loop thread there.
- With the Accessibility permission (AXIsProcessTrusted), an AXObserver on the frontmost
  app reports focused-window, title, resize (fullscreen), minimise and close changes, and
  the focused window gives the title and "AXFullScreen". Without it the watcher still
  reports app changes, with empty titles, and `permission_hint` says how to grant it.
- The watcher thread runs its own CFRunLoop (the AXObserver's source lives there);
  `stop()` stops that run loop and joins the thread.

Every OS call goes through `MacApi`, a Protocol declared with the data types it answers
in (`MacApp`, `AxWindow`, `AxAnswer`) in macos_api.py, where `PyObjCMacApi` is the real
one and imports PyObjC lazily. `MacEventLogic` is pure, so tests on any OS drive it (and
the whole watcher) with a fake `MacApi`.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence

from cuecard.models import WindowInfo
from cuecard.watch.base import BackendUnavailable
from cuecard.watch.macos_api import AxAnswer, AxWindow, MacApi, MacApp
from cuecard.watch.native_loop import KEEP, Decision, NativeLoopWatcher
from cuecard.watch.process import normalise_app

log = logging.getLogger(__name__)

PERMISSION_HINT = (
    "Cuecard sees which app is active but not its window titles. To let cards match "
    "titles, open System Settings > Privacy & Security > Accessibility, switch Cuecard on, "
    "then switch to another app once."
)


class MacEventLogic:
    """Given activations and AX notifications, decides what to report.

    Runs on the watcher thread only. An app whose focused window is gone is re-checked
    after `settle_delays` before "no window" is reported.
    """

    def __init__(
        self,
        api: MacApi,
        own_pid: int,
        *,
        settle_delays: Sequence[float] = (0.05, 0.15),
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._api = api
        self._own_pid = own_pid
        self._settle = tuple(settle_delays)
        self._sleep = sleep
        self._clock = clock
        self._reported: WindowInfo | None = None  # before any report: no window
        self.app: MacApp | None = None  # the frontmost app as last activated
        self.trusted = False  # the Accessibility permission, as of the last look

    def activated(self, app: MacApp | None) -> Decision:
        """An app became frontmost (or none is)."""
        self.app = app
        return self.refresh()

    def refresh(self) -> Decision:
        """Look at the frontmost app's focused window again (after an AX notification)."""
        self.trusted = self._api.is_trusted()
        info = self._describe()
        if info is KEEP:
            return KEEP
        if info.same_window_state(self._reported) if info is not None else self._reported is None:
            return KEEP
        self._reported = info
        return info

    @property
    def observe_pid(self) -> int:
        """The app whose AX notifications the watcher should receive (0: none)."""
        app = self.app
        return app.pid if app is not None and self.trusted and app.pid != self._own_pid else 0

    def _focused_window(self, pid: int) -> AxWindow | AxAnswer:
        window = self._api.focused_window(pid)
        for delay in self._settle:
            if window is not AxAnswer.NO_WINDOW:
                break
            self._sleep(delay)
            window = self._api.focused_window(pid)
        return window

    def _describe(self) -> Decision:
        app = self.app
        if app is None:
            return None
        if app.pid == self._own_pid:
            return KEEP
        info = WindowInfo(
            app=normalise_app(app.name),
            title="",
            window_class=app.bundle_id,
            pid=app.pid,
            exe=app.exe,
            timestamp=self._clock(),
        )
        if not self.trusted:
            return info
        window = self._focused_window(app.pid)
        if window is AxAnswer.NO_WINDOW:
            return None
        if window is AxAnswer.UNKNOWN:
            return info
        return WindowInfo(
            app=info.app,
            title=window.title,
            window_class=info.window_class,
            pid=info.pid,
            exe=info.exe,
            fullscreen=window.fullscreen,
            geometry=window.geometry,
            timestamp=info.timestamp,
            window_id=window.window_id,
        )


class MacWatcher(NativeLoopWatcher):
    """Reports the frontmost app and its focused window (see the module docstring)."""

    name = "macos"

    def __init__(
        self,
        api: MacApi,
        *,
        own_pid: int | None = None,
        settle_delays: Sequence[float] = (0.05, 0.15),
    ) -> None:
        self._api = api
        self._logic = MacEventLogic(
            api, os.getpid() if own_pid is None else own_pid, settle_delays=settle_delays
        )
        super().__init__()
        self._observed_pid = 0

    @property
    def permission_hint(self) -> str:
        """How to grant the Accessibility permission; "" once it is granted."""
        return "" if self._api.is_trusted() else PERMISSION_HINT

    def _wake_loop(self) -> None:
        self._api.stop_loop()

    def _run(self) -> None:
        try:
            self._api.attach()
            self._api.observe_activations(self._activated_elsewhere)
        except Exception:
            log.exception("cannot watch the active app")
            self._ready.set()
            return
        self._ready.set()
        try:
            if not self._stop_requested():
                self._step(lambda: self._logic.activated(self._api.frontmost_app()))
                self._api.run_loop()
        finally:
            self._api.unobserve_app()
            self._api.unobserve_activations()

    def _activated_elsewhere(self, app: MacApp | None) -> None:
        """On AppKit's thread: hand the activation over to the watcher thread."""
        self._api.call_soon(lambda: self._step(lambda: self._logic.activated(app)))

    def _ax_changed(self) -> None:
        """On the watcher thread, from the AXObserver."""
        self._step(self._logic.refresh)

    def _step(self, decide: Callable[[], Decision]) -> None:
        try:
            self._publish(decide())
            want = self._logic.observe_pid
            if want == self._observed_pid:
                return
            if not want:
                self._api.unobserve_app()
                self._observed_pid = 0
            elif self._api.observe_app(want, self._ax_changed):
                self._observed_pid = want
                # a change between our look and the new observer would be missed
                self._publish(self._logic.refresh())
            else:
                self._observed_pid = 0  # try again on the next activation
        except Exception:  # an exception must never unwind into the run loop
            log.exception("active-app update failed")


def create(env: Mapping[str, str]) -> MacWatcher:
    """The macOS watcher; BackendUnavailable off macOS or without PyObjC."""
    del env  # nothing to configure
    if sys.platform == "darwin":
        from cuecard.watch.macos_api import PyObjCMacApi

        try:
            api = PyObjCMacApi()
        except ImportError as error:
            raise BackendUnavailable(
                "The macOS watcher needs PyObjC: pip install pyobjc-framework-Cocoa "
                "pyobjc-framework-ApplicationServices."
            ) from error
        return MacWatcher(api)
    else:  # both branches are platform checks, so mypy checks each on its own OS
        raise BackendUnavailable("The macOS watcher only runs on macOS.")
