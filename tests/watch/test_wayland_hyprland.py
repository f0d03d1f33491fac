"""The Hyprland back-end: line parsing (commas in titles), replies, and the contract.

`FakeHyprland` serves the real sockets under $XDG_RUNTIME_DIR/hypr/<signature>/: event
lines on .socket2.sock and `j/activewindow` on .socket.sock, so the real back-end code
connects to it exactly as it would to Hyprland. With `requests=False` there is no request
socket, and the back-end must get by on the events alone.
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
from cuecard.watch import wayland_hyprland as hypr
from cuecard.watch.base import BackendUnavailable
from cuecard.watch.wayland_common import Reporter
from tests.watch.contract import Recorder, WatcherContract, titled
from tests.watch.wayland_support import socket_dir

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs unix sockets")

SIGNATURE = "abc_1_2"


class FakeHyprland:
    """A window stack (last = active) behind Hyprland's two sockets."""

    def __init__(self, runtime: Path, requests: bool = True) -> None:
        self.env = {"XDG_RUNTIME_DIR": str(runtime), "HYPRLAND_INSTANCE_SIGNATURE": SIGNATURE}
        folder = runtime / "hypr" / SIGNATURE
        folder.mkdir(parents=True)
        self.lock = threading.Lock()
        self.windows: list[dict[str, Any]] = []
        self.listeners: list[socket.socket] = []
        self._next = 0x55D0C0DE0000
        self.events = self._listen(folder / hypr.EVENT_SOCKET)
        self.events.setblocking(False)  # accepted on demand, just before each event
        self.requests = self._listen(folder / hypr.REQUEST_SOCKET) if requests else None
        if self.requests is not None:
            threading.Thread(target=self._answer_requests, daemon=True).start()

    @staticmethod
    def _listen(path: Path) -> socket.socket:
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(str(path))
        server.listen()
        return server

    def _answer_requests(self) -> None:
        assert self.requests is not None
        while True:
            try:
                conn, _ = self.requests.accept()
            except OSError:
                return
            with conn:
                command = conn.recv(1024)
                with self.lock:
                    reply = self.active_json() if command == b"j/activewindow" else "unknown"
                conn.sendall(reply.encode())

    def active_json(self) -> str:
        if not self.windows:
            return "{}"
        w = self.windows[-1]
        return json.dumps(
            {
                "address": f"0x{w['address']:x}",
                "mapped": True,
                "at": [100, 50],
                "size": [1280, 720],
                "class": w["class"],
                "title": w["title"],
                "initialClass": w["class"],
                "pid": w["pid"],
                "xwayland": False,
                "fullscreen": 2 if w["fullscreen"] else 0,
            }
        )

    def _emit(self, *lines: str) -> None:
        while True:
            try:
                conn, _ = self.events.accept()
            except (BlockingIOError, OSError):
                break
            conn.setblocking(True)
            self.listeners.append(conn)
        data = "".join(line + "\n" for line in lines).encode()
        for conn in list(self.listeners):
            try:
                conn.sendall(data)
            except OSError:
                self.listeners.remove(conn)

    def _focus_lines(self) -> tuple[str, str]:
        if not self.windows:
            return "activewindow>>,", "activewindowv2>>,"
        w = self.windows[-1]
        return f"activewindow>>{w['class']},{w['title']}", f"activewindowv2>>{w['address']:x}"

    def _find(self, address: int) -> dict[str, Any]:
        return next(w for w in self.windows if w["address"] == address)

    def open(self, window_class: str, title: str, pid: int = 0) -> int:
        with self.lock:
            self._next += 0x100
            window = {"address": self._next, "class": window_class, "title": title, "pid": pid}
            window["fullscreen"] = False
            self.windows.append(window)
            self._emit(f"openwindow>>{self._next:x},1,{window_class},{title}", *self._focus_lines())
            return self._next

    def activate(self, address: int) -> None:
        with self.lock:
            window = self._find(address)
            self.windows.remove(window)
            self.windows.append(window)
            self._emit(*self._focus_lines())

    def set_title(self, address: int, title: str) -> None:
        with self.lock:
            self._find(address)["title"] = title
            self._emit(f"windowtitle>>{address:x}", f"windowtitlev2>>{address:x},{title}")

    def set_fullscreen(self, address: int, on: bool) -> None:
        with self.lock:
            self._find(address)["fullscreen"] = on
            self._emit(f"fullscreen>>{int(on)}")

    def close(self, address: int) -> None:
        with self.lock:
            self.windows.remove(self._find(address))
            self._emit(f"closewindow>>{address:x}", *self._focus_lines())

    def shutdown(self) -> None:
        for server in (self.events, self.requests):
            if server is not None:
                try:
                    server.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                server.close()
        with self.lock:
            for conn in self.listeners:
                try:
                    conn.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class HyprlandDriver:
    """Drives FakeHyprland for the shared contract."""

    supports_fullscreen = True

    def __init__(self, fake: FakeHyprland) -> None:
        self.fake = fake

    def make_watcher(self) -> hypr.HyprlandWatcher:
        return hypr.create(self.fake.env)

    def open_window(self, app: str, title: str, window_class: str) -> Any:
        return self.fake.open(window_class, title)

    def activate(self, handle: Any) -> None:
        self.fake.activate(handle)

    def set_title(self, handle: Any, title: str) -> None:
        self.fake.set_title(handle, title)

    def set_fullscreen(self, handle: Any, on: bool) -> None:
        self.fake.set_fullscreen(handle, on)

    def close(self, handle: Any) -> None:
        self.fake.close(handle)


