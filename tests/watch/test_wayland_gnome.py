"""The GNOME Shell back-end on a private D-Bus session bus, and the shipped extension.

`FakeExtension` plays the Cuecard Shell extension: it owns org.cuecard.Shell, answers
Current() on its own thread and emits FocusChanged exactly as extension.js does.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from cuecard.models import Rect
from cuecard.watch import wayland_gnome as gnome
from cuecard.watch.base import BackendUnavailable
from cuecard.watch.wayland_dbus import BusClient, member_of
from tests.watch.contract import Recorder, WatcherContract, titled

jeepney = pytest.importorskip("jeepney", reason="the GNOME back-end needs jeepney (Linux only)")
SIGNATURE = "ssibiiii"
NO_WINDOW = ("", "", 0, False, 0, 0, 0, 0)
EMITTER = jeepney.DBusAddress(gnome.OBJECT_PATH, interface=gnome.INTERFACE)


class FakeExtension:
    """A window stack (last = focused) announced as the Shell extension would."""

    supports_fullscreen = True

    def __init__(self, address: str) -> None:
        self.address = address
        self.bus = BusClient.open_address(address)
        assert self.bus.request_name(gnome.BUS_NAME)
        self.lock = threading.Lock()
        self.windows: list[dict[str, Any]] = []
        self._next = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _payload(self) -> tuple[Any, ...]:
        if not self.windows:
            return NO_WINDOW
        w = self.windows[-1]
        return (w["title"], w["class"], 0, w["fullscreen"], 10, 20, 640, 480)

    def _serve(self) -> None:
        while True:
            try:
                message = self.bus.next_message(timeout=None)
            except (OSError, ValueError):
                return
            kind, path, _, member = member_of(message)
            if kind == "method_call" and (path, member) == (gnome.OBJECT_PATH, "Current"):
                with self.lock:
                    try:
                        self.bus.reply(message, SIGNATURE, self._payload())
                    except OSError:
                        return  # disabled while a call was in flight

    def _changed(self) -> None:  # called with the lock held
        signal = jeepney.new_signal(EMITTER, gnome.SIGNAL, SIGNATURE, self._payload())
        self.bus.connection.send(signal)

    def _find(self, handle: int) -> dict[str, Any]:
        return next(w for w in self.windows if w["id"] == handle)

    # the WatcherDriver side
    def make_watcher(self) -> gnome.GnomeShellWatcher:
        return gnome.create({"DBUS_SESSION_BUS_ADDRESS": self.address})

    def open_window(self, app: str, title: str, window_class: str) -> Any:
        with self.lock:
            self._next += 1
            window = {"id": self._next, "title": title, "class": window_class}
            self.windows.append({**window, "fullscreen": False})
            self._changed()
            return self._next

    def activate(self, handle: Any) -> None:
        with self.lock:
            window = self._find(handle)
            self.windows.remove(window)
            self.windows.append(window)
            self._changed()

    def set_title(self, handle: Any, title: str) -> None:
        with self.lock:
            self._find(handle)["title"] = title
            if self.windows[-1]["id"] == handle:  # only the focused window is followed
                self._changed()

    def set_fullscreen(self, handle: Any, on: bool) -> None:
        with self.lock:
            self._find(handle)["fullscreen"] = on
            if self.windows[-1]["id"] == handle:
                self._changed()

    def close(self, handle: Any) -> None:
        with self.lock:
            self.windows.remove(self._find(handle))
            self._changed()

    def disable(self) -> None:
        """Like `gnome-extensions disable`: the name and the object go away."""
        self.bus.interrupt()
        self.thread.join(timeout=5)
        self.bus.close()


@pytest.fixture
def extension(bus_address: str) -> Iterator[FakeExtension]:
    fake = FakeExtension(bus_address)
    yield fake
    fake.disable()


class TestGnomeShellContract(WatcherContract):
    @pytest.fixture
    def driver(self, extension: FakeExtension) -> FakeExtension:
        return extension


def test_starts_from_the_current_focus(extension: FakeExtension) -> None:
    extension.open_window("gedit", "notes.txt", "org.gnome.TextEditor")
    watcher = extension.make_watcher()
    recorder = Recorder()
    watcher.start(recorder)
    info = recorder.wait_for(titled("notes.txt"))
    watcher.stop()
    assert info is not None and info.window_class == "org.gnome.TextEditor"
    assert info.geometry == Rect(10, 20, 640, 480) and info.app == "org.gnome.texteditor"


def test_extension_going_away_and_coming_back(bus_address: str) -> None:
    first = FakeExtension(bus_address)
    first.open_window("app", "Before", "App")
    watcher = first.make_watcher()
    recorder = Recorder()
    watcher.start(recorder)
    recorder.wait_for(titled("Before"))
    first.disable()
    recorder.wait_for(lambda info: info is None)
    second = FakeExtension(bus_address)
    try:
        second.open_window("app", "After", "App")
        recorder.wait_for(titled("After"))
    finally:
        watcher.stop()
        second.disable()


def test_create_explains_what_is_missing(bus_address: str) -> None:
    env = {"DBUS_SESSION_BUS_ADDRESS": bus_address}
    with pytest.raises(BackendUnavailable, match="GNOME Shell is not running"):
        gnome.create(env)
    shell = BusClient.open_address(bus_address)
    try:
        assert shell.request_name(gnome.SHELL_NAME)
        with pytest.raises(BackendUnavailable) as caught:
            gnome.create(env)
    finally:
        shell.close()
    message = str(caught.value)
    assert "~/.local/share/gnome-shell/extensions/" in message
    assert "gnome-extensions enable cuecard-watch@cuecard.org" in message
    assert "log out" in message


def test_create_without_a_session_bus() -> None:
    with pytest.raises(BackendUnavailable, match="DBUS_SESSION_BUS_ADDRESS"):
        gnome.create({})


def test_payloads() -> None:
    assert gnome.payload_to_info(NO_WINDOW) is None
    info = gnome.payload_to_info(("Re: lunch, Friday?", "Thunderbird", 0, True, -5, 0, 800, 0))
    assert info is not None and info.title == "Re: lunch, Friday?" and info.fullscreen
    assert info.window_class == "Thunderbird" and info.app == "thunderbird"
    assert info.geometry is None


def test_the_shipped_extension() -> None:
    folder = gnome.extension_dir()
    metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    assert metadata["uuid"] == gnome.UUID == folder.name
    assert {"45", "48", "49", "50", "51"} <= set(metadata["shell-version"])
    script = (folder / "extension.js").read_text(encoding="utf-8")
    assert "import {Extension} from 'resource:///org/gnome/shell/extensions/extension.js'" in script
    assert "export default class" in script and "notify::focus-window" in script
    for needle in ("notify::title", "notify::fullscreen", gnome.BUS_NAME, gnome.OBJECT_PATH):
        assert needle in script
    assert "'(ssibiiii)'" in script and '<signal name="FocusChanged">' in script
    readme = (folder.parent / "README.md").read_text(encoding="utf-8")
    assert "~/.local/share/gnome-shell/extensions" in readme
    assert f"gnome-extensions enable {gnome.UUID}" in readme


def test_select_explains_the_missing_extension(bus_address: str) -> None:
    from cuecard.watch.select import choose_watcher

    shell = BusClient.open_address(bus_address)
    try:
        assert shell.request_name(gnome.SHELL_NAME)
        env = {"XDG_SESSION_TYPE": "wayland", "DBUS_SESSION_BUS_ADDRESS": bus_address}
        choice = choose_watcher(env, "linux")
    finally:
        shell.close()
    assert choice.watcher is None and "gnome-shell" not in choice.name
    assert f"gnome-extensions enable {gnome.UUID}" in choice.reason
    assert "KWin is not running" in choice.reason and "SWAYSOCK" in choice.reason
