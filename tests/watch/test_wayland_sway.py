"""The sway back-end: i3 IPC framing, the tree walk, and the contract against a fake sway.

`FakeSway` is a real unix-socket server speaking i3 IPC (GET_TREE, SUBSCRIBE, window
events), so the real back-end connects to it exactly as it would to sway.
"""

from __future__ import annotations

import json
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cuecard.models import Rect
from cuecard.watch import wayland_sway as sway
from cuecard.watch.base import BackendUnavailable
from cuecard.watch.process import process_facts
from cuecard.watch.wayland_common import Reporter
from tests.watch.contract import Recorder, WatcherContract, titled
from tests.watch.wayland_support import socket_dir

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs unix sockets")


class FakeSway:
    """A window stack (last = focused) behind an i3 IPC socket."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.windows: list[dict[str, Any]] = []
        self.subscribers: list[socket.socket] = []
        self.clients: list[socket.socket] = []
        self._next_id = 10
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(str(path))
        self.server.listen()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with self.lock:
                self.clients.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        buffer = bytearray()
        try:
            while data := conn.recv(65536):
                buffer += data
                while (message := sway.unpack(buffer)) is not None:
                    self._answer(conn, *message)
        except OSError:
            pass
        with self.lock:
            if conn in self.subscribers:
                self.subscribers.remove(conn)

    def _answer(self, conn: socket.socket, kind: int, payload: bytes) -> None:
        with self.lock:
            if kind == sway.SUBSCRIBE:
                assert "window" in json.loads(payload)
                self.subscribers.append(conn)
                reply: Any = {"success": True}
            elif kind == sway.GET_TREE:
                reply = self.tree()
            else:
                reply = {}
            conn.sendall(sway.pack(kind, json.dumps(reply).encode()))

    def tree(self) -> dict[str, Any]:
        nodes = [self.node(w) for w in self.windows]
        workspace = {"id": 3, "type": "workspace", "name": "1", "focused": not nodes}
        workspace.update(nodes=[{"id": 4, "type": "con", "nodes": nodes}], floating_nodes=[])
        output = {"id": 2, "type": "output", "nodes": [workspace], "focused": False}
        return {"id": 1, "type": "root", "nodes": [output], "focused": False}

    def node(self, window: dict[str, Any]) -> dict[str, Any]:
        focused = bool(self.windows) and window is self.windows[-1]
        return {**window, "focused": focused, "nodes": [], "floating_nodes": []}

    def _emit(self, change: str, window: dict[str, Any]) -> None:
        event = json.dumps({"change": change, "container": self.node(window)}).encode()
        for conn in list(self.subscribers):
            try:
                conn.sendall(sway.pack(sway.WINDOW_EVENT, event))
            except OSError:
                self.subscribers.remove(conn)

    def _find(self, window_id: int) -> dict[str, Any]:
        return next(w for w in self.windows if w["id"] == window_id)

    def open(self, title: str, app_id: str) -> int:
        with self.lock:
            self._next_id += 1
            window = {"id": self._next_id, "type": "con", "name": title, "app_id": app_id}
            window.update(pid=None, fullscreen_mode=0, shell="xdg_shell")
            window["rect"] = {"x": 0, "y": 0, "width": 800, "height": 600}
            self.windows.append(window)
            self._emit("new", window)
            self._emit("focus", window)
            return self._next_id

    def activate(self, window_id: int) -> None:
        with self.lock:
            window = self._find(window_id)
            self.windows.remove(window)
            self.windows.append(window)
            self._emit("focus", window)

    def change(self, window_id: int, change: str, **fields: Any) -> None:
        with self.lock:
            window = self._find(window_id)
            window.update(fields)
            self._emit(change, window)

    def close(self, window_id: int) -> None:
        with self.lock:
            window = self._find(window_id)
            self.windows.remove(window)
            self._emit("close", window)
            if self.windows:
                self._emit("focus", self.windows[-1])

    def disconnect_clients(self) -> None:
        with self.lock:
            for conn in self.clients:
                try:
                    conn.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def shutdown(self) -> None:
        self.server.shutdown(socket.SHUT_RDWR)
        self.server.close()
        self.disconnect_clients()


class SwayDriver:
    """Drives FakeSway for the shared contract."""

    supports_fullscreen = True

    def __init__(self, fake: FakeSway) -> None:
        self.fake = fake

    def make_watcher(self) -> sway.SwayWatcher:
        return sway.create({"SWAYSOCK": str(self.fake.path)})

    def open_window(self, app: str, title: str, window_class: str) -> Any:
        return self.fake.open(title, window_class)

    def activate(self, handle: Any) -> None:
        self.fake.activate(handle)

    def set_title(self, handle: Any, title: str) -> None:
        self.fake.change(handle, "title", name=title)

    def set_fullscreen(self, handle: Any, on: bool) -> None:
        self.fake.change(handle, "fullscreen_mode", fullscreen_mode=1 if on else 0)

    def close(self, handle: Any) -> None:
        self.fake.close(handle)


@pytest.fixture
def fake_sway(tmp_path: Path) -> Iterator[FakeSway]:
    with socket_dir(tmp_path) as folder:
        fake = FakeSway(folder / "sway.sock")
        yield fake
        fake.shutdown()


class TestSwayContract(WatcherContract):
    @pytest.fixture
    def driver(self, fake_sway: FakeSway) -> SwayDriver:
        return SwayDriver(fake_sway)


def test_framing_round_trip_and_partial_reads() -> None:
    data = sway.pack(sway.GET_TREE, b'{"a": 1}') + sway.pack(sway.WINDOW_EVENT, b"{}")
    assert data[:6] == b"i3-ipc" and data[6:10] == (8).to_bytes(4, "little")
    buffer = bytearray(data[:20])
    assert sway.unpack(buffer) is None and len(buffer) == 20
    buffer += data[20:]
    assert sway.unpack(buffer) == (sway.GET_TREE, b'{"a": 1}')
    assert sway.unpack(buffer) == (0x80000003, b"{}")
    assert buffer == bytearray()


def test_framing_rejects_a_foreign_stream() -> None:
    with pytest.raises(ValueError, match="magic"):
        sway.unpack(bytearray(b"HTTP/1.1 200 OK\r\n\r\n"))


def test_tree_walk_finds_the_focused_window_in_splits_and_floating() -> None:
    xwayland = {
        "id": 42,
        "type": "floating_con",
        "name": "Report.xlsx",
        "app_id": None,
        "pid": 0,
        "window_properties": {"class": "Soffice", "instance": "soffice", "title": "Report"},
        "fullscreen_mode": 2,
        "rect": {"x": 10, "y": 20, "width": 300, "height": 200},
        "focused": True,
    }
    tiled = {"id": 41, "type": "con", "app_id": "foot", "name": "shell", "focused": False}
    split = {"id": 40, "type": "con", "nodes": [tiled], "focused": False}
    workspace = {"id": 5, "type": "workspace", "nodes": [split], "floating_nodes": [xwayland]}
    tree = {"id": 1, "type": "root", "nodes": [{"id": 2, "type": "output", "nodes": [workspace]}]}
    node = sway.focused_window(tree)
    assert node is not None and node["id"] == 42
    info = sway.container_info(node)
    assert (info.title, info.window_class, info.app) == ("Report.xlsx", "Soffice", "soffice")
    assert info.fullscreen and info.geometry == Rect(10, 20, 300, 200) and info.window_id == 42
    workspace["focused"], xwayland["focused"] = True, False
    assert sway.focused_window(tree) is None


def test_wayland_app_id_and_pid() -> None:
    node = {"id": 7, "type": "con", "app_id": "org.gnome.Nautilus", "name": "Home"}
    node.update(pid=os.getpid(), fullscreen_mode=0, rect={"x": 0, "y": 0, "width": 0})
    info = sway.container_info(node)
    assert info.window_class == "org.gnome.Nautilus" and info.pid == os.getpid()
    assert info.app == process_facts(os.getpid()).app and not info.fullscreen
    assert info.geometry is None


def window(window_id: int, title: str) -> dict[str, Any]:
    return {"id": window_id, "type": "con", "app_id": "foot", "name": title}


def test_only_the_focused_window_changes_count_and_close_settles() -> None:
    recorder = Recorder()
    reporter = Reporter(recorder, settle=0.0)
    watcher = sway.SwayWatcher(socket.socket(socket.AF_UNIX))
    watcher.handle_event(
        sway.WINDOW_EVENT, {"change": "focus", "container": window(1, "a")}, reporter
    )
    watcher.handle_event(
        sway.WINDOW_EVENT, {"change": "title", "container": window(2, "b")}, reporter
    )
    watcher.handle_event(
        sway.WINDOW_EVENT, {"change": "close", "container": window(2, "b")}, reporter
    )
    reporter.flush()
    assert [e.title if e else None for e in recorder.events] == ["a"]
    # closing the focused window, then focus moving on: no "no window" in between
    watcher.handle_event(
        sway.WINDOW_EVENT, {"change": "close", "container": window(1, "a")}, reporter
    )
    watcher.handle_event(
        sway.WINDOW_EVENT, {"change": "focus", "container": window(3, "c")}, reporter
    )
    reporter.flush()
    assert [e.title if e else None for e in recorder.events] == ["a", "c"]
    empty = {"change": "focus", "current": {"id": 9, "type": "workspace", "nodes": []}}
    watcher.handle_event(sway.WORKSPACE_EVENT, empty, reporter)
    reporter.flush()
    assert recorder.events[-1] is None
    watcher.stop()


def test_create_needs_a_running_sway(tmp_path: Path) -> None:
    with pytest.raises(BackendUnavailable, match="SWAYSOCK"):
        sway.create({})
    with pytest.raises(BackendUnavailable, match="cannot connect"):
        sway.create({"SWAYSOCK": str(tmp_path / "missing.sock")})


def test_reports_none_once_when_sway_goes_away(fake_sway: FakeSway) -> None:
    watcher = sway.create({"SWAYSOCK": str(fake_sway.path)})
    recorder = Recorder()
    fake_sway.open("Editor", "foot")
    watcher.start(recorder)
    recorder.wait_for(titled("Editor"))
    fake_sway.disconnect_clients()
    recorder.wait_for(lambda info: info is None)
    watcher.stop()
    assert watcher.failure is not None and recorder.events.count(None) == 1


def test_chosen_under_wayland_when_sway_runs(fake_sway: FakeSway) -> None:
    from cuecard.watch.select import choose_watcher

    env = {"WAYLAND_DISPLAY": "wayland-1", "SWAYSOCK": str(fake_sway.path)}
    choice = choose_watcher(env, "linux")
    assert choice.name == "sway" and choice.event_driven and choice.watcher is not None
    choice.watcher.stop()