@pytest.fixture(params=[True, False], ids=["with-requests", "events-only"])
def fake_hyprland(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[FakeHyprland]:
    with socket_dir(tmp_path) as folder:
        fake = FakeHyprland(folder, requests=request.param)
        yield fake
        fake.shutdown()


class TestHyprlandContract(WatcherContract):
    @pytest.fixture
    def driver(self, fake_hyprland: FakeHyprland) -> HyprlandDriver:
        return HyprlandDriver(fake_hyprland)


def test_titles_with_commas_and_arrows() -> None:
    assert hypr.parse_line("activewindow>>kitty,~/src, tests, a>>b\n") == (
        "activewindow",
        "kitty,~/src, tests, a>>b",
    )
    assert hypr.split_first("kitty,~/src, tests, a>>b") == ("kitty", "~/src, tests, a>>b")
    assert hypr.split_first("55d0,Re: a, b") == ("55d0", "Re: a, b")
    assert hypr.parse_line("not an event") is None
    assert hypr.parse_line(">>data") is None


def test_addresses() -> None:
    assert hypr.parse_address("55d0c0de") == hypr.parse_address("0x55d0c0de") == 0x55D0C0DE
    assert hypr.parse_address(",") is None and hypr.parse_address("") is None
    assert hypr.parse_address("55d0,title") == 0x55D0
    assert hypr.parse_address("zz") is None


def test_activewindow_json_old_and_new_fullscreen() -> None:
    new = {"address": "0x1f", "class": "firefox", "title": "a, b", "pid": os.getpid()}
    new.update(at=[5, 6], size=[700, 500], fullscreen=2)
    info = hypr.info_from_json(new)
    assert info is not None and info.fullscreen and info.window_id == 0x1F
    assert (info.window_class, info.title, info.geometry) == (
        "firefox",
        "a, b",
        Rect(5, 6, 700, 500),
    )
    old = {"address": "0x1f", "class": "", "initialClass": "kitty", "fullscreen": False}
    info = hypr.info_from_json(old)
    assert info is not None and info.window_class == "kitty" and info.app == "kitty"
    assert not info.fullscreen and info.geometry is None
    assert hypr.info_from_json({}) is None and hypr.info_from_json("Invalid") is None


def test_events_alone_keep_commas_in_titles(tmp_path: Path) -> None:
    recorder = Recorder()
    reporter = Reporter(recorder, settle=0.0)
    watcher = hypr.HyprlandWatcher(socket.socket(socket.AF_UNIX), tmp_path / "absent.sock")
    watcher.handle("activewindow", "org.kde.kate,notes, draft 2, final.md", reporter)
    watcher.handle("activewindowv2", "abc123", reporter)
    info = recorder.wait_for(titled("notes, draft 2, final.md"))
    assert info is not None and info.window_class == "org.kde.kate" and info.window_id == 0xABC123
    watcher.handle("windowtitlev2", "abc123,notes, draft 3", reporter)
    watcher.handle("windowtitlev2", "999,other, window", reporter)
    watcher.handle("fullscreen", "1", reporter)
    last = recorder.last
    assert last is not None and last.title == "notes, draft 3" and last.fullscreen
    watcher.handle("closewindow", "999", reporter)
    reporter.flush()
    assert recorder.last is not None
    watcher.handle("closewindow", "abc123", reporter)
    reporter.flush()
    assert recorder.last is None
    watcher.stop()


def test_socket_dirs_and_create_errors(tmp_path: Path) -> None:
    env = {"XDG_RUNTIME_DIR": str(tmp_path), "HYPRLAND_INSTANCE_SIGNATURE": "sig"}
    assert hypr.socket_dirs(env) == [tmp_path / "hypr" / "sig", Path("/tmp/hypr/sig")]
    with pytest.raises(BackendUnavailable, match="HYPRLAND_INSTANCE_SIGNATURE"):
        hypr.create({"XDG_RUNTIME_DIR": str(tmp_path)})
    with pytest.raises(BackendUnavailable, match=r"\.socket2\.sock"):
        hypr.create(env)


def test_reports_none_once_when_hyprland_goes_away(fake_hyprland: FakeHyprland) -> None:
    fake_hyprland.open("kitty", "Shell, with comma")
    watcher = hypr.create(fake_hyprland.env)
    recorder = Recorder()
    watcher.start(recorder)
    if fake_hyprland.requests is not None:  # with events alone, the start is unknown
        recorder.wait_for(titled("Shell, with comma"))
    fake_hyprland.open("kitty", "Second")
    recorder.wait_for(titled("Second"))
    seen = len(recorder.events)
    fake_hyprland.shutdown()
    recorder.wait_for(lambda info: info is None)
    watcher.stop()
    assert watcher.failure is not None and recorder.events[seen:] == [None]
