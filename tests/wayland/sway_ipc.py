"""The tests' own view of a real sway, over its IPC socket (what `swaymsg` does).

`SwayIPC` runs commands and reads the tree; `SwayEvents` records every window event on a
thread, so a test can check afterwards what sway did (e.g. whether it ever focused the
toast), not only what state it ended in.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

from cuecard.watch.wayland_sway import GET_TREE, SUBSCRIBE, WINDOW_EVENT, pack, unpack

RUN_COMMAND = 0
GET_WORKSPACES = 1


def windows_in(tree: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every client window (Wayland or Xwayland) in the tree."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if node.get("type") in ("con", "floating_con") and (
            node.get("app_id") or node.get("window_properties") or node.get("pid")
        ):
            yield node
        stack.extend(node.get("nodes") or [])
        stack.extend(node.get("floating_nodes") or [])


class SwayIPC:
    """One request/answer connection."""

    def __init__(self, path: str) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(10)
        self.sock.connect(path)
        self.buffer = bytearray()

    def request(self, kind: int, payload: str = "") -> Any:
        self.sock.sendall(pack(kind, payload.encode()))
        while True:
            message = unpack(self.buffer)
            if message is not None:
                return json.loads(message[1])
            data = self.sock.recv(65536)
            if not data:
                raise ConnectionError("sway closed the IPC connection")
            self.buffer += data

    def command(self, text: str) -> None:
        results = self.request(RUN_COMMAND, text)
        failed = [r for r in results if not r.get("success")]
        assert not failed, f"sway refused {text!r}: {failed}"

    def windows(self) -> list[dict[str, Any]]:
        return list(windows_in(self.request(GET_TREE)))

    def find(self, predicate: Callable[[dict[str, Any]], bool]) -> dict[str, Any] | None:
        return next((w for w in self.windows() if predicate(w)), None)

    def focused(self) -> dict[str, Any] | None:
        return self.find(lambda w: bool(w.get("focused")))

    def workspace_rect(self) -> dict[str, int]:
        focused = next(w for w in self.request(GET_WORKSPACES) if w.get("focused"))
        return dict(focused["rect"])

    def close(self) -> None:
        self.sock.close()


class SwayEvents:
    """Records (change, container) of every window event from the moment it starts."""

    def __init__(self, path: str) -> None:
        self.ipc = SwayIPC(path)
        self.ipc.sock.settimeout(None)
        assert self.ipc.request(SUBSCRIBE, json.dumps(["window"]))["success"]
        self.events: list[tuple[str, dict[str, Any]]] = []
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        buffer = self.ipc.buffer
        try:
            while data := self.ipc.sock.recv(65536):
                buffer += data
                while (message := unpack(buffer)) is not None:
                    if message[0] == WINDOW_EVENT:
                        event = json.loads(message[1])
                        with self.lock:
                            self.events.append((event["change"], event["container"]))
        except OSError:
            pass

    def seen(self) -> list[tuple[str, dict[str, Any]]]:
        with self.lock:
            return list(self.events)

    def close(self) -> None:
        try:
            self.ipc.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.thread.join(timeout=5)
        self.ipc.close()
