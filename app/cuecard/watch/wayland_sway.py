"""Event-driven sway (and i3) watcher over the i3 IPC socket in $SWAYSOCK.

Protocol: every message is b"i3-ipc", a little-endian uint32 payload length, a uint32
type, then a JSON payload; events carry the high bit in their type. The reader thread
subscribes to "window" and "workspace" events first and only then asks for the tree
(GET_TREE), on the same socket: sway answers in order, so the tree is newer than every
event before its reply (those are skipped) and nothing can happen unseen in between.

A window event reports on "focus"; on "title", "fullscreen_mode" and "floating" when it
is about the focused window; "close" of the focused window (or focus moving to an empty
workspace) reports None once nothing else has been focused for SETTLE seconds.

Real sway (1.7, checked by tests/wayland): a new window's "new" event carries no title
yet (a "title" event follows, then "focus"); every window has its client's pid; a Qt
window's app_id is its desktop file name, a GTK one's its program name; an Xwayland
window has no app_id but `window_properties` (class, instance, title).

Before subscribing, the watcher also sends sway the rules that keep Cuecard's own nudge
toast unfocused and in the corner (watch/sway_toast.py); toasts are never reported.
"""

from __future__ import annotations

import json
import logging
import socket
import struct
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from cuecard.models import WindowInfo
from cuecard.watch.base import BackendUnavailable
from cuecard.watch.sway_toast import RULES, ToastKeeper, is_toast
from cuecard.watch.wayland_common import ReaderWatcher, Reporter, make_info, rect_or_none

MAGIC = b"i3-ipc"
HEADER = struct.Struct("<6sII")
RUN_COMMAND = 0
GET_WORKSPACES = 1
SUBSCRIBE = 2
GET_TREE = 4
EVENT_BIT = 0x80000000
WORKSPACE_EVENT = EVENT_BIT | 0
WINDOW_EVENT = EVENT_BIT | 3
MAX_PAYLOAD = 64 * 1024 * 1024
EVENTS = ["window", "workspace"]
FOLLOWED_CHANGES = frozenset({"title", "fullscreen_mode", "floating"})
log = logging.getLogger(__name__)


def pack(kind: int, payload: bytes = b"") -> bytes:
    """One i3 IPC message."""
    return HEADER.pack(MAGIC, len(payload), kind) + payload


def unpack(buffer: bytearray) -> tuple[int, bytes] | None:
    """Take one complete message (type, payload) off the front of `buffer`, if there is one.

    ValueError when the stream is not i3 IPC (wrong magic or an absurd length).
    """
    if len(buffer) < HEADER.size:
        return None
    magic, length, kind = HEADER.unpack_from(buffer)
    if magic != MAGIC:
        raise ValueError(f"not an i3 IPC message (magic {bytes(magic)!r})")
    if length > MAX_PAYLOAD:
        raise ValueError(f"i3 IPC message of {length} bytes is too large")
    end = HEADER.size + length
    if len(buffer) < end:
        return None
    payload = bytes(buffer[HEADER.size : end])
    del buffer[:end]
    return kind, payload


