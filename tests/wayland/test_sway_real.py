"""The sway back-end against a real sway 1.7, headless, with real Wayland windows.

The shared watcher contract runs as it does against the double in
tests/watch/test_wayland_sway.py; the tests after it check what only a real sway shows:
GTK and Xwayland windows, sway going away, and the rules that keep Cuecard's toast
unfocused and in the corner.
"""

from __future__ import annotations

from typing import Any

import pytest

from cuecard.models import WindowInfo
from cuecard.own_windows import TOAST_MARGIN
from cuecard.watch import wayland_sway
from tests.e2e.conftest import wait_for
from tests.watch.contract import Recorder, WatcherContract, titled
from tests.wayland.clients_io import LineClient
from tests.wayland.compositors import Sway
from tests.wayland.sway_ipc import SwayEvents, SwayIPC

pytestmark = pytest.mark.wayland
TOAST_TITLE = "Cuecard: Freeze the header row"


class RealSwayDriver:
    """Drives real windows in a real sway: what a user's keys would do becomes IPC
    commands (`focus`, `fullscreen`); titles change in the client itself."""

    supports_fullscreen = True

    def __init__(self, sway: Sway) -> None:
        self.sway = sway
        self.ipc = SwayIPC(sway.socket_path)

    def make_watcher(self) -> wayland_sway.SwayWatcher:
        return wayland_sway.create({"SWAYSOCK": self.sway.socket_path})

    def open_window(self, app: str, title: str, window_class: str) -> Any:
        return self.sway.window(title, window_class)

    def activate(self, handle: Any) -> None:
        self.ipc.command(f"[pid={handle.pid}] focus")

    def set_title(self, handle: Any, title: str) -> None:
        handle.command(f"title {title}")

    def set_fullscreen(self, handle: Any, on: bool) -> None:
        self.ipc.command(f"[pid={handle.pid}] fullscreen {'enable' if on else 'disable'}")

    def close(self, handle: Any) -> None:
        handle.close()


class TestRealSwayContract(WatcherContract):
    @pytest.fixture
    def driver(self, sway: Sway) -> RealSwayDriver:
        return RealSwayDriver(sway)


@pytest.fixture
def watching(sway: Sway) -> Any:
    watcher = wayland_sway.create({"SWAYSOCK": sway.socket_path})
    recorder = Recorder()
    watcher.start(recorder)
    yield watcher, recorder
    watcher.stop()


def test_gtk_and_xwayland_windows_come_with_their_ids_and_pids(
    sway: Sway, watching: tuple[wayland_sway.SwayWatcher, Recorder]
) -> None:
    _, recorder = watching
    gtk = sway.window("Invoice — GTK", "org.example.Invoices", toolkit="gtk")
    info = recorder.wait_for(titled("Invoice — GTK"))
    assert info is not None
    assert (info.window_class, info.pid, info.app) == ("org.example.Invoices", gtk.pid, "python3")
    xterm = sway.xterm("Ledger (X11)")
    info = recorder.wait_for(titled("Ledger (X11)"))
    assert info is not None
    assert (info.window_class, info.pid, info.app) == ("XTerm", xterm.pid, "xterm")


def test_reports_no_window_once_when_sway_goes_away(
    sway: Sway, watching: tuple[wayland_sway.SwayWatcher, Recorder]
) -> None:
    watcher, recorder = watching
    sway.window("Editor", "org.example.Editor")
    recorder.wait_for(titled("Editor"))
    sway.kill()
    recorder.wait_for(lambda info: info is None)
    watcher.stop()
    assert watcher.failure is not None and recorder.events.count(None) == 1


def corner(ipc: SwayIPC, window: dict[str, Any]) -> tuple[int, int]:
    area, rect = ipc.workspace_rect(), window["rect"]
    return (
        area["x"] + area["width"] - rect["width"] - TOAST_MARGIN,
        area["y"] + area["height"] - rect["height"] - TOAST_MARGIN,
    )


def placed_toast(ipc: SwayIPC) -> dict[str, Any]:
    def in_corner() -> dict[str, Any] | None:
        toast = ipc.find(lambda w: w.get("name") == TOAST_TITLE)
        if toast is None or (toast["rect"]["x"], toast["rect"]["y"]) != corner(ipc, toast):
            return None
        return toast

    return wait_for(in_corner, what="the toast in the bottom-right corner")  # type: ignore[return-value]


def open_user_window(sway: Sway, recorder: Recorder) -> tuple[LineClient, WindowInfo | None]:
    user = sway.window("Quarterly budget.ods", "libreoffice-calc")
    return user, recorder.wait_for(titled("Quarterly budget.ods"))


def test_the_toast_never_takes_focus_and_floats_in_the_corner(
    sway: Sway, watching: tuple[wayland_sway.SwayWatcher, Recorder]
) -> None:
    _, recorder = watching
    ipc = SwayIPC(sway.socket_path)
    events = SwayEvents(sway.socket_path)
    user, _ = open_user_window(sway, recorder)
    # Another process stands in for the app's toast: same app id, same title shape.
    sway.window(TOAST_TITLE, "cuecard", fixed=True)
    toast = placed_toast(ipc)
    focused = ipc.focused()
    assert focused is not None and focused["pid"] == user.pid
    assert toast["type"] == "floating_con" and toast["border"] == "none"
    assert [c for c, w in events.seen() if w["id"] == toast["id"] and c == "focus"] == []
    assert all(e is None or e.title != TOAST_TITLE for e in recorder.events)
    events.close()


def test_a_click_on_the_toast_hands_focus_back_to_the_users_window(
    sway: Sway, watching: tuple[wayland_sway.SwayWatcher, Recorder]
) -> None:
    _, recorder = watching
    ipc = SwayIPC(sway.socket_path)
    events = SwayEvents(sway.socket_path)
    user, _ = open_user_window(sway, recorder)
    sway.pointer()  # the seat gets its pointer before the toast maps
    sway.window(TOAST_TITLE, "cuecard", fixed=True)
    rect = placed_toast(ipc)["rect"]
    sway.click(rect["x"] + 10, rect["y"] + rect["height"] / 2)
    wait_for(
        lambda: any(c == "focus" and w["name"] == TOAST_TITLE for c, w in events.seen()),
        what="sway focusing the clicked toast",
    )
    wait_for(lambda: (ipc.focused() or {}).get("pid") == user.pid, what="focus back")
    events.close()


def test_after_a_config_reload_a_toast_that_got_focus_gives_it_back(
    sway: Sway, watching: tuple[wayland_sway.SwayWatcher, Recorder]
) -> None:
    _, recorder = watching
    ipc = SwayIPC(sway.socket_path)
    events = SwayEvents(sway.socket_path)
    user, _ = open_user_window(sway, recorder)
    ipc.command("reload")  # the rules sent at start are gone now
    first = sway.window(TOAST_TITLE, "cuecard", fixed=True)
    placed_toast(ipc)
    wait_for(lambda: (ipc.focused() or {}).get("pid") == user.pid, what="focus back")
    assert any(c == "focus" and w["pid"] == first.pid for c, w in events.seen()), "reload"
    first.close()
    second = sway.window(TOAST_TITLE, "cuecard", fixed=True)
    placed_toast(ipc)
    assert not any(c == "focus" and w["pid"] == second.pid for c, w in events.seen())
    focused = ipc.focused()
    assert focused is not None and focused["pid"] == user.pid
    events.close()
