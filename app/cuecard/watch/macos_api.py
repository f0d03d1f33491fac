"""The macOS surface the macOS watcher uses: the `MacApi` protocol, the data types it
answers in, and the real implementation `PyObjCMacApi` (AppKit, ApplicationServices and
CoreFoundation via PyObjC).

PyObjC is imported when `PyObjCMacApi` is built (ImportError when it is missing), never
at import time, so this module imports anywhere.
"""

from __future__ import annotations

import enum
import importlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from cuecard.models import Rect

log = logging.getLogger(__name__)

#: Registered on the application element, so they arrive for any of its windows.
AX_NOTIFICATIONS = (
    "AXFocusedWindowChanged",
    "AXMainWindowChanged",
    "AXTitleChanged",
    "AXWindowResized",
    "AXWindowMiniaturized",
    "AXUIElementDestroyed",
)
AX_SUCCESS = 0
AX_NO_VALUE = -25212
AX_VALUE_CGPOINT = 1
AX_VALUE_CGSIZE = 2
AX_TIMEOUT_SECONDS = 1.0  # an app that hangs must not hang the watcher for long


@dataclass(frozen=True)
class MacApp:
    """The frontmost application as NSWorkspace describes it."""

    name: str
    bundle_id: str
    pid: int
    exe: str = ""


@dataclass(frozen=True)
class AxWindow:
    """The focused window of an app as the Accessibility API describes it."""

    title: str
    fullscreen: bool = False
    geometry: Rect | None = None
    window_id: int = 0


class AxAnswer(enum.Enum):
    """What the Accessibility API said when it gave no window."""

    NO_WINDOW = "no-window"  # the app answered: no window of it is focused
    UNKNOWN = "unknown"  # the app did not answer (busy, or not accessible)


class MacApi(Protocol):
    """Every macOS call the watcher makes; the real one is PyObjC, tests pass a fake."""

    def attach(self) -> None:
        """Adopt the calling thread's run loop (called first, on the watcher thread)."""

    def run_loop(self) -> None:
        """Run that run loop until `stop_loop`; AX callbacks run inside it."""

    def stop_loop(self) -> None:
        """Make `run_loop` return (safe from any thread, also before it runs)."""

    def call_soon(self, function: Callable[[], None]) -> None:
        """Run `function` on the run-loop thread (safe from any thread)."""

    def observe_activations(self, callback: Callable[[MacApp | None], None]) -> None:
        """Call `callback` on every app activation, from whatever thread AppKit uses."""

    def unobserve_activations(self) -> None: ...

    def frontmost_app(self) -> MacApp | None: ...

    def is_trusted(self) -> bool:
        """AXIsProcessTrusted(): may this process use the Accessibility API?"""

    def focused_window(self, pid: int) -> AxWindow | AxAnswer: ...

    def observe_app(self, pid: int, callback: Callable[[], None]) -> bool:
        """Replace the AXObserver with one on app `pid`; False when it cannot be made."""

    def unobserve_app(self) -> None: ...


def _keep_alive(_timer: Any, _info: Any) -> None:
    """A timer that never matters: it only keeps the run loop from running dry."""


