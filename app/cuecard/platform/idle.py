"""How long since the user last touched the keyboard or mouse, where it can be read.

X11: the MIT-SCREEN-SAVER extension (python-xlib). Windows: GetLastInputInfo. macOS:
CGEventSourceSecondsSinceLastEventType (CoreGraphics). Anywhere else, or when the probe
fails, None: then only switching apps counts as a natural pause for a review.
Each probe opens what it needs when called and is cheap (the loop asks once a minute).
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

IdleProbe = Callable[[], float | None]


def x11_idle_seconds(display_name: str | None = None) -> float | None:
    try:
        from Xlib import display as xdisplay
        from Xlib.ext import screensaver  # noqa: F401  (registers the extension methods)
    except ImportError:
        return None
    try:
        connection = xdisplay.Display(display_name)
    except Exception:  # no server, no permission: unknown
        return None
    try:
        if not connection.has_extension("MIT-SCREEN-SAVER"):
            return None
        info = connection.screen().root.screensaver_query_info()
        return float(info.idle) / 1000
    except Exception:
        return None
    finally:
        connection.close()


def windows_idle_seconds() -> float | None:
    class LastInputInfo(ctypes.Structure):
        _fields_ = [("cbSize", ctypes.c_uint), ("dwTime", ctypes.c_uint)]

    try:
        windll = ctypes.windll  # type: ignore[attr-defined]
        info = LastInputInfo()
        info.cbSize = ctypes.sizeof(info)
        if not windll.user32.GetLastInputInfo(ctypes.byref(info)):
            return None
        return float((windll.kernel32.GetTickCount() - info.dwTime) & 0xFFFFFFFF) / 1000
    except (AttributeError, OSError):
        return None


def macos_idle_seconds() -> float | None:
    try:
        graphics = ctypes.CDLL("/System/Library/Frameworks/CoreGraphics.framework/CoreGraphics")
        function = graphics.CGEventSourceSecondsSinceLastEventType
        function.restype = ctypes.c_double
        function.argtypes = [ctypes.c_int32, ctypes.c_uint32]
        return float(function(1, 0xFFFFFFFF))  # combined session state, any input event
    except (AttributeError, OSError):
        return None


def idle_probe(env: Mapping[str, str] | None = None) -> IdleProbe:
    """The probe for this desktop (one that always says "unknown" where none works)."""
    env = os.environ if env is None else env
    if sys.platform == "win32":
        return windows_idle_seconds
    if sys.platform == "darwin":
        return macos_idle_seconds
    if env.get("DISPLAY"):
        display = env["DISPLAY"]
        return lambda: x11_idle_seconds(display)
    return lambda: None
