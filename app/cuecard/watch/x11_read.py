"""Read one X11 window's facts with python-xlib: title, class, pid, fullscreen, geometry.

Shared by the event-driven watcher (x11.py) and the polling fallback. Every reader
returns a neutral value when the window vanished in the meantime (BadWindow).
"""

from __future__ import annotations

import contextlib
from typing import Any

from Xlib import X, Xatom
from Xlib.display import Display
from Xlib.error import XError

from cuecard.models import Rect, WindowInfo
from cuecard.watch.process import process_facts

# Bytes asked for in the first read of a property; python-xlib fetches the rest of a
# longer one. Titles are never cut: the privacy filter must see all of it.
FIRST_READ = 4096


class X11Reader:
    """Interns the atoms once and reads window properties on one Display."""

    def __init__(self, display: Display) -> None:
        self.display = display
        self.root = display.screen().root
        atom = display.intern_atom
        self.NET_ACTIVE_WINDOW = atom("_NET_ACTIVE_WINDOW")
        self.NET_WM_NAME = atom("_NET_WM_NAME")
        self.NET_WM_PID = atom("_NET_WM_PID")
        self.NET_WM_STATE = atom("_NET_WM_STATE")
        self.NET_WM_STATE_FULLSCREEN = atom("_NET_WM_STATE_FULLSCREEN")
        self.UTF8_STRING = atom("UTF8_STRING")
        self.WM_NAME = Xatom.WM_NAME
        self.WM_CLASS = Xatom.WM_CLASS
        self.watched_atoms = frozenset(
            {self.NET_WM_NAME, self.WM_NAME, self.NET_WM_STATE, self.WM_CLASS, self.NET_WM_PID}
        )
        self._has_xres = display.has_extension("X-Resource")
        if self._has_xres:
            # python-xlib loads the extension's methods onto the Display lazily.
            with contextlib.suppress(Exception):
                display.res_query_version()

    def active_window_id(self) -> int:
        """The window id in _NET_ACTIVE_WINDOW, 0 when unset or none."""
        prop = self._property(self.root, self.NET_ACTIVE_WINDOW)
        if prop is None or not len(prop.value):
            return 0
        return int(prop.value[0])

    def is_viewable(self, window_id: int) -> bool:
        """False for a window that is gone or unmapped (openbox leaves a closed last
        window in _NET_ACTIVE_WINDOW)."""
        try:
            window = self.display.create_resource_object("window", window_id)
            return bool(window.get_attributes().map_state == X.IsViewable)
        except (XError, ValueError, TypeError):
            return False

    def _property(self, window: Any, atom: int) -> Any:
        try:
            return window.get_full_property(atom, X.AnyPropertyType, sizehint=FIRST_READ)
        except (XError, ValueError, TypeError):
            return None

    def _text(self, window: Any, atom: int) -> str | None:
        prop = self._property(window, atom)
        if prop is None or prop.format != 8:
            return None
        raw = prop.value if isinstance(prop.value, bytes) else bytes(prop.value)
        return decode_title(raw, is_string_type=prop.property_type == Xatom.STRING)

    def title(self, window: Any) -> str:
        text = self._text(window, self.NET_WM_NAME)
        if text is None:
            text = self._text(window, self.WM_NAME)
        return text or ""

    def window_class(self, window: Any) -> tuple[str, str]:
        """(instance, class) from WM_CLASS, empty strings when unset."""
        prop = self._property(window, self.WM_CLASS)
        if prop is None or prop.format != 8:
            return "", ""
        raw = prop.value if isinstance(prop.value, bytes) else bytes(prop.value)
        parts = raw.decode("latin-1").split("\0")
        return (parts[0] if parts else ""), (parts[1] if len(parts) > 1 else "")

    def pid(self, window: Any) -> int | None:
        prop = self._property(window, self.NET_WM_PID)
        if prop is not None and prop.format == 32 and len(prop.value):
            return int(prop.value[0])
        return self._pid_from_xres(window)

    def _pid_from_xres(self, window: Any) -> int | None:
        """Tk and some toolkits set no _NET_WM_PID; the server still knows the client."""
        if not self._has_xres:
            return None
        try:
            from Xlib.ext import res

            reply = self.display.res_query_client_ids(
                [{"client": window.id, "mask": res.LocalClientPIDMask}]
            )
        except (XError, AttributeError, ValueError):
            return None
        for client in reply.ids:
            if client.value:
                return int(client.value[0])
        return None

    def fullscreen(self, window: Any) -> bool:
        prop = self._property(window, self.NET_WM_STATE)
        return prop is not None and self.NET_WM_STATE_FULLSCREEN in list(prop.value)

    def geometry(self, window: Any) -> Rect | None:
        try:
            size = window.get_geometry()
            origin = self.root.translate_coords(window, 0, 0)
        except (XError, ValueError, TypeError):
            return None
        return Rect(int(origin.x), int(origin.y), int(size.width), int(size.height))

    def describe(self, window_id: int, now: float, source_time_ms: int | None) -> WindowInfo:
        window = self.display.create_resource_object("window", window_id)
        instance, class_name = self.window_class(window)
        pid = self.pid(window)
        facts = process_facts(pid)
        return WindowInfo(
            app=facts.app or instance.lower(),
            title=self.title(window),
            window_class=class_name or instance,
            pid=pid,
            exe=facts.exe,
            fullscreen=self.fullscreen(window),
            geometry=self.geometry(window),
            timestamp=now,
            window_id=window_id,
            source_time_ms=source_time_ms,
        )

    def watch_window(self, window_id: int, on: bool) -> None:
        """Subscribe to (or drop) property changes of one client window."""
        try:
            window = self.display.create_resource_object("window", window_id)
            mask = X.PropertyChangeMask | X.StructureNotifyMask if on else X.NoEventMask
            window.change_attributes(event_mask=mask)
        except (XError, ValueError):
            pass


def decode_title(raw: bytes, is_string_type: bool) -> str:
    """ICCCM says STRING is Latin-1, but xdotool and older apps put UTF-8 bytes there:
    bytes that are valid UTF-8 are read as UTF-8 (Latin-1 text almost never is)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1") if is_string_type else raw.decode("utf-8", "replace")


def open_display(name: str | None) -> Display:
    """Connect to the X server; raises on failure (the caller turns it into a reason)."""
    display = Display(name)
    # Errors from requests without replies (a window that vanished) arrive later and
    # asynchronously; they are expected and harmless here.
    display.set_error_handler(lambda *_args: None)
    return display
