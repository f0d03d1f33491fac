"""The KWin back-end against a real KWin 5.27 (kwin_wayland --virtual), real windows.

The watcher loads the project's own resources/kwin/cuecard-watch.js through KWin's
Scripting D-Bus interface exactly as the app does (as root, from the link tree the test
user can read). Window switches come from the tests' own KWin scripts (kwin_probe.py),
as Alt+Tab or a click would.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cuecard.own_windows import TOAST_MARGIN
from cuecard.watch import wayland_kde as kde
from cuecard.watch.base import BackendInUse
from cuecard.watch.wayland_dbus import BusClient
from tests.e2e.conftest import wait_for
from tests.watch.contract import Recorder, WatcherContract, titled
from tests.wayland.account import UserPython
from tests.wayland.compositors import KWin
from tests.wayland.kwin_probe import KWinProbe

pytestmark = pytest.mark.wayland
TOAST_TITLE = "Cuecard: Freeze the header row"


def script_for(user_py: UserPython) -> Path:
    """The project's KWin script where KWin (the test user) can read it."""
    return user_py.checkout / "resources" / "kwin" / "cuecard-watch.js"


def make_watcher(kwin: KWin, user_py: UserPython) -> kde.KWinWatcher:
    env = {"DBUS_SESSION_BUS_ADDRESS": kwin.bus_address}
    return kde.create(env, script=script_for(user_py))


class RealKWinDriver:
    """Drives real windows in a real KWin."""

    supports_fullscreen = True

    def __init__(self, kwin: KWin, probe: KWinProbe, user_py: UserPython) -> None:
        self.kwin = kwin
        self.probe = probe
        self.user_py = user_py

    def make_watcher(self) -> kde.KWinWatcher:
        return make_watcher(self.kwin, self.user_py)

    def open_window(self, app: str, title: str, window_class: str) -> Any:
        return self.kwin.window(title, window_class)

    def activate(self, handle: Any) -> None:
        self.probe.activate(handle.pid)

    def set_title(self, handle: Any, title: str) -> None:
        handle.command(f"title {title}")

    def set_fullscreen(self, handle: Any, on: bool) -> None:
        self.probe.set_fullscreen(handle.pid, on)

    def close(self, handle: Any) -> None:
        handle.close()


class TestRealKWinContract(WatcherContract):
    @pytest.fixture
    def driver(self, kwin: KWin, probe: KWinProbe, user_py: UserPython) -> RealKWinDriver:
        return RealKWinDriver(kwin, probe, user_py)


@pytest.fixture
def watching(kwin: KWin, user_py: UserPython) -> Any:
    watcher = make_watcher(kwin, user_py)
    recorder = Recorder()
    watcher.start(recorder)
    yield watcher, recorder
    watcher.stop()


def script_loaded(kwin: KWin) -> bool:
    from jeepney import DBusAddress, new_method_call

    scripting = DBusAddress("/Scripting", bus_name=kde.KWIN_NAME, interface=kde.SCRIPTING_INTERFACE)
    bus = BusClient.open_address(kwin.bus_address)
    try:
        call = new_method_call(scripting, "isScriptLoaded", "s", (kde.PLUGIN_NAME,))
        return bool(bus.call(call)[0])
    finally:
        bus.close()


def test_the_script_is_loaded_while_watching_and_unloaded_on_stop(
    kwin: KWin, user_py: UserPython
) -> None:
    watcher = make_watcher(kwin, user_py)
    recorder = Recorder()
    watcher.start(recorder)
    kwin.window("Mail", "org.kde.kmail2")
    recorder.wait_for(titled("Mail"))
    assert script_loaded(kwin)
    watcher.stop()
    assert not script_loaded(kwin)


def test_equal_titles_are_reported_as_the_windows_set_them(
    kwin: KWin, watching: tuple[kde.KWinWatcher, Recorder]
) -> None:
    _, recorder = watching
    first = kwin.window("Untitled 1 - Notes", "org.example.Notes")
    recorder.wait_for(lambda i: i is not None and i.pid == first.pid)
    second = kwin.window("Untitled 1 - Notes", "org.example.Notes")
    info = recorder.wait_for(lambda i: i is not None and i.pid == second.pid)
    assert info is not None and info.title == "Untitled 1 - Notes"  # KWin says "... <2>"


def test_gtk_and_xwayland_windows_come_with_their_ids_and_pids(
    kwin_with_xwayland: KWin, user_py: UserPython
) -> None:
    kwin = kwin_with_xwayland
    watcher = make_watcher(kwin, user_py)
    recorder = Recorder()
    watcher.start(recorder)
    try:
        gtk = kwin.window("Invoice — GTK", "org.example.Invoices", toolkit="gtk")
        info = recorder.wait_for(titled("Invoice — GTK"))
        assert info is not None
        assert (info.window_class, info.pid, info.app) == (
            "org.example.Invoices",
            gtk.pid,
            "python3",
        )
        xterm = kwin.xterm("Ledger (X11)")
        info = recorder.wait_for(titled("Ledger (X11)"))
        assert info is not None
        assert (info.window_class, info.pid, info.app) == ("xterm", xterm.pid, "xterm")
    finally:
        watcher.stop()


def test_reports_no_window_once_when_kwin_goes_away(
    kwin: KWin, watching: tuple[kde.KWinWatcher, Recorder]
) -> None:
    watcher, recorder = watching
    kwin.window("Editor", "org.example.Editor")
    recorder.wait_for(titled("Editor"))
    kwin.kill()
    recorder.wait_for(lambda info: info is None)
    watcher.stop()
    assert watcher.failure is not None and "KWin left" in watcher.failure
    assert recorder.events.count(None) == 1


def test_a_second_watcher_says_which_cuecard_holds_kwin(
    kwin: KWin, user_py: UserPython, watching: tuple[kde.KWinWatcher, Recorder]
) -> None:
    import os

    with pytest.raises(BackendInUse, match=f"pid {os.getpid()}"):
        make_watcher(kwin, user_py)


def test_the_toast_stays_above_in_the_corner_and_focus_goes_straight_back(
    kwin: KWin, probe: KWinProbe, watching: tuple[kde.KWinWatcher, Recorder]
) -> None:
    _, recorder = watching
    user = kwin.window("Quarterly budget.ods", "libreoffice-calc")
    recorder.wait_for(titled("Quarterly budget.ods"))
    probe.record_activations()
    # Another process stands in for the app's toast: same app id, same title shape.
    toast = kwin.window(TOAST_TITLE, "cuecard", fixed=True)

    def placed() -> dict[str, Any] | None:
        found = [w for w in probe.windows() if w["pid"] == toast.pid]
        return found[0] if found and found[0]["keepAbove"] else None

    info: dict[str, Any] = wait_for(placed, what="the toast kept above")  # type: ignore[assignment]
    area = probe.run("answer(workspace.clientArea(KWin.PlacementArea, activeWindow()));")
    assert info["x"] + info["width"] == area["x"] + area["width"] - TOAST_MARGIN
    assert info["y"] + info["height"] == area["y"] + area["height"] - TOAST_MARGIN
    assert info["skipTaskbar"] and info["skipSwitcher"] and not info["active"]
    active = probe.active()
    assert active is not None and active["pid"] == user.pid
    pids = [a["pid"] if a else None for a in probe.recorded()]
    # KWin activates the new toast before any script hears of it; the script gives
    # focus back in the same pass: toast, (none,) user's window, nothing else.
    assert toast.pid in pids and pids[-1] == user.pid and set(pids) <= {toast.pid, user.pid, None}
    assert all(e is None or e.title != TOAST_TITLE for e in recorder.events)
