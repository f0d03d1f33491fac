"""The sway back-end: i3 IPC framing, the tree walk, and the contract against a fake sway.

`FakeSway` is a real unix-socket server speaking i3 IPC (GET_TREE, SUBSCRIBE, window
events, RUN_COMMAND, GET_WORKSPACES), so the real back-end connects to it exactly as it
would to sway. tests/wayland runs the same back-end against a real sway; what it found
is modelled here: a new window's "new" event has no title yet ("title" and "focus"
follow), every window carries its client's pid, and a window matching a `no_focus` rule
is not focused when it appears (sway's own commands: `[con_id=N] focus`, `move absolute
position X Y`, `border none`).
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
from cuecard.own_windows import APP_ID, TOAST_MARGIN, TOAST_TITLE_PREFIX
from cuecard.watch import wayland_sway as sway
from cuecard.watch.base import BackendUnavailable
from cuecard.watch.process import process_facts
from cuecard.watch.sway_toast import RULES, Pending, ToastKeeper, corner_command, is_toast
from cuecard.watch.wayland_common import Reporter
from tests.e2e.conftest import wait_for
from tests.watch.contract import Recorder, WatcherContract, titled
from tests.watch.wayland_support import socket_dir

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs unix sockets")
CLIENT_PID = os.getppid()  # a real process that is not ours, as a client's pid is
WORKSPACE = {"x": 0, "y": 0, "width": 1280, "height": 800}


class FakeSway:
    """A window stack (last = focused) behind an i3 IPC socket."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.windows: list[dict[str, Any]] = []
        self.subscribers: list[socket.socket] = []
        self.clients: list[socket.socket] = []
        self.commands: list[str] = []
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
            elif kind == sway.GET_WORKSPACES:
                reply = [{"name": "1", "focused": True, "rect": dict(WORKSPACE)}]
            elif kind == sway.RUN_COMMAND:
                reply = [self._command(payload.decode())]
            else:
                reply = {}
            conn.sendall(sway.pack(kind, json.dumps(reply).encode()))

    def _command(self, command: str) -> dict[str, Any]:
        """The few commands the watcher sends; anything else is refused, as sway would."""
        self.commands.append(command)
        if command.startswith(("no_focus ", "for_window ")):
            return {"success": True}
        target, _, action = command.partition("] ")
        window_id = int(target.removeprefix("[con_id="))
        window = self._find(window_id)
        if action == "focus":
            self.windows.remove(window)
            self.windows.append(window)
            self._emit("focus", window)
        elif action.startswith("move absolute position "):
            x, y = map(int, action.split()[-2:])
            window["rect"] = {**window["rect"], "x": x, "y": y}
        elif action != "border none":
            return {"success": False, "error": f"not in the fake: {command}"}
        return {"success": True}

    def no_focus(self, window: dict[str, Any]) -> bool:
        """True when a no_focus rule sent by the watcher matches `window` (by app id and
        title prefix, the only criteria it sends)."""
        for command in self.commands:
            if command.startswith("no_focus ") and f'app_id="^{window["app_id"]}$"' in command:
                prefix = command.split('title="^', 1)[1].split('"', 1)[0]
                if str(window["name"]).startswith(prefix):
                    return True
        return False

    def tree(self) -> dict[str, Any]:
        nodes = [self.node(w) for w in self.windows]
        workspace = {"id": 3, "type": "workspace", "name": "1", "focused": not nodes}
        workspace.update(nodes=[{"id": 4, "type": "con", "nodes": nodes}], floating_nodes=[])
        output = {"id": 2, "type": "output", "nodes": [workspace], "focused": False}
        return {"id": 1, "type": "root", "nodes": [output], "focused": False}

    def node(self, window: dict[str, Any]) -> dict[str, Any]:
        focused = bool(self.windows) and window is self.windows[-1]
        return {**window, "focused": focused, "nodes": [], "floating_nodes": []}

    def _emit(self, change: str, window: dict[str, Any], **override: Any) -> None:
        container = {**self.node(window), **override}
        event = json.dumps({"change": change, "container": container}).encode()
        for conn in list(self.subscribers):
            try:
                conn.sendall(sway.pack(sway.WINDOW_EVENT, event))
            except OSError:
                self.subscribers.remove(conn)

    def _find(self, window_id: int) -> dict[str, Any]:
        return next(w for w in self.windows if w["id"] == window_id)

    def open(self, title: str, app_id: str, floating: bool = False) -> int:
        """A client's window maps: "new" (no title yet), "title", then "focus" unless a
        no_focus rule matches. `floating`: a fixed-size window, which sway floats."""
        with self.lock:
            self._next_id += 1
            kind = "floating_con" if floating else "con"
            window = {"id": self._next_id, "type": kind, "name": title, "app_id": app_id}
            window.update(pid=CLIENT_PID, fullscreen_mode=0, shell="xdg_shell")
            window["rect"] = {"x": 450, "y": 330, "width": 380, "height": 140}
            window["geometry"] = {"x": 0, "y": 0, "width": 380, "height": 140}
            if self.no_focus(window):
                self.windows.insert(max(len(self.windows) - 1, 0), window)
            else:
                self.windows.append(window)
            self._emit("new", window, name=None)
            self._emit("title", window)
            if window is self.windows[-1]:
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


