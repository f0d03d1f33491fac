"""Event-driven Hyprland watcher: line events on .socket2.sock, details from .socket.sock.

Hyprland writes one `EVENT>>DATA` line per event to every client of its event socket
($XDG_RUNTIME_DIR/hypr/$HYPRLAND_INSTANCE_SIGNATURE/.socket2.sock; older versions use
/tmp/hypr/). Data fields are comma-separated, but only the last field may contain commas
(a title), so a line is split at its FIRST comma: `activewindow>>class,title, with, commas`.

On `activewindowv2>>ADDRESS` and `fullscreen>>0|1` the watcher asks the request socket
(.socket.sock, one connection per request) for `j/activewindow` (JSON: class, title,
pid, fullscreen, at, size); `windowtitlev2>>ADDRESS,TITLE` of the active window updates
its title directly (older versions send only `windowtitle>>ADDRESS`, which triggers a
query). An empty `activewindowv2>>,` or `closewindow>>ADDRESS` of the active window
reports None once nothing else has been focused for SETTLE seconds. When the request
socket does not answer, the events alone still give class, title and fullscreen.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from cuecard.models import WindowInfo
from cuecard.watch.base import BackendUnavailable
from cuecard.watch.wayland_common import ReaderWatcher, Reporter, make_info, rect_or_none

EVENT_SOCKET = ".socket2.sock"
REQUEST_SOCKET = ".socket.sock"
QUERY_TIMEOUT = 1.0
MAX_REPLY = 4 * 1024 * 1024


def socket_dirs(env: Mapping[str, str]) -> list[Path]:
    """Where this Hyprland instance may keep its sockets, newest convention first."""
    signature = env.get("HYPRLAND_INSTANCE_SIGNATURE", "")
    if not signature:
        return []
    dirs = []
    if env.get("XDG_RUNTIME_DIR"):
        dirs.append(Path(env["XDG_RUNTIME_DIR"]) / "hypr" / signature)
    dirs.append(Path("/tmp/hypr") / signature)
    return dirs


def parse_line(line: str) -> tuple[str, str] | None:
    """(event name, data) of one event line; None for a line that is not an event."""
    name, separator, data = line.rstrip("\r\n").partition(">>")
    if not separator or not name:
        return None
    return name, data


def split_first(data: str) -> tuple[str, str]:
    """Split event data at the FIRST comma: the last field (a title) may hold commas."""
    head, _, tail = data.partition(",")
    return head, tail


def parse_address(text: str) -> int | None:
    """A window address as Hyprland writes it (hex, with or without 0x); None if empty."""
    text = text.strip().split(",", 1)[0].strip()
    if text[:2] in ("0x", "0X"):
        text = text[2:]
    if not text:
        return None
    try:
        return int(text, 16)
    except ValueError:
        return None


def _pair(value: Any) -> tuple[int, int]:
    if isinstance(value, list | tuple) and len(value) == 2:
        try:
            return int(value[0]), int(value[1])
        except (TypeError, ValueError):
            pass
    return 0, 0


def info_from_json(data: Any) -> WindowInfo | None:
    """The WindowInfo of a `j/activewindow` reply; None when no window is active."""
    if not isinstance(data, Mapping) or not data.get("address"):
        return None
    x, y = _pair(data.get("at"))
    width, height = _pair(data.get("size"))
    pid = data.get("pid")
    return make_info(
        title=str(data.get("title") or ""),
        window_class=str(data.get("class") or data.get("initialClass") or ""),
        pid=pid if isinstance(pid, int) else None,
        # `fullscreen` is a bool before Hyprland 0.42 and a mode (0 = none) since.
        fullscreen=bool(data.get("fullscreen")),
        geometry=rect_or_none(x, y, width, height),
        window_id=parse_address(str(data.get("address"))) or 0,
    )


def request(path: Path, command: bytes, timeout: float = QUERY_TIMEOUT) -> bytes:
    """Send one command to Hyprland's request socket and return the whole reply."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        sock.connect(str(path))
        sock.sendall(command)
        chunks: list[bytes] = []
        size = 0
        while size < MAX_REPLY:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    return b"".join(chunks)


