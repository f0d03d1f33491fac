"""The X server goes away while the app runs (offscreen Qt here, so only the window
watcher loses its display): the app says pull-only, tells doctor, retries, and watches
again once an X server is back."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cuecard.clock import FixedClock
from cuecard.context import AppContext
from cuecard.doctor import running_watcher_check
from cuecard.models import WindowInfo
from cuecard.ui.bridge import LibraryService
from cuecard.ui.controller import TrayController
from cuecard.watch.base import BackendChoice
from cuecard.watch.privacy import PrivacyRules
from cuecard.watch.select import choose_watcher
from cuecard.watch.status import WatcherStatus, WatchState
from tests.e2e.conftest import _require_x
from tests.e2e.xsession import XSession
from tests.watch.x11_driver import X11Driver

pytestmark = pytest.mark.x11


@pytest.fixture
def sessions() -> Iterator[list[XSession]]:
    _require_x()
    started: list[XSession] = []
    yield started
    for session in started:
        session.stop()


def titled(title: str) -> Callable[[WindowInfo | None], bool]:
    return lambda info: info is not None and info.title == title


def in_state(state: WatchState) -> Callable[[WatcherStatus], bool]:
    return lambda status: status.state is state


def test_x_server_killed_while_running_then_back(
    qtbot: QtBot,
    tmp_path: Path,
    content_root: Path,
    clock: FixedClock,
    sessions: list[XSession],
) -> None:
    sessions.append(XSession(with_tray=False).start())
    env = {"DISPLAY": sessions[0].display}

    def choose() -> BackendChoice:  # as the app chooses, on whatever display is up now
        return choose_watcher(env=dict(env), platform="linux", privacy=PrivacyRules.create())

    settings = tmp_path / "settings.yaml"
    settings.write_text("content.builtin: false\n")
    context = AppContext.create(tmp_path / "data", settings, [content_root], clock=clock)
    controller = TrayController(
        context,
        LibraryService(context.open_library(), watch=False),
        tray_available=False,
        use_hotkey=False,
        choose=choose,
        backoff=lambda attempt: min(1.0, 0.05 * 2**attempt),
    )
    try:
        run_through_a_crash(qtbot, controller, context, sessions, env)
    finally:
        controller.quit()


def run_through_a_crash(
    qtbot: QtBot,
    controller: TrayController,
    context: AppContext,
    sessions: list[XSession],
    env: dict[str, str],
) -> None:
    window = controller.no_tray
    assert window is not None
    qtbot.addWidget(window)
    assert controller.watcher.status.backend == "x11"
    with qtbot.waitSignal(controller.service.loading_finished, timeout=10_000):
        controller.start()
    with qtbot.waitSignal(
        controller.watcher.window_changed, check_params_cb=titled("Before"), timeout=15_000
    ):
        X11Driver(sessions[0]).open_window("xterm", "Before", "Crash")

    with qtbot.waitSignal(
        controller.watcher.status_changed,
        check_params_cb=in_state(WatchState.RETRYING),
        timeout=15_000,
    ):
        sessions[0].stop()  # Xvfb, openbox and the xterm are gone
    assert "lost the X display" in controller.watcher.status.reason
    assert controller.actions.watch_status.isVisible()
    assert "Pull-only: the window watcher stopped" in window.status.text()
    assert controller.current_window is None
    check = running_watcher_check(context)
    assert check is not None and not check.ok and "lost the X display" in check.detail
    # Tries on a display that is gone fail (no poller of nothing either) and back off.
    qtbot.waitUntil(lambda: controller.watcher.status.attempts >= 3, timeout=15_000)
    assert controller.watcher.status.state is WatchState.RETRYING
    assert "cannot open X display" in controller.watcher.status.last_try

    sessions.append(XSession(with_tray=False).start())
    env["DISPLAY"] = sessions[1].display
    with qtbot.waitSignal(
        controller.watcher.status_changed,
        check_params_cb=in_state(WatchState.WATCHING),
        timeout=15_000,
    ):
        pass
    assert controller.watcher.status.backend == "x11"
    assert not controller.actions.watch_status.isVisible()
    assert "Pull-only" not in window.status.text()
    check = running_watcher_check(context)
    assert check is not None and check.ok
    driver = X11Driver(sessions[1])
    try:
        with qtbot.waitSignal(
            controller.watcher.window_changed, check_params_cb=titled("After"), timeout=15_000
        ):
            driver.open_window("xterm", "After", "Back")
    finally:
        driver.close_all()
