"""The app itself on real Wayland desktops (sway 1.7, KWin 5.27), run as an ordinary user.

`python -m cuecard` starts in the compositor's session exactly as the `cuecard` command
would (QT_QPA_PLATFORM=wayland). Three desktops: sway with a swaybar that shows a tray
(the app's tray icon is a StatusNotifierItem there, and a click on it opens the search),
sway without a bar and KWin without plasmashell (no tray: the app shows its no-tray
window). A window whose title matches a card gets a nudge; the compositor's own record
says the toast never took the user's focus (sway: no focus event for it at all, thanks
to the no_focus rule; KWin: focus handed straight back by the script, as KWin activates
every new window first), and that it sits above, in the bottom-right corner. A click on
it, through a virtual pointer, opens the card; `cuecard doctor` names the back-end and
why; `cuecard --quit` ends the app, and the SQLite file holds the events.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pytest

from cuecard.own_windows import TOAST_MARGIN, TOAST_TITLE_PREFIX
from cuecard.store.db import open_db
from cuecard.watch.wayland_dbus import BusClient
from tests.conftest import write_card
from tests.e2e.conftest import wait_for
from tests.wayland.account import Account, UserPython
from tests.wayland.compositors import HEIGHT, WIDTH, Compositor, KWin, Sway
from tests.wayland.kwin_probe import KWinProbe
from tests.wayland.sway_ipc import SwayEvents, SwayIPC

pytestmark = pytest.mark.wayland
BUDGET = "Quarterly budget.ods - LibreOffice Calc"
CARD = "Freeze the header row"
TOAST = f"{TOAST_TITLE_PREFIX}{CARD}"


@dataclass(frozen=True)
class Seen:
    """A window as the compositor sees it."""

    title: str
    pid: int
    focused: bool
    x: int
    y: int
    width: int
    height: int


class Desk(Protocol):
    """One real desktop, seen through the compositor's own interfaces."""

    compositor: Compositor
    watcher_line: str
    tray_advice: str
    tray: bool

    def windows(self) -> list[Seen]: ...

    def toast_never_took_focus(self, toast: Seen, user_pid: int) -> None: ...

    def close(self) -> None: ...


class SwayDesk:
    watcher_line = "sway (event-driven; sway answers on its IPC socket"
    tray_advice = "On sway, give your bar a tray (tray_output"

    def __init__(self, sway: Sway) -> None:
        self.compositor = sway
        self.tray = sway.tray
        self.ipc = SwayIPC(sway.socket_path)
        self.events = SwayEvents(sway.socket_path)

    def windows(self) -> list[Seen]:
        return [
            Seen(str(w["name"]), int(w["pid"]), bool(w["focused"]), *_rect(w["rect"]))
            for w in self.ipc.windows()
        ]

    def toast_never_took_focus(self, toast: Seen, user_pid: int) -> None:
        focused = [w for c, w in self.events.seen() if c == "focus" and w["pid"] == toast.pid]
        assert [w["name"] for w in focused if w["name"] == TOAST] == []

    def close(self) -> None:
        self.events.close()
        self.ipc.close()


class KWinDesk:
    watcher_line = "kwin (event-driven; another Cuecard (pid"
    tray_advice = "On KDE Plasma, add the System Tray widget to a panel"

    tray = False

    def __init__(self, kwin: KWin) -> None:
        self.compositor = kwin
        self.probe = KWinProbe(kwin.bus_address, kwin.folder, kwin.log_tail)
        self.probe.record_activations()

    def windows(self) -> list[Seen]:
        return [
            Seen(str(w["caption"]), int(w["pid"]), bool(w["active"]), *_rect(w))
            for w in self.probe.windows()
        ]

    def toast_never_took_focus(self, toast: Seen, user_pid: int) -> None:
        seen = [(a["caption"], a["pid"]) if a else None for a in self.probe.recorded()]
        # KWin activates every new window itself; the script hands focus back at once.
        since = seen[seen.index((TOAST, toast.pid)) :]
        assert since[-1] == (BUDGET, user_pid), seen
        assert set(since) <= {(BUDGET, user_pid), (TOAST, toast.pid), None}, seen
        above = [w for w in self.probe.windows() if w["caption"] == TOAST]
        assert above and above[0]["keepAbove"] and above[0]["skipTaskbar"]

    def close(self) -> None:
        self.probe.close()


def _rect(rect: dict[str, Any]) -> tuple[int, int, int, int]:
    return (round(rect["x"]), round(rect["y"]), round(rect["width"]), round(rect["height"]))


@pytest.fixture(params=["sway-with-tray", "sway", "kwin"])
def desk(request: pytest.FixtureRequest, account: Account, user_py: UserPython) -> Iterator[Desk]:
    compositor: Compositor
    if request.param == "kwin":
        compositor = KWin(account, user_py)
    else:
        compositor = Sway(account, user_py, tray=request.param == "sway-with-tray")
    with compositor:
        view: Desk = SwayDesk(compositor) if isinstance(compositor, Sway) else KWinDesk(compositor)  # type: ignore[arg-type]
        yield view
        view.close()