class PyObjCMacApi:
    """`MacApi` over PyObjC; one instance per watcher."""

    def __init__(self) -> None:
        self._appkit = importlib.import_module("AppKit")
        self._ax = importlib.import_module("ApplicationServices")
        self._cf = importlib.import_module("CoreFoundation")
        self._objc = importlib.import_module("objc")
        self._loop: Any = None
        self._timer: Any = None
        self._stopped = threading.Event()
        self._token: Any = None
        self._observer: tuple[Any, Any, Any] | None = None  # observer, source, handler

    # -- run loop ---------------------------------------------------------------------

    def attach(self) -> None:
        cf = self._cf
        self._loop = cf.CFRunLoopGetCurrent()
        far = cf.CFAbsoluteTimeGetCurrent() + 1e9
        self._timer = cf.CFRunLoopTimerCreate(None, far, 1e9, 0, 0, _keep_alive, None)
        cf.CFRunLoopAddTimer(self._loop, self._timer, cf.kCFRunLoopDefaultMode)

    def run_loop(self) -> None:
        cf = self._cf
        while not self._stopped.is_set():
            cf.CFRunLoopRunInMode(cf.kCFRunLoopDefaultMode, 1.0, False)
        cf.CFRunLoopTimerInvalidate(self._timer)

    def stop_loop(self) -> None:
        self._stopped.set()
        if self._loop is not None:
            self._cf.CFRunLoopStop(self._loop)
            self._cf.CFRunLoopWakeUp(self._loop)

    def call_soon(self, function: Callable[[], None]) -> None:
        if self._loop is None or self._stopped.is_set():
            return
        self._cf.CFRunLoopPerformBlock(self._loop, self._cf.kCFRunLoopDefaultMode, function)
        self._cf.CFRunLoopWakeUp(self._loop)

    # -- NSWorkspace ------------------------------------------------------------------

    def _center(self) -> Any:
        return self._appkit.NSWorkspace.sharedWorkspace().notificationCenter()

    def observe_activations(self, callback: Callable[[MacApp | None], None]) -> None:
        def on_activation(note: Any) -> None:
            try:  # this runs on AppKit's thread: an exception here would abort the app
                callback(self._describe(note.userInfo().objectForKey_("NSWorkspaceApplicationKey")))
            except Exception:
                log.exception("app activation notice failed")

        self._token = self._center().addObserverForName_object_queue_usingBlock_(
            self._appkit.NSWorkspaceDidActivateApplicationNotification, None, None, on_activation
        )

    def unobserve_activations(self) -> None:
        if self._token is not None:
            self._center().removeObserver_(self._token)
            self._token = None

    def frontmost_app(self) -> MacApp | None:
        return self._describe(self._appkit.NSWorkspace.sharedWorkspace().frontmostApplication())

    @staticmethod
    def _describe(app: Any) -> MacApp | None:
        if app is None:
            return None
        url = app.executableURL()
        exe = str(url.path()) if url is not None else ""
        return MacApp(
            name=str(app.localizedName() or "") or exe.rsplit("/", 1)[-1],
            bundle_id=str(app.bundleIdentifier() or ""),
            pid=int(app.processIdentifier()),
            exe=exe,
        )

    # -- Accessibility ----------------------------------------------------------------

    def is_trusted(self) -> bool:
        return bool(self._ax.AXIsProcessTrusted())

    def _attribute(self, element: Any, name: str) -> Any:
        error, value = self._ax.AXUIElementCopyAttributeValue(element, name, None)
        return value if error == AX_SUCCESS else None

    def _geometry(self, window: Any) -> Rect | None:
        """Position and size in points, macOS's (and Qt's) unit there."""
        position = self._attribute(window, "AXPosition")
        size = self._attribute(window, "AXSize")
        if position is None or size is None:
            return None
        try:
            ok_point, point = self._ax.AXValueGetValue(position, AX_VALUE_CGPOINT, None)
            ok_size, extent = self._ax.AXValueGetValue(size, AX_VALUE_CGSIZE, None)
        except (TypeError, ValueError):
            return None
        if not (ok_point and ok_size):
            return None
        return Rect(int(point.x), int(point.y), int(extent.width), int(extent.height))

    def focused_window(self, pid: int) -> AxWindow | AxAnswer:
        ax = self._ax
        app = ax.AXUIElementCreateApplication(pid)
        ax.AXUIElementSetMessagingTimeout(app, AX_TIMEOUT_SECONDS)
        error, window = ax.AXUIElementCopyAttributeValue(app, "AXFocusedWindow", None)
        if error == AX_NO_VALUE or (error == AX_SUCCESS and window is None):
            return AxAnswer.NO_WINDOW
        if error != AX_SUCCESS:
            return AxAnswer.UNKNOWN
        return AxWindow(
            title=str(self._attribute(window, "AXTitle") or ""),
            fullscreen=bool(self._attribute(window, "AXFullScreen")),
            geometry=self._geometry(window),
            window_id=int(self._cf.CFHash(window)),
        )

    def observe_app(self, pid: int, callback: Callable[[], None]) -> bool:
        self.unobserve_app()
        ax = self._ax

        def on_notification(_observer: Any, _element: Any, _name: Any, _refcon: Any) -> None:
            try:
                callback()
            except Exception:
                log.exception("AX notification failed")

        handler = self._objc.callbackFor(ax.AXObserverCreate)(on_notification)
        error, observer = ax.AXObserverCreate(pid, handler, None)
        if error != AX_SUCCESS or observer is None:
            return False
        app = ax.AXUIElementCreateApplication(pid)
        added = [ax.AXObserverAddNotification(observer, app, n, None) for n in AX_NOTIFICATIONS]
        if AX_SUCCESS not in added:
            return False
        source = ax.AXObserverGetRunLoopSource(observer)
        self._cf.CFRunLoopAddSource(self._loop, source, self._cf.kCFRunLoopDefaultMode)
        self._observer = (observer, source, handler)
        return True

    def unobserve_app(self) -> None:
        if self._observer is not None:
            _, source, _ = self._observer
            self._cf.CFRunLoopRemoveSource(self._loop, source, self._cf.kCFRunLoopDefaultMode)
            self._observer = None