def _children(node: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    for key in ("nodes", "floating_nodes"):
        for child in node.get(key) or ():
            if isinstance(child, Mapping):
                yield child


def is_window(node: Mapping[str, Any]) -> bool:
    """True for a container holding a client (Wayland app_id or X11 window), not a split."""
    if node.get("type") not in ("con", "floating_con"):
        return False
    return bool(
        node.get("app_id") or node.get("window_properties") or node.get("window") or node.get("pid")
    )


def find_focused(tree: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The node with focused=true (a window, a workspace or an output), if any."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if node.get("focused"):
            return node
        stack.extend(_children(node))
    return None


def focused_window(tree: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The focused window's container; None when focus is on an empty workspace."""
    node = find_focused(tree)
    return node if node is not None and is_window(node) else None


def has_windows(node: Mapping[str, Any]) -> bool:
    stack = [node]
    while stack:
        current = stack.pop()
        if is_window(current):
            return True
        stack.extend(_children(current))
    return False


def container_info(node: Mapping[str, Any]) -> WindowInfo:
    """What a window container says: class from app_id (Wayland) or WM_CLASS (Xwayland)."""
    properties = node.get("window_properties") or {}
    app_id = str(node.get("app_id") or "")
    x_class = str(properties.get("class") or properties.get("instance") or "")
    rect = node.get("rect") or {}
    pid = node.get("pid")
    return make_info(
        title=str(node.get("name") or properties.get("title") or ""),
        window_class=app_id or x_class,
        pid=int(pid) if isinstance(pid, int) else None,
        fullscreen=bool(node.get("fullscreen_mode")),
        geometry=rect_or_none(
            int(rect.get("x", 0)),
            int(rect.get("y", 0)),
            int(rect.get("width", 0)),
            int(rect.get("height", 0)),
        ),
        window_id=int(node.get("id") or 0),
    )


class SwayWatcher(ReaderWatcher):
    """Reports the focused sway window from IPC events (see the module docstring)."""

    name = "sway"

    def __init__(self, sock: socket.socket, path: str = "") -> None:
        super().__init__()
        self._sock = sock
        self._focused_id: int | None = None
        self._toasts = ToastKeeper()
        self.detail = (
            f"sway answers on its IPC socket {path} ($SWAYSOCK); nudges: sway is told "
            "never to focus them (no_focus rule) and to float them in the corner"
        )

    def _run(self, reporter: Reporter) -> None:
        sock = self._sock
        self._send_commands(RULES)
        sock.sendall(pack(SUBSCRIBE, json.dumps(EVENTS).encode()))
        sock.sendall(pack(GET_TREE))
        buffer = bytearray()
        have_tree = False
        while True:
            message = unpack(buffer)
            if message is None:
                sock.settimeout(reporter.due_in())
                try:
                    data = sock.recv(65536)
                except TimeoutError:
                    reporter.flush()
                    continue
                if not data:
                    return
                buffer += data
                continue
            kind, payload = message
            if kind == GET_TREE:
                have_tree = True
                self._apply_tree(json.loads(payload), reporter)
            elif have_tree and kind in (WINDOW_EVENT, WORKSPACE_EVENT):
                self.handle_event(kind, json.loads(payload), reporter)
            elif kind == GET_WORKSPACES:
                self._send_commands(self._toasts.on_workspaces(json.loads(payload)))
            elif kind == RUN_COMMAND:
                self._check_replies(json.loads(payload))
            reporter.flush()

    def _send_commands(self, commands: Sequence[str]) -> None:
        """One RUN_COMMAND each (a `for_window` command may not be joined with `;`)."""
        for command in commands:
            self._sock.sendall(pack(RUN_COMMAND, command.encode()))

    @staticmethod
    def _check_replies(replies: Any) -> None:
        for reply in replies if isinstance(replies, list) else [replies]:
            if isinstance(reply, Mapping) and not reply.get("success", True):
                log.warning("sway refused a command for the nudge toast: %s", reply.get("error"))

    def _apply_tree(self, tree: Mapping[str, Any], reporter: Reporter) -> None:
        node = focused_window(tree)
        self._focused_id = int(node.get("id") or 0) if node is not None else None
        reporter.offer(container_info(node) if node is not None else None)

    def handle_event(self, kind: int, event: Mapping[str, Any], reporter: Reporter) -> None:
        """Apply one window or workspace event (public for tests)."""
        change = event.get("change")
        if kind == WORKSPACE_EVENT:
            current = event.get("current")
            if change == "focus" and isinstance(current, Mapping) and not has_windows(current):
                self._focused_id = None
                reporter.offer(None)
            return
        container = event.get("container")
        if not isinstance(container, Mapping):
            return
        container_id = int(container.get("id") or 0)
        if is_toast(container):
            self._handle_toast(str(change), container)
            return
        if change == "focus":
            if not is_window(container):
                return  # focus on a split container: the last window stays the answer
            self._focused_id = container_id
            reporter.offer(container_info(container))
        elif change in FOLLOWED_CHANGES and container_id == self._focused_id:
            reporter.offer(container_info(container))
        elif change == "close" and container_id == self._focused_id:
            self._focused_id = None
            reporter.offer(None)

    def _handle_toast(self, change: str, container: Mapping[str, Any]) -> None:
        """Cuecard's own toast: place it, keep it unfocused, never report it."""
        if change == "close":
            self._toasts.closed(int(container.get("id") or 0))
        elif change == "focus":
            self._send_commands(self._toasts.focus_back(container, self._focused_id))
            if self._toasts.toast_event("floating", container):
                self._sock.sendall(pack(GET_WORKSPACES))
        elif self._toasts.toast_event(change, container):
            self._sock.sendall(pack(GET_WORKSPACES))

    def _interrupt(self) -> None:
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _close(self) -> None:
        self._sock.close()


def create(env: Mapping[str, str]) -> SwayWatcher:
    """A watcher on env's $SWAYSOCK; BackendUnavailable when sway is not running."""
    path = env.get("SWAYSOCK", "")
    if not path:
        raise BackendUnavailable("sway is not running (SWAYSOCK is not set)")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(2.0)
        sock.connect(path)
        sock.settimeout(None)
    except OSError as exc:
        sock.close()
        raise BackendUnavailable(f"cannot connect to sway's IPC socket {path}: {exc}") from exc
    return SwayWatcher(sock, path)
