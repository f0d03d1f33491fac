"""The KWin back-end on a private D-Bus session bus.

The driver plays the KWin script: it calls org.cuecard.Watcher.Report on the watcher's
bus name exactly as the script's callDBus does. `FakeKWin` plays org.kde.KWin's
/Scripting interface, so loading, running and unloading the script is tested too.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from cuecard.models import Rect
from cuecard.watch import wayland_kde as kde
from cuecard.watch.base import BackendUnavailable
from cuecard.watch.wayland_dbus import BusClient, DBusCallError, body_of, member_of
from tests.watch.contract import Recorder, WatcherContract, titled

jeepney = pytest.importorskip("jeepney", reason="the KWin back-end needs jeepney (Linux only)")
WATCHER = jeepney.DBusAddress(kde.OBJECT_PATH, bus_name=kde.BUS_NAME, interface=kde.INTERFACE)
NO_WINDOW = ("", "", 0, False, 0, 0, 0, 0)


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

    def _report(self) -> None:
        body = NO_WINDOW
        if self.windows:
            w = self.windows[-1]
            body = (w["caption"], w["class"], 0, w["fullscreen"], 0, 0, 1920, 1080)
        self.bus.call(report_call("ssibiiii", body))

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
            self._report()

    def set_fullscreen(self, handle: Any, on: bool) -> None:
        self._find(handle)["fullscreen"] = on
        if self.windows[-1]["id"] == handle:
            self._report()

    def close(self, handle: Any) -> None:
        self.windows.remove(self._find(handle))
        self._report()


class FakeKWin:
    """org.kde.KWin's /Scripting on the private bus; `run` reports one window (as doubles)."""

    def __init__(self, address: str, plasma: int = 6) -> None:
        self.bus = BusClient.open_address(address)
        assert self.bus.request_name(kde.KWIN_NAME)
        self.plasma = plasma
        self.calls: list[tuple[str, ...]] = []
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                message = self.bus.next_message(timeout=None)
            except (OSError, ValueError):
                return
            kind, path, _, member = member_of(message)
            if kind != "method_call":
                continue
            with self.lock:
                self.calls.append((path, member, *map(str, body_of(message))))
            run_path = "/Scripting/Script7" if self.plasma == 6 else "/7"
            if (path, member) == ("/Scripting", "loadScript"):
                self.bus.reply(message, "i", (7,))
            elif (path, member) == ("/Scripting", "unloadScript"):
                self.bus.reply(message, "b", (True,))
            elif (path, member) == (run_path, "run"):
                self.bus.reply(message)
                body = ("Budget, Q3 — Calc", "libreoffice-calc", 0, True, 0.0, 0.0, 1.92e3, 1.08e3)
                self.bus.send(report_call("ssdbdddd", body))
            else:
                self.bus.reply_error(message, "org.freedesktop.DBus.Error.UnknownObject", path)

    def seen(self) -> list[tuple[str, ...]]:
        with self.lock:
            return list(self.calls)

    def close(self) -> None:
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
        assert client.call(report_call("ssibiiii", NO_WINDOW)) == ()
    finally:
        client.close()
        watcher.stop()


def test_report_payloads() -> None:
    assert kde.report_to_info(NO_WINDOW) is None
    assert kde.report_to_info(()) is None
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
