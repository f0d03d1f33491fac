"""The KWin back-end on a private D-Bus session bus.

The driver plays the KWin script: it calls org.cuecard.Watcher.Report on the watcher's
bus name exactly as the script's callDBus does. `FakeKWin` plays org.kde.KWin's
/Scripting interface, so loading, running and unloading the script is tested too.
tests/wayland runs the same back-end against a real KWin; what it found is modelled
here: KWin reports "no window" before every activation, the script sends KWin's id of
each window (a 9th argument), scripts are numbered by how many are loaded (so a new
script's number can belong to another loaded script), and KWin can leave the bus.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from cuecard.models import Rect
from cuecard.own_windows import APP_ID, TOAST_MARGIN, TOAST_TITLE_PREFIX
from cuecard.watch import wayland_kde as kde
from cuecard.watch.base import BackendUnavailable
from cuecard.watch.wayland_dbus import BusClient, DBusCallError, body_of, member_of
from tests.watch.contract import Recorder, WatcherContract, titled

jeepney = pytest.importorskip("jeepney", reason="the KWin back-end needs jeepney (Linux only)")
WATCHER = jeepney.DBusAddress(kde.OBJECT_PATH, bus_name=kde.BUS_NAME, interface=kde.INTERFACE)
NO_WINDOW = ("", "", 0, False, 0, 0, 0, 0, "")
REPORT = "ssibiiiis"


def report_call(signature: str, body: tuple[Any, ...]) -> Any:
    return jeepney.new_method_call(WATCHER, "Report", signature, body)


class KWinScriptDriver:
    """Keeps a window stack and reports its top as the KWin script would."""

    supports_fullscreen = True

    def __init__(self, address: str) -> None:
        self.address = address
        self.bus = BusClient.open_address(address)
        self.windows: list[dict[str, Any]] = []
        self._next = 0

    def make_watcher(self) -> kde.KWinWatcher:
        return kde.create({"DBUS_SESSION_BUS_ADDRESS": self.address}, load_script=False)

    def _report(self, activation: bool = True) -> None:
        if activation:  # real KWin says "no window" before every activation
            self.bus.call(report_call(REPORT, NO_WINDOW))
        body = NO_WINDOW
        if self.windows:
            w = self.windows[-1]
            key = f"{{5e1f-{w['id']}}}"
            body = (w["caption"], w["class"], 0, w["fullscreen"], 0, 0, 1920, 1080, key)
        self.bus.call(report_call(REPORT, body))

    def _find(self, handle: int) -> dict[str, Any]:
        return next(w for w in self.windows if w["id"] == handle)

    def open_window(self, app: str, title: str, window_class: str) -> Any:
        self._next += 1
        self.windows.append(
            {"id": self._next, "caption": title, "class": window_class, "fullscreen": False}
        )
        self._report()
        return self._next

    def activate(self, handle: Any) -> None:
        window = self._find(handle)
        self.windows.remove(window)
        self.windows.append(window)
        self._report()

    def set_title(self, handle: Any, title: str) -> None:
        self._find(handle)["caption"] = title
        if self.windows[-1]["id"] == handle:  # the script follows only the active window
            self._report(activation=False)

    def set_fullscreen(self, handle: Any, on: bool) -> None:
        self._find(handle)["fullscreen"] = on
        if self.windows[-1]["id"] == handle:
            self._report(activation=False)

    def close(self, handle: Any) -> None:
        self.windows.remove(self._find(handle))
        self._report()


class FakeKWin:
    """org.kde.KWin's /Scripting on the private bus, numbering scripts as KWin does (by
    how many are loaded; an object path taken stays with its first script). Running
    Cuecard's script makes it report one window. `loaded` are other tools' scripts."""

    def __init__(self, address: str, plasma: int = 6, loaded: tuple[str, ...] = ()) -> None:
        self.bus = BusClient.open_address(address)
        assert self.bus.request_name(kde.KWIN_NAME)
        self.plasma = plasma
        self.calls: list[tuple[str, ...]] = []
        self.scripts: list[str] = []
        self.paths: dict[str, str] = {}
        self.running: set[str] = set()
        self.lock = threading.Lock()
        for name in loaded:
            self._load(name)
            self.running.add(name)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _path(self, number: int) -> str:
        return f"/Scripting/Script{number}" if self.plasma == 6 else f"/{number}"

    def _load(self, name: str) -> int:
        number = len(self.scripts)
        self.scripts.append(name)
        self.paths.setdefault(self._path(number), name)
        return number

    def _unload(self, name: str) -> bool:
        if name not in self.scripts:
            return False
        self.scripts.remove(name)
        self.running.discard(name)
        for path in [p for p, n in self.paths.items() if n == name]:
            del self.paths[path]
        return True

    def unload(self, name: str) -> None:
        """Another tool unloads its script."""
        with self.lock:
            self._unload(name)

    def _run(self, name: str) -> None:
        if name in self.running:
            return
        self.running.add(name)
        if name == kde.PLUGIN_NAME:
            body = ("Budget, Q3 — Calc", "libreoffice-calc", 0, True, 0.0, 0.0, 1.92e3, 1.08e3)
            self.bus.send(report_call("ssdbdddd", body))

    def _serve(self) -> None:
        while True:
            try:
                message = self.bus.next_message(timeout=None)
            except (OSError, ValueError):
                return
            kind, path, _, member = member_of(message)
            if kind != "method_call":
                continue
            body = body_of(message)
            with self.lock:
                self.calls.append((path, member, *map(str, body)))
                if (path, member) == ("/Scripting", "loadScript"):
                    known = str(body[1]) in self.scripts
                    self.bus.reply(message, "i", (-1 if known else self._load(str(body[1])),))
                elif (path, member) == ("/Scripting", "unloadScript"):
                    self.bus.reply(message, "b", (self._unload(str(body[0])),))
                elif (path, member) == ("/Scripting", "start"):
                    self.bus.reply(message)
                    for name in list(self.scripts):
                        self._run(name)
                elif member == "run" and path in self.paths:
                    self.bus.reply(message)
                    self._run(self.paths[path])
                else:
                    error = "org.freedesktop.DBus.Error.UnknownObject"
                    self.bus.reply_error(message, error, path)

    def seen(self) -> list[tuple[str, ...]]:
        with self.lock:
            return list(self.calls)

    def close(self) -> None:
        """KWin goes away: its connection, and so its bus name, are gone."""
        self.bus.interrupt()
        self.thread.join(timeout=5)
        self.bus.close()


class TestKWinContract(WatcherContract):
    @pytest.fixture
    def driver(self, bus_address: str) -> Iterator[KWinScriptDriver]:
        driver = KWinScriptDriver(bus_address)
        yield driver
        driver.bus.close()


@pytest.mark.parametrize("plasma", [6, 5])
def test_loads_runs_and_unloads_the_script(bus_address: str, plasma: int) -> None:
    kwin = FakeKWin(bus_address, plasma)
    try:
        watcher = kde.create({"DBUS_SESSION_BUS_ADDRESS": bus_address})
        recorder = Recorder()
        watcher.start(recorder)
        info = recorder.wait_for(titled("Budget, Q3 — Calc"))
        assert info is not None and info.window_class == "libreoffice-calc" and info.fullscreen
        assert info.geometry == Rect(0, 0, 1920, 1080)
        watcher.stop()
        watcher.stop()
        calls = kwin.seen()
        script = str(kde.script_path())
        assert ("/Scripting", "loadScript", script, kde.PLUGIN_NAME) in calls
        assert calls[-1] == ("/Scripting", "unloadScript", kde.PLUGIN_NAME)
    finally:
        kwin.close()


@pytest.mark.parametrize("plasma", [6, 5])
def test_runs_its_script_when_its_number_belongs_to_another_script(
    bus_address: str, plasma: int
) -> None:
    # Two other tools loaded scripts (numbers 0 and 1), the first unloaded its own:
    # KWin gives ours number 1 too, and that object is still the second tool's script.
    kwin = FakeKWin(bus_address, plasma, loaded=("first-tool", "second-tool"))
    kwin.unload("first-tool")
    try:
        watcher = kde.create({"DBUS_SESSION_BUS_ADDRESS": bus_address})
        recorder = Recorder()
        watcher.start(recorder)
        recorder.wait_for(titled("Budget, Q3 — Calc"))
        watcher.stop()
        assert kde.PLUGIN_NAME in kwin.running or kde.PLUGIN_NAME not in kwin.scripts
    finally:
        kwin.close()


def test_reports_no_window_once_when_kwin_goes_away(bus_address: str) -> None:
    kwin = FakeKWin(bus_address)
    watcher = kde.create({"DBUS_SESSION_BUS_ADDRESS": bus_address})
    recorder = Recorder()
    watcher.start(recorder)
    recorder.wait_for(titled("Budget, Q3 — Calc"))
    kwin.close()
    recorder.wait_for(lambda info: info is None)
    watcher.stop()
    assert watcher.failure is not None and "KWin left" in watcher.failure
    assert recorder.events.count(None) == 1


def test_windows_that_look_alike_are_two_windows(bus_address: str) -> None:
    driver = KWinScriptDriver(bus_address)
    watcher = driver.make_watcher()
    recorder = Recorder()
    watcher.start(recorder)
    try:
        driver.open_window("notes", "Untitled 1 - Notes", "org.example.Notes")
        first = recorder.wait_for(titled("Untitled 1 - Notes"))
        driver.open_window("notes", "Untitled 1 - Notes", "org.example.Notes")
        second = recorder.wait_for(lambda i: i is not None and i is not first)
        assert first is not None and second is not None
        assert second.title == first.title and second.window_id != first.window_id
    finally:
        watcher.stop()
        driver.bus.close()


def test_create_needs_kwin_and_a_free_name(bus_address: str) -> None:
    env = {"DBUS_SESSION_BUS_ADDRESS": bus_address}
    with pytest.raises(BackendUnavailable, match="KWin is not running"):
        kde.create(env)
    first = kde.create(env, load_script=False)
    try:
        with pytest.raises(BackendUnavailable, match="already watching"):
            kde.create(env, load_script=False)
    finally:
        first.stop()
    kde.create(env, load_script=False).stop()  # the name is free again


def test_create_without_a_session_bus() -> None:
    with pytest.raises(BackendUnavailable, match="DBUS_SESSION_BUS_ADDRESS"):
        kde.create({})


def test_unknown_methods_get_an_error_reply(bus_address: str) -> None:
    watcher = kde.create({"DBUS_SESSION_BUS_ADDRESS": bus_address}, load_script=False)
    watcher.start(Recorder())
    client = BusClient.open_address(bus_address)
    try:
        with pytest.raises(DBusCallError, match="UnknownMethod"):
            client.call(jeepney.new_method_call(WATCHER, "Explode"))
        assert client.call(report_call(REPORT, NO_WINDOW)) == ()
    finally:
        client.close()
        watcher.stop()


def test_report_payloads() -> None:
    assert kde.report_to_info(NO_WINDOW) is None
    assert kde.report_to_info(()) is None
    keyed = [kde.report_to_info(("A", "a", 5, False, 0, 0, 1, 1, key)) for key in "xxy"]
    assert [i.window_id if i else None for i in keyed][:2] == [keyed[0].window_id] * 2  # type: ignore[union-attr]
    assert keyed[2] is not None and keyed[2].window_id not in (0, keyed[0].window_id)  # type: ignore[union-attr]
    info = kde.report_to_info(("Inbox, 3 unread", [107, 109, 97, 105, 108], 0, 0, 1.4, 2, 3, 4))
    assert info is not None and info.window_class == "kmail" and info.app == "kmail"
    assert info.title == "Inbox, 3 unread" and not info.fullscreen
    assert info.geometry == Rect(1, 2, 3, 4) and info.pid is None


def test_the_script_follows_plasma_5_and_6() -> None:
    text = kde.script_path().read_text(encoding="utf-8")
    for needle in ("workspace.windowActivated", "workspace.clientActivated", "captionChanged"):
        assert needle in text
    assert 'callDBus(SERVICE, PATH, IFACE, "Report"' in text
    assert f'SERVICE = "{kde.BUS_NAME}"' in text and f'PATH = "{kde.OBJECT_PATH}"' in text
    # The toast is recognised by the names the UI gives it.
    assert f'APP_ID = "{APP_ID}"' in text and f'TOAST_PREFIX = "{TOAST_TITLE_PREFIX}"' in text
    assert f"TOAST_MARGIN = {TOAST_MARGIN};" in text
