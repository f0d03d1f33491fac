"""The Win32 surface the Windows watcher uses: the `Win32Api` protocol and, on Windows
only, its real implementation `CtypesWin32Api` (user32/kernel32 through ctypes, no
pywin32).

Importable everywhere (the package is imported whole by tests, and windows.py needs
the protocol), but `CtypesWin32Api` exists only on Windows: everything that touches
ctypes.WinDLL or WINFUNCTYPE is below a `sys.platform == "win32"` check, which mypy
understands.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, Protocol

from cuecard.models import Rect

#: (event, hwnd, id_object, id_child, event_time_ms), as a WINEVENTPROC receives them.
EventCallback = Callable[[int, int, int, int, int], None]


class Win32Api(Protocol):
    """Every Win32 call the watcher makes. Handles are ints; 0 means none or failure."""

    def begin_thread(self) -> int:
        """Give the calling thread a message queue; return its thread id."""

    def hook(self, event_min: int, event_max: int, pid: int, callback: EventCallback) -> int:
        """SetWinEventHook (out of context, skipping our process); 0 on failure."""

    def unhook(self, handle: int) -> None: ...

    def pump_messages(self) -> None:
        """Run the GetMessageW loop until WM_QUIT; hook callbacks run inside it."""

    def post_quit(self, thread_id: int) -> None:
        """Post WM_QUIT to that thread (safe from any thread)."""

    def foreground_window(self) -> int: ...

    def window_text(self, hwnd: int) -> str: ...

    def class_name(self, hwnd: int) -> str: ...

    def pid(self, hwnd: int) -> int: ...

    def exe_path(self, pid: int) -> str:
        """Full image path, or "" when the process cannot be opened."""

    def process_name(self, pid: int) -> str:
        """Normalised process name by other means, for when `exe_path` fails."""

    def rect(self, hwnd: int) -> Rect | None: ...

    def monitor_rect(self, hwnd: int) -> Rect | None:
        """The full rectangle of the monitor nearest to the window."""

    def has_caption(self, hwnd: int) -> bool: ...

    def child_windows(self, hwnd: int) -> list[int]: ...


if sys.platform == "win32":
    import ctypes
    from ctypes import wintypes

    from cuecard.watch.process import process_facts

    _user32 = ctypes.WinDLL("user32", use_last_error=True)
    _kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)

    _WINEVENTPROC = ctypes.WINFUNCTYPE(
        None,
        wintypes.HANDLE,
        wintypes.DWORD,
        wintypes.HWND,
        wintypes.LONG,
        wintypes.LONG,
        wintypes.DWORD,
        wintypes.DWORD,
    )
    _WNDENUMPROC = ctypes.WINFUNCTYPE(wintypes.BOOL, wintypes.HWND, wintypes.LPARAM)

    class _MONITORINFO(ctypes.Structure):
        _fields_ = (
            ("cbSize", wintypes.DWORD),
            ("rcMonitor", wintypes.RECT),
            ("rcWork", wintypes.RECT),
            ("dwFlags", wintypes.DWORD),
        )

    def _sign(dll: ctypes.WinDLL, name: str, restype: Any, *argtypes: Any) -> None:
        function = getattr(dll, name)
        function.restype = restype
        function.argtypes = argtypes

    _H, _D, _U = wintypes.HWND, wintypes.DWORD, wintypes.UINT
    _sign(
        _user32,
        "SetWinEventHook",
        wintypes.HANDLE,
        _U,
        _U,
        wintypes.HMODULE,
        _WINEVENTPROC,
        _D,
        _D,
        _U,
    )
    _sign(_user32, "UnhookWinEvent", wintypes.BOOL, wintypes.HANDLE)
    _sign(_user32, "GetMessageW", wintypes.BOOL, ctypes.POINTER(wintypes.MSG), _H, _U, _U)
    _sign(_user32, "PeekMessageW", wintypes.BOOL, ctypes.POINTER(wintypes.MSG), _H, _U, _U, _U)
    _sign(_user32, "TranslateMessage", wintypes.BOOL, ctypes.POINTER(wintypes.MSG))
    _sign(_user32, "DispatchMessageW", wintypes.LPARAM, ctypes.POINTER(wintypes.MSG))
    _sign(_user32, "PostThreadMessageW", wintypes.BOOL, _D, _U, wintypes.WPARAM, wintypes.LPARAM)
    _sign(_user32, "GetForegroundWindow", _H)
    _sign(_user32, "GetWindowTextLengthW", ctypes.c_int, _H)
    _sign(_user32, "GetWindowTextW", ctypes.c_int, _H, wintypes.LPWSTR, ctypes.c_int)
    _sign(_user32, "GetClassNameW", ctypes.c_int, _H, wintypes.LPWSTR, ctypes.c_int)
    _sign(_user32, "GetWindowThreadProcessId", _D, _H, ctypes.POINTER(_D))
    _sign(_user32, "GetWindowRect", wintypes.BOOL, _H, ctypes.POINTER(wintypes.RECT))
    _sign(_user32, "MonitorFromWindow", wintypes.HMONITOR, _H, _D)
    _sign(
        _user32, "GetMonitorInfoW", wintypes.BOOL, wintypes.HMONITOR, ctypes.POINTER(_MONITORINFO)
    )
    _sign(_user32, "GetWindowLongW", wintypes.LONG, _H, ctypes.c_int)
    _sign(_user32, "EnumChildWindows", wintypes.BOOL, _H, _WNDENUMPROC, wintypes.LPARAM)
    _sign(_kernel32, "GetCurrentThreadId", _D)
    _sign(_kernel32, "OpenProcess", wintypes.HANDLE, _D, wintypes.BOOL, _D)
    _sign(
        _kernel32,
        "QueryFullProcessImageNameW",
        wintypes.BOOL,
        wintypes.HANDLE,
        _D,
        wintypes.LPWSTR,
        ctypes.POINTER(_D),
    )
    _sign(_kernel32, "CloseHandle", wintypes.BOOL, wintypes.HANDLE)

    WM_QUIT = 0x0012
    WM_USER = 0x0400
    PM_NOREMOVE = 0x0000
    WINEVENT_OUTOFCONTEXT = 0x0000
    WINEVENT_SKIPOWNPROCESS = 0x0002
    PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
    MONITOR_DEFAULTTONEAREST = 0x0002
    GWL_STYLE = -16
    WS_CAPTION = 0x00C00000

    def _rect(rect: wintypes.RECT) -> Rect:
        return Rect(rect.left, rect.top, rect.right - rect.left, rect.bottom - rect.top)

    class CtypesWin32Api:
        """`Win32Api` over user32 and kernel32; hooks live until `unhook`."""

        def __init__(self) -> None:
            self._procs: dict[int, object] = {}  # keeps each hook's C callback alive

        def begin_thread(self) -> int:
            msg = wintypes.MSG()
            _user32.PeekMessageW(ctypes.byref(msg), None, WM_USER, WM_USER, PM_NOREMOVE)
            return int(_kernel32.GetCurrentThreadId())

        def hook(self, event_min: int, event_max: int, pid: int, callback: EventCallback) -> int:
            def proc(
                _hook: int,
                event: int,
                hwnd: int | None,
                obj: int,
                child: int,
                _thread: int,
                ms: int,
            ) -> None:
                callback(event, hwnd or 0, obj, child, ms)

            c_proc = _WINEVENTPROC(proc)
            flags = WINEVENT_OUTOFCONTEXT | WINEVENT_SKIPOWNPROCESS
            handle = _user32.SetWinEventHook(event_min, event_max, None, c_proc, pid, 0, flags)
            if handle:
                self._procs[int(handle)] = c_proc
            return int(handle or 0)

        def unhook(self, handle: int) -> None:
            _user32.UnhookWinEvent(handle)
            self._procs.pop(handle, None)

        def pump_messages(self) -> None:
            msg = wintypes.MSG()
            while _user32.GetMessageW(ctypes.byref(msg), None, 0, 0) > 0:
                _user32.TranslateMessage(ctypes.byref(msg))
                _user32.DispatchMessageW(ctypes.byref(msg))

        def post_quit(self, thread_id: int) -> None:
            _user32.PostThreadMessageW(thread_id, WM_QUIT, 0, 0)

        def foreground_window(self) -> int:
            return int(_user32.GetForegroundWindow() or 0)

        def window_text(self, hwnd: int) -> str:
            length = _user32.GetWindowTextLengthW(hwnd)
            if length <= 0:
                return ""
            buffer = ctypes.create_unicode_buffer(length + 1)
            _user32.GetWindowTextW(hwnd, buffer, length + 1)
            return buffer.value

        def class_name(self, hwnd: int) -> str:
            buffer = ctypes.create_unicode_buffer(257)
            _user32.GetClassNameW(hwnd, buffer, 257)
            return buffer.value

        def pid(self, hwnd: int) -> int:
            pid = wintypes.DWORD()
            _user32.GetWindowThreadProcessId(hwnd, ctypes.byref(pid))
            return int(pid.value)

        def exe_path(self, pid: int) -> str:
            # the limited right is granted even for elevated processes
            process = _kernel32.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
            if not process:
                return ""
            try:
                size = wintypes.DWORD(32768)
                buffer = ctypes.create_unicode_buffer(size.value)
                ok = _kernel32.QueryFullProcessImageNameW(process, 0, buffer, ctypes.byref(size))
                return buffer.value if ok else ""
            finally:
                _kernel32.CloseHandle(process)

        def process_name(self, pid: int) -> str:
            return process_facts(pid).app

        def rect(self, hwnd: int) -> Rect | None:
            rect = wintypes.RECT()
            return _rect(rect) if _user32.GetWindowRect(hwnd, ctypes.byref(rect)) else None

        def monitor_rect(self, hwnd: int) -> Rect | None:
            monitor = _user32.MonitorFromWindow(hwnd, MONITOR_DEFAULTTONEAREST)
            info = _MONITORINFO()
            info.cbSize = ctypes.sizeof(_MONITORINFO)
            if not monitor or not _user32.GetMonitorInfoW(monitor, ctypes.byref(info)):
                return None
            return _rect(info.rcMonitor)

        def has_caption(self, hwnd: int) -> bool:
            style = _user32.GetWindowLongW(hwnd, GWL_STYLE) & 0xFFFFFFFF
            return bool(style & WS_CAPTION == WS_CAPTION)

        def child_windows(self, hwnd: int) -> list[int]:
            children: list[int] = []

            def collect(child: int | None, _param: int) -> bool:
                if child:
                    children.append(int(child))
                return True

            _user32.EnumChildWindows(hwnd, _WNDENUMPROC(collect), 0)
            return children