TOAST = f"{TOAST_TITLE_PREFIX}Freeze the header row"


def toast_placed(fake: FakeSway, toast: int) -> bool:
    with fake.lock:
        rect = fake._find(toast)["rect"]
    right, bottom = WORKSPACE["width"] - TOAST_MARGIN, WORKSPACE["height"] - TOAST_MARGIN
    return (rect["x"] + rect["width"], rect["y"] + rect["height"]) == (right, bottom)


def test_the_toast_rules_go_out_before_the_subscription(fake_sway: FakeSway) -> None:
    watcher = sway.create({"SWAYSOCK": str(fake_sway.path)})
    recorder = Recorder()
    fake_sway.open("Editor", "foot")
    watcher.start(recorder)
    recorder.wait_for(titled("Editor"))
    watcher.stop()
    assert fake_sway.commands[: len(RULES)] == list(RULES)


def test_a_toast_stays_unfocused_goes_to_the_corner_and_is_never_reported(
    fake_sway: FakeSway,
) -> None:
    watcher = sway.create({"SWAYSOCK": str(fake_sway.path)})
    recorder = Recorder()
    watcher.start(recorder)
    user = fake_sway.open("Quarterly budget.ods", "libreoffice-calc")
    recorder.wait_for(titled("Quarterly budget.ods"))
    toast = fake_sway.open(TOAST, APP_ID, floating=True)
    wait_for(lambda: toast_placed(fake_sway, toast), what="the toast in the corner")
    # A click focuses it; the watcher gives focus back to the user's window.
    fake_sway.activate(toast)
    wait_for(lambda: fake_sway.windows[-1]["id"] == user, what="focus back")
    watcher.stop()
    assert f"[con_id={user}] focus" in fake_sway.commands
    assert all(info is not None and info.title != TOAST for info in recorder.events)


def test_what_counts_as_the_toast() -> None:
    toast = {"app_id": APP_ID, "name": TOAST}
    assert is_toast(toast)
    assert is_toast({"window_properties": {"class": "Cuecard"}, "name": TOAST})  # Xwayland
    assert not is_toast({**toast, "name": "Cuecard"})  # the no-tray window
    assert not is_toast({**toast, "app_id": "foot"})  # someone else's window titled so
    assert not is_toast({"app_id": APP_ID, "name": None})  # "new": no title yet


def test_corner_and_keeper_bookkeeping() -> None:
    keeper = ToastKeeper()
    floating = {"id": 9, "type": "floating_con", "name": TOAST, "app_id": APP_ID}
    floating["geometry"] = {"width": 380, "height": 140}
    floating["rect"] = {"width": 384, "height": 167}  # still with the border
    assert not keeper.toast_event("title", {**floating, "type": "con"})  # tiled: cannot move
    assert keeper.toast_event("floating", floating)
    assert not keeper.toast_event("title", floating)  # placed once
    workspaces = [
        {"focused": False, "rect": {"x": 0, "y": 0, "width": 640, "height": 480}},
        {"focused": True, "rect": {"x": 1280, "y": 30, "width": 1920, "height": 1050}},
    ]
    x, y = 1280 + 1920 - 380 - TOAST_MARGIN, 30 + 1050 - 140 - TOAST_MARGIN
    assert keeper.on_workspaces(workspaces) == [f"[con_id=9] move absolute position {x} {y}"]
    assert keeper.on_workspaces(workspaces) == []
    assert corner_command(Pending(9, 380, 140), [{"focused": False}]) is None
    commands = keeper.focus_back(floating, 4)
    assert commands[: len(RULES)] == list(RULES)
    assert commands[len(RULES) :] == ["[con_id=9] border none", "[con_id=4] focus"]
    assert keeper.toast_event("floating", floating)  # placed anew after the border change
    assert all('"floating enable, border none"' in r for r in RULES if "for_window" in r)