def app_options(work: Path) -> list[str]:
    pack = work / "pack"
    write_card(
        pack,
        "freeze.md",
        f"---\nminutes: 2\nwhen:\n  - title: '*Quarterly budget*'\n---\n# {CARD}\n\n"
        "## Select row 2\nClick it.\n\n## Freeze\nView > Freeze.\n",
    )
    settings = work / "settings.yaml"
    settings.write_text("content.builtin: false\n")
    return ["--data-dir", str(work / "data"), "--config", str(settings), "--content", str(pack)]


def cuecard(desk: Desk, options: list[str], *args: str, log: Path) -> subprocess.Popen[Any]:
    compositor = desk.compositor
    with log.open("ab") as output:
        return compositor.spawn(
            [compositor.python.python, "-m", "cuecard", *options, *args],
            stdout=output,
            stderr=output,
        )


def window(desk: Desk, title: str, pid: int) -> Seen | None:
    return next((w for w in desk.windows() if w.title == title and w.pid == pid), None)


def tray_items(compositor: Compositor) -> list[int]:
    """The pids behind the StatusNotifierItems the session's tray host shows."""
    from jeepney import DBusAddress, Properties

    watcher = DBusAddress(
        "/StatusNotifierWatcher",
        bus_name="org.kde.StatusNotifierWatcher",
        interface="org.kde.StatusNotifierWatcher",
    )
    bus = BusClient.open_address(compositor.bus_address)
    try:
        items = bus.call(Properties(watcher).get("RegisteredStatusNotifierItems"))[0][1]
        owners = (str(item).split("/", 1)[0] for item in items)
        return [int(bus.call_bus("GetConnectionUnixProcessID", "s", o)[0]) for o in owners]
    finally:
        bus.close()


def wait_until_running(desk: Desk, app: subprocess.Popen[Any], log: Path) -> None:
    """The app is up: its tray icon is in the tray, or its no-tray window is shown."""
    if desk.tray:
        wait_for(lambda: app.pid in tray_items(desk.compositor), 30, f"the tray icon ({log})")
        assert window(desk, "Cuecard", app.pid) is None, "a tray, so no no-tray window"
    else:
        wait_for(lambda: window(desk, "Cuecard", app.pid), 30, f"the no-tray window ({log})")


def test_nudge_keeps_the_users_focus_and_a_click_opens_the_card(desk: Desk) -> None:
    compositor = desk.compositor
    log = compositor.work / "app.log"
    options = app_options(compositor.work)
    app = cuecard(desk, options, log=log)
    wait_until_running(desk, app, log)
    compositor.pointer()  # a seat with a pointer before the toast maps
    user = compositor.window(BUDGET, "libreoffice-calc")
    wait_for(lambda: (window(desk, BUDGET, user.pid) or Seen("", 0, False, 0, 0, 0, 0)).focused)

    def toast_in_corner() -> Seen | None:
        toast = window(desk, TOAST, app.pid)
        right, bottom = WIDTH - TOAST_MARGIN, HEIGHT - TOAST_MARGIN
        if toast is None or (toast.x + toast.width, toast.y + toast.height) != (right, bottom):
            return None
        return toast

    toast: Seen = wait_for(toast_in_corner, 30, "the nudge in the corner")  # type: ignore[assignment]
    budget = window(desk, BUDGET, user.pid)
    assert budget is not None and budget.focused, "the user's window keeps the focus"
    desk.toast_never_took_focus(toast, user.pid)

    compositor.click(toast.x + 8, toast.y + toast.height / 2)  # the toast's body
    wait_for(lambda: window(desk, f"{CARD} — Cuecard", app.pid), what="the card window")

    doctor_log = compositor.work / "doctor.log"
    doctor = cuecard(desk, options, "doctor", log=doctor_log)
    assert doctor.wait(timeout=60) == 0
    report = doctor_log.read_text()
    watcher = next(line for line in report.splitlines() if "window watcher" in line)
    assert desk.watcher_line in watcher and "chosen for a Wayland session" in watcher
    if desk.tray:
        assert "ok  tray            system tray available" in report
        bar = SwayIPC(compositor.socket_path).workspace_rect()["y"]  # type: ignore[attr-defined]
        compositor.click(WIDTH - 10, bar / 2)  # the tray icon, at the right end of the bar
        wait_for(lambda: window(desk, "Search cards — Cuecard", app.pid), what="the search")
    else:
        assert f"no system tray: Cuecard shows a small window instead. {desk.tray_advice}" in report

    assert cuecard(desk, options, "--quit", log=log).wait(timeout=30) == 0
    assert app.wait(timeout=30) == 0
    rows = (
        open_db(compositor.work / "data" / "cuecard.db")
        .db.execute("SELECT kind, card_id, value FROM events ORDER BY id")
        .fetchall()
    )
    assert rows == [("shown", "freeze", "proactive"), ("opened", "freeze", None)]
