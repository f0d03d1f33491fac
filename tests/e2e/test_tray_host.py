"""The tray host going away and coming back, on a real X server with trayer: Qt embeds
the icon again in a restarted tray; a tray that stays away brings the no-tray window
back (Cuecard stays in reach); a tray that appears after Cuecard started (a login where
the panel starts late) gets the icon and the no-tray window goes."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from Xlib import display as xdisplay
from Xlib.xobject.drawable import Window

from tests.e2e.conftest import wait_for
from tests.e2e.test_nudge_loop import AppProcess
from tests.e2e.xsession import XSession

pytestmark = pytest.mark.x11
TRAYER = [
    "trayer", "--edge", "top", "--align", "right", "--widthtype", "pixel", "--width", "200",
    "--heighttype", "pixel", "--height", "24", "--SetDockType", "true",
]  # fmt: skip


def _classes(window: Window) -> tuple[str, ...]:
    try:
        return tuple(window.get_wm_class() or ())
    except Exception:  # a window that went away while the tree was read
        return ()


def cuecard_windows(session: XSession) -> tuple[bool, bool]:
    """(an icon of Cuecard's is mapped inside trayer's window, a Cuecard window is
    viewable outside it). Both are windows of class "cuecard" named "Cuecard": only
    where they sit tells them apart."""
    connection = xdisplay.Display(session.display)
    icon = window_shown = False
    try:
        stack = [(connection.screen().root, False)]
        while stack:
            window, in_tray = stack.pop()
            classes = _classes(window)
            if "cuecard" in classes:
                try:
                    state = window.get_attributes().map_state
                except Exception:
                    continue
                if in_tray:
                    icon = icon or state != 0
                else:
                    window_shown = window_shown or state == 2  # IsViewable
                continue
            try:
                children = window.query_tree().children
            except Exception:
                continue
            inside = in_tray or any("trayer" in c.lower() or "panel" in c.lower() for c in classes)
            stack.extend((child, inside) for child in children)
    finally:
        connection.close()
    return icon, window_shown


def icon_in_tray(session: XSession) -> bool:
    return cuecard_windows(session)[0]


def no_tray_window(session: XSession) -> bool:
    return cuecard_windows(session)[1]


def start_trayer(session: XSession) -> None:
    session.processes.append(
        subprocess.Popen(
            TRAYER, env=session.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    )
    wait_for(session.tray_ready, what="trayer")


def stop_trayer(session: XSession) -> None:
    for process in session.processes:
        if process.args[0] == "trayer" and process.poll() is None:  # type: ignore[index]
            process.terminate()
            process.wait(10)


@pytest.fixture
def app_args(tmp_path: Path) -> list[str]:
    settings = tmp_path / "settings.yaml"
    settings.write_text("content.builtin: false\nautostart: false\n")
    return ["--data-dir", str(tmp_path / "data"), "--config", str(settings)]


@pytest.fixture
def apps() -> Iterator[list[AppProcess]]:
    started: list[AppProcess] = []
    yield started
    for app in started:
        app.kill()


def test_the_icon_comes_back_with_the_tray_and_the_window_while_it_is_gone(
    x_with_tray: XSession, app_args: list[str], apps: list[AppProcess]
) -> None:
    app = AppProcess(x_with_tray, app_args)
    apps.append(app)
    app.wait(lambda r: r.get("event") == "started", "start-up", timeout=60)
    wait_for(lambda: icon_in_tray(x_with_tray), what="the icon in the tray")
    assert not no_tray_window(x_with_tray)
    stop_trayer(x_with_tray)
    wait_for(lambda: no_tray_window(x_with_tray), timeout=30, what="the no-tray window")
    start_trayer(x_with_tray)
    wait_for(lambda: icon_in_tray(x_with_tray), timeout=30, what="the icon in the new tray")
    wait_for(lambda: not no_tray_window(x_with_tray), timeout=30, what="the window to go")
    app.quit()


def test_a_tray_that_starts_after_cuecard_gets_the_icon(
    x_without_tray: XSession, app_args: list[str], apps: list[AppProcess]
) -> None:
    app = AppProcess(x_without_tray, app_args)
    apps.append(app)
    app.wait(lambda r: r.get("event") == "started", "start-up", timeout=60)
    wait_for(lambda: no_tray_window(x_without_tray), what="the no-tray window")
    start_trayer(x_without_tray)
    wait_for(lambda: icon_in_tray(x_without_tray), timeout=30, what="the icon in the tray")
    wait_for(lambda: not no_tray_window(x_without_tray), timeout=30, what="the window to go")
    app.quit()
