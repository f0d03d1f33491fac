"""Active-window watcher for Windows: WinEvent hooks on a message-loop thread, ctypes only.

The watcher thread installs out-of-context WinEvent hooks (so no DLL is injected anywhere)
and runs a GetMessageW loop; Windows calls the hook procedure from inside that loop, on
that thread. Hooks:
- EVENT_SYSTEM_FOREGROUND and EVENT_OBJECT_DESTROY, for every process;
- EVENT_OBJECT_LOCATIONCHANGE..EVENT_OBJECT_NAMECHANGE for the foreground process only
  (re-hooked on every switch), so a title or fullscreen change of the active window is
  seen without receiving the cursor and caret traffic of every other process.

Every Win32 call goes through `Win32Api` (declared in windows_api.py, whose ctypes
implementation exists only on Windows). `WindowsEventLogic` is pure, so tests on any OS
drive it with a fake `Win32Api`.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence

from cuecard.models import Rect, WindowInfo
from cuecard.watch.base import BackendUnavailable
from cuecard.watch.native_loop import KEEP, Decision, NativeLoopWatcher
from cuecard.watch.process import normalise_app
from cuecard.watch.windows_api import Win32Api

log = logging.getLogger(__name__)

EVENT_SYSTEM_FOREGROUND = 0x0003
EVENT_OBJECT_DESTROY = 0x8001
EVENT_OBJECT_LOCATIONCHANGE = 0x800B
EVENT_OBJECT_NAMECHANGE = 0x800C
OBJID_WINDOW = 0
CHILDID_SELF = 0
GLOBAL_EVENTS = (
    (EVENT_SYSTEM_FOREGROUND, EVENT_SYSTEM_FOREGROUND),
    (EVENT_OBJECT_DESTROY, EVENT_OBJECT_DESTROY),
)
FOLLOW_EVENTS = (EVENT_OBJECT_LOCATIONCHANGE, EVENT_OBJECT_NAMECHANGE)

#: The desktop itself: the user has no window active.
DESKTOP_CLASSES = frozenset({"Progman", "WorkerW"})
#: Shell surfaces that are foreground only while the user switches: keep the last state.
_TASKBARS = ("Shell_TrayWnd", "Shell_SecondaryTrayWnd")
_SWITCHERS = ("MultitaskingViewFrame", "XamlExplorerHostIslandWindow", "TaskSwitcherWnd")
TRANSIENT_CLASSES = frozenset((*_TASKBARS, *_SWITCHERS, "ForegroundStaging"))
FRAME_HOST = "applicationframehost"


def covers(window: Rect, monitor: Rect) -> bool:
    """True when `window` covers all of `monitor`."""
    return (
        window.x <= monitor.x
        and window.y <= monitor.y
        and window.x + window.width >= monitor.x + monitor.width
        and window.y + window.height >= monitor.y + monitor.height
    )


class WindowsEventLogic:
    """Given WinEvents, decides what to report; all OS access goes through `api`.

    Runs on the watcher thread only. A "no window" candidate (no foreground window, the
    desktop, a window that vanished) is re-checked after `settle_delays` before it is
    reported, so a switch never reports a false "no window".
    """

    def __init__(
        self,
        api: Win32Api,
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
        self.hwnd = 0  # the window of the last look (0: none)
        self.follow_pid = 0  # the process whose title and location events to hook

    def refresh(self, event_time_ms: int | None = None) -> Decision:
        """Look at the foreground window now (at start, and after re-hooking)."""
        return self._decide(self._settled(self._api.foreground_window()), event_time_ms)

    def handle(
        self, event: int, hwnd: int, id_object: int, id_child: int, event_time_ms: int
    ) -> Decision:
        """One WinEvent; KEEP unless the reported state changes."""
        whole_window = id_object == OBJID_WINDOW and id_child == CHILDID_SELF and hwnd != 0
        if event == EVENT_SYSTEM_FOREGROUND:
            return self.refresh(event_time_ms)
        if event in (EVENT_OBJECT_NAMECHANGE, EVENT_OBJECT_LOCATIONCHANGE):
            if not whole_window or hwnd != self._api.foreground_window():
                return KEEP  # a background window, or a part of a window
            return self._decide(hwnd, event_time_ms)
        if event == EVENT_OBJECT_DESTROY and whole_window and hwnd == self.hwnd:
            return self.refresh(event_time_ms)
        return KEEP

    def _is_nothing(self, hwnd: int) -> bool:
        return hwnd == 0 or self._api.class_name(hwnd) in DESKTOP_CLASSES or not self._api.pid(hwnd)

    def _settled(self, hwnd: int) -> int:
        for delay in self._settle:
            if not self._is_nothing(hwnd):
                break
            self._sleep(delay)
            hwnd = self._api.foreground_window()
        return hwnd

    def _decide(self, hwnd: int, event_time_ms: int | None) -> Decision:
        info = self._describe(hwnd, event_time_ms)
        if info is KEEP:
            return KEEP
        self.hwnd = info.window_id if info is not None else 0
        if info.same_window_state(self._reported) if info is not None else self._reported is None:
            return KEEP
        self._reported = info
        return info

    def _app(self, pid: int) -> tuple[str, str]:
        exe = self._api.exe_path(pid)
        return (normalise_app(exe) if exe else self._api.process_name(pid)), exe

    def _other_process_child(self, hwnd: int, pid: int) -> int:
        for child in self._api.child_windows(hwnd):
            child_pid = self._api.pid(child)
            if child_pid and child_pid != pid:
                return child_pid
        return 0

    def _describe(self, hwnd: int, event_time_ms: int | None) -> Decision:
        if hwnd == 0:
            return None
        window_class = self._api.class_name(hwnd)
        if window_class in DESKTOP_CLASSES:
            return None
        if window_class in TRANSIENT_CLASSES:
            return KEEP
        pid = self._api.pid(hwnd)
        if not pid:
            return None  # the window is already gone
        if pid == self._own_pid:
            return KEEP
        self.follow_pid = pid
        app_pid = pid
        app, exe = self._app(pid)
        if app == FRAME_HOST:  # a UWP app: its frame belongs to ApplicationFrameHost
            child_pid = self._other_process_child(hwnd, pid)
            if child_pid:
                app_pid = child_pid
                app, exe = self._app(child_pid)
        rect = self._api.rect(hwnd)
        monitor = self._api.monitor_rect(hwnd)
        fullscreen = (
            rect is not None
            and monitor is not None
            and covers(rect, monitor)
            and not self._api.has_caption(hwnd)  # a captioned window that covers it is maximised
        )
        return WindowInfo(
            app=app,
            title=self._api.window_text(hwnd),
            window_class=window_class,
            pid=app_pid,
            exe=exe,
            fullscreen=fullscreen,
            geometry=rect,
            timestamp=self._clock(),
            window_id=hwnd,
            source_time_ms=event_time_ms,
        )


class WindowsWatcher(NativeLoopWatcher):
    """Reports the foreground window from WinEvent hooks (see the module docstring)."""

    name = "windows"

    def __init__(
        self,
        api: Win32Api,
        *,
        own_pid: int | None = None,
        settle_delays: Sequence[float] = (0.05, 0.15),
    ) -> None:
        self._api = api
        self._logic = WindowsEventLogic(
            api, os.getpid() if own_pid is None else own_pid, settle_delays=settle_delays
        )
        super().__init__()
        self._thread_id = 0
        self._follow_hook = 0
        self._follow_pid = 0

    def _wake_loop(self) -> None:
        self._api.post_quit(self._thread_id)

    def _run(self) -> None:
        hooks: list[int] = []
        try:
            self._thread_id = self._api.begin_thread()
            for low, high in GLOBAL_EVENTS:
                handle = self._api.hook(low, high, 0, self._on_event)
                if not handle:
                    raise OSError(f"SetWinEventHook failed for event {low:#x}")
                hooks.append(handle)
        except Exception:
            log.exception("cannot watch the active window")
            self._ready.set()
            for handle in hooks:
                self._api.unhook(handle)
            return
        self._ready.set()
        try:
            if not self._stop_requested():
                self._guarded(self._logic.refresh)
                self._api.pump_messages()
                if not self._stop_requested():  # the loop failed: say "no window" once, end
                    log.error("the window-event loop ended unexpectedly")
                    self._publish(None)
        finally:
            for handle in [*hooks, self._follow_hook]:
                if handle:
                    self._api.unhook(handle)

    def _on_event(self, event: int, hwnd: int, id_object: int, id_child: int, ms: int) -> None:
        self._guarded(lambda: self._logic.handle(event, hwnd, id_object, id_child, ms))

    def _guarded(self, decide: Callable[[], Decision]) -> None:
        try:
            self._publish(decide())
            if self._logic.follow_pid != self._follow_pid:
                self._follow(self._logic.follow_pid)
                # a title set between our look and the new hook would be missed: look again
                self._publish(self._logic.refresh())
        except Exception:  # an exception must never unwind into the OS callback
            log.exception("active-window update failed")

    def _follow(self, pid: int) -> None:
        if self._follow_hook:
            self._api.unhook(self._follow_hook)
        self._follow_hook = self._api.hook(*FOLLOW_EVENTS, pid, self._on_event)
        self._follow_pid = pid
        if not self._follow_hook:
            log.warning("cannot follow title changes of process %d", pid)


def create(env: Mapping[str, str]) -> WindowsWatcher:
    """The Windows watcher; BackendUnavailable anywhere else."""
    del env  # nothing to configure: WinEvent hooks need no permission
    if sys.platform == "win32":
        from cuecard.watch.windows_api import CtypesWin32Api

        return WindowsWatcher(CtypesWin32Api())
    else:  # both branches are platform checks, so mypy checks each on its own OS
        raise BackendUnavailable("The Windows watcher only runs on Windows.")