def query_active(path: Path) -> WindowInfo | None:
    """The active window according to `j/activewindow`; OSError when Hyprland is gone."""
    reply = request(path, b"j/activewindow")
    try:
        data = json.loads(reply.decode("utf-8", errors="replace"))
    except ValueError:
        return None  # older versions answer "Invalid" when nothing is focused
    return info_from_json(data)


class HyprlandWatcher(ReaderWatcher):
    """Reports Hyprland's active window from its event socket (see the module docstring)."""

    name = "hyprland"

    def __init__(self, events: socket.socket, request_path: Path) -> None:
        super().__init__()
        self._events = events
        self._request_path = request_path
        self._active: WindowInfo | None = None
        self._legacy: tuple[str, str] = ("", "")
        self._titles_v2 = False

    def _run(self, reporter: Reporter) -> None:
        self._set(self._query(), reporter)
        buffer = b""
        while True:
            self._events.settimeout(reporter.due_in())
            try:
                data = self._events.recv(65536)
            except TimeoutError:
                reporter.flush()
                continue
            if not data:
                return
            *lines, buffer = (buffer + data).split(b"\n")
            for raw in lines:
                event = parse_line(raw.decode("utf-8", errors="replace"))
                if event is not None:
                    self.handle(event[0], event[1], reporter)
            reporter.flush()

    def handle(self, name: str, data: str, reporter: Reporter) -> None:
        """Apply one event line (public for tests)."""
        active_id = self._active.window_id if self._active is not None else None
        if name == "activewindow":
            self._legacy = split_first(data)
        elif name == "activewindowv2":
            address = parse_address(data)
            if address is None:
                self._set(None, reporter)
            else:
                self._refresh(reporter, fallback_id=address)
        elif name == "windowtitlev2":
            self._titles_v2 = True
            address_text, title = split_first(data)
            if self._active is not None and parse_address(address_text) == active_id:
                self._set(replace(self._active, title=title, timestamp=time.monotonic()), reporter)
        elif name == "windowtitle":
            if not self._titles_v2 and active_id is not None and parse_address(data) == active_id:
                self._refresh(reporter, fallback_id=active_id)
        elif name == "fullscreen":
            self._refresh(reporter, fullscreen=data.strip() not in ("", "0"))
        elif name == "closewindow" and active_id is not None and parse_address(data) == active_id:
            self._set(None, reporter)

    def _refresh(
        self, reporter: Reporter, fallback_id: int | None = None, fullscreen: bool | None = None
    ) -> None:
        try:
            info = query_active(self._request_path)
        except OSError:
            info = self._fallback(fallback_id, fullscreen)
        self._set(info, reporter)

    def _fallback(self, window_id: int | None, fullscreen: bool | None) -> WindowInfo | None:
        """What the events alone say when the request socket does not answer."""
        if fullscreen is not None:
            if self._active is None:
                return None
            return replace(self._active, fullscreen=fullscreen, timestamp=time.monotonic())
        window_class, title = self._legacy
        return make_info(title=title, window_class=window_class, pid=None, window_id=window_id or 0)

    def _query(self) -> WindowInfo | None:
        try:
            return query_active(self._request_path)
        except OSError:
            return None

    def _set(self, info: WindowInfo | None, reporter: Reporter) -> None:
        self._active = info
        reporter.offer(info)

    def _interrupt(self) -> None:
        try:
            self._events.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _close(self) -> None:
        self._events.close()


def create(env: Mapping[str, str]) -> HyprlandWatcher:
    """A watcher on env's Hyprland instance; BackendUnavailable when it is not running."""
    dirs = socket_dirs(env)
    if not dirs:
        raise BackendUnavailable("Hyprland is not running (HYPRLAND_INSTANCE_SIGNATURE is not set)")
    folder = next((d for d in dirs if (d / EVENT_SOCKET).exists()), None)
    if folder is None:
        where = " or ".join(str(d) for d in dirs)
        raise BackendUnavailable(f"Hyprland's event socket {EVENT_SOCKET} is not in {where}")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(2.0)
        sock.connect(str(folder / EVENT_SOCKET))
        sock.settimeout(None)
    except OSError as exc:
        sock.close()
        raise BackendUnavailable(f"cannot connect to Hyprland's event socket: {exc}") from exc
    return HyprlandWatcher(sock, folder / REQUEST_SOCKET)
