"""A fake Windows for the Windows watcher's tests: windows, processes and WinEvents.

`FakeWin32` plays the OS side of `Win32Api`: it keeps windows and processes, delivers each
WinEvent to the hooks that exist when the event happens (matching range and process, as
Windows does; never to our own process) and calls them from inside `pump_messages`, on
the watcher thread. `FakeWindowsDriver` drives it for the shared watcher contract.
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass, field
from typing import Any

from cuecard.models import Rect
from cuecard.watch.windows import (
    EVENT_OBJECT_DESTROY,
    EVENT_OBJECT_LOCATIONCHANGE,
    EVENT_OBJECT_NAMECHANGE,
    EVENT_SYSTEM_FOREGROUND,
    OBJID_WINDOW,
    WindowsWatcher,
)
from cuecard.watch.windows_api import EventCallback

MONITOR = Rect(0, 0, 1920, 1080)
NORMAL = Rect(100, 100, 800, 600)
OWN_PID = 1
OBJID_CLIENT = -4


@dataclass
class FakeWindow:
    title: str
    window_class: str
    pid: int
    rect: Rect = NORMAL
    caption: bool = True
    children: list[int] = field(default_factory=list)


class FakeWin32:
    """The OS side of `Win32Api`; a desktop window (Progman, explorer) always exists."""

    DESKTOP = 0x10010

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.windows: dict[int, FakeWindow] = {self.DESKTOP: FakeWindow("", "Progman", 500)}
        self.exes: dict[int, str] = {500: r"C:\Windows\explorer.exe"}
        self.names: dict[int, str] = {}
        self.foreground = self.DESKTOP
        self.pumping = threading.Event()
        self.hooks: dict[int, tuple[int, int, int, EventCallback]] = {}
        self._events: queue.Queue[tuple[EventCallback, tuple[int, int, int]] | None] = queue.Queue()
        self._next = 0x20000

    def add(self, window: FakeWindow) -> int:
        with self.lock:
            self._next += 0x10
            self.windows[self._next] = window
            return self._next

    def emit(self, event: int, hwnd: int, id_object: int = OBJID_WINDOW) -> None:
        """The OS raises an event: queue it for every hook that wants it right now."""
        with self.lock:
            window = self.windows.get(hwnd)
            source_pid = window.pid if window else 0
            for low, high, pid, callback in list(self.hooks.values()):
                if low <= event <= high and pid in (0, source_pid) and source_pid != OWN_PID:
                    self._events.put((callback, (event, hwnd, id_object)))

    # -- Win32Api ---------------------------------------------------------------------
    def begin_thread(self) -> int:
        return threading.get_ident()

    def hook(self, event_min: int, event_max: int, pid: int, callback: EventCallback) -> int:
        with self.lock:
            self._next += 1
            self.hooks[self._next] = (event_min, event_max, pid, callback)
            return self._next

    def unhook(self, handle: int) -> None:
        with self.lock:
            self.hooks.pop(handle, None)

    def pump_messages(self) -> None:
        self.pumping.set()  # the watcher has read the foreground window by now
        while (item := self._events.get()) is not None:
            callback, (event, hwnd, id_object) = item
            callback(event, hwnd, id_object, 0, 777)

    def post_quit(self, thread_id: int) -> None:
        self._events.put(None)

    def foreground_window(self) -> int:
        with self.lock:
            return self.foreground

    def _window(self, hwnd: int) -> FakeWindow | None:
        with self.lock:
            return self.windows.get(hwnd)

    def window_text(self, hwnd: int) -> str:
        window = self._window(hwnd)
        return window.title if window else ""

    def class_name(self, hwnd: int) -> str:
        window = self._window(hwnd)
        return window.window_class if window else ""

    def pid(self, hwnd: int) -> int:
        window = self._window(hwnd)
        return window.pid if window else 0

    def exe_path(self, pid: int) -> str:
        return self.exes.get(pid, "")

    def process_name(self, pid: int) -> str:
        return self.names.get(pid, "")

    def rect(self, hwnd: int) -> Rect | None:
        window = self._window(hwnd)
        return window.rect if window else None

    def monitor_rect(self, hwnd: int) -> Rect | None:
        return MONITOR

    def has_caption(self, hwnd: int) -> bool:
        window = self._window(hwnd)
        return bool(window and window.caption)

    def child_windows(self, hwnd: int) -> list[int]:
        window = self._window(hwnd)
        return list(window.children) if window else []


class FakeWindowsDriver:
    """Opens, activates, renames, fullscreens and closes fake windows, as Windows would."""

    supports_fullscreen = True

    def __init__(self) -> None:
        self.api = FakeWin32()
        self.z_order: list[int] = []
        self.pids: dict[str, int] = {}

    def make_watcher(self) -> WindowsWatcher:
        return WindowsWatcher(self.api, own_pid=OWN_PID, settle_delays=(0.01, 0.02))

    def open_window(self, app: str, title: str, window_class: str) -> Any:
        pid = self.pids.setdefault(app, 4000 + len(self.pids))
        self.api.exes[pid] = rf"C:\Program Files\{app}\{app}.exe"
        hwnd = self.api.add(FakeWindow(title, window_class, pid))
        self.activate(hwnd)
        return hwnd

    def activate(self, handle: Any) -> None:
        with self.api.lock:
            if handle in self.z_order:
                self.z_order.remove(handle)
            self.z_order.append(handle)
            self.api.foreground = handle
            self.api.emit(EVENT_SYSTEM_FOREGROUND, handle)

    def set_title(self, handle: Any, title: str) -> None:
        with self.api.lock:
            self.api.windows[handle].title = title
            self.api.emit(EVENT_OBJECT_NAMECHANGE, handle)

    def set_fullscreen(self, handle: Any, on: bool) -> None:
        with self.api.lock:
            window = self.api.windows[handle]
            window.rect, window.caption = (MONITOR, False) if on else (NORMAL, True)
            self.api.emit(EVENT_OBJECT_LOCATIONCHANGE, handle)

    def close(self, handle: Any) -> None:
        with self.api.lock:
            self.api.emit(EVENT_OBJECT_DESTROY, handle)
            del self.api.windows[handle]
            self.z_order.remove(handle)
            self.api.foreground = self.z_order[-1] if self.z_order else FakeWin32.DESKTOP
            self.api.emit(EVENT_SYSTEM_FOREGROUND, self.api.foreground)
