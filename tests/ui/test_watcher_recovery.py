"""A window watcher that fails while the app runs: the app says pull-only, tells doctor,
retries with backoff and, once a watcher runs again, says nothing any more."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from pytestqt.qtbot import QtBot

from cuecard.clock import FixedClock
from cuecard.context import AppContext
from cuecard.doctor import running_watcher_check
from cuecard.models import WindowInfo
from cuecard.ui.bridge import LibraryService
from cuecard.ui.controller import TrayController
from cuecard.ui.watching import WatcherBridge
from cuecard.watch.base import BackendChoice, ChangeCallback
from cuecard.watch.scripted import ScriptedWatcher
from cuecard.watch.status import WatcherStatus, WatchState, read_status

QuitAfter = Callable[[TrayController], TrayController]
SHELL = WindowInfo(app="xterm", title="Shell", window_id=1)


def scripted(watcher: ScriptedWatcher) -> BackendChoice:
    return BackendChoice("scripted", "event-driven", watcher)


def in_state(state: WatchState) -> Callable[[WatcherStatus], bool]:
    return lambda status: status.state is state


def test_failed_watcher_is_shown_told_to_doctor_retried_and_recovers(
    qtbot: QtBot, tmp_path: Path, content_root: Path, clock: FixedClock, quit_after: QuitAfter
) -> None:
    settings = tmp_path / "settings.yaml"
    settings.write_text("content.builtin: false\n")
    context = AppContext.create(tmp_path / "data", settings, [content_root], clock=clock)
    first, second = ScriptedWatcher(), ScriptedWatcher()
    offers = iter(
        [
            BackendChoice("none", "pull-only mode: scripted: the compositor is away", None),
            scripted(second),
        ]
    )
    attempts: list[int] = []

    def backoff(attempt: int) -> float:
        attempts.append(attempt)
        return 0.01

    controller = quit_after(
        TrayController(
            context,
            LibraryService(context.open_library(), watch=False),
            tray_available=False,
            watcher=scripted(first),
            choose=lambda: next(offers),
            backoff=backoff,
        )
    )
    window = controller.no_tray
    assert window is not None
    qtbot.addWidget(window)
    with qtbot.waitSignal(controller.service.loading_finished, timeout=10_000):
        controller.start()
    with qtbot.waitSignal(controller.watcher.window_changed):
        first.push(SHELL)
    assert controller.current_window == SHELL
    assert not controller.actions.watch_status.isVisible()
    assert running_watcher_check(context) is not None

    with qtbot.waitSignal(
        controller.watcher.status_changed, check_params_cb=in_state(WatchState.RETRYING)
    ):
        first.fail("the compositor went away")
    # The tray menu, its tooltip and the no-tray window all say so ...
    item = controller.actions.watch_status
    assert item.isVisible() and item.text().startswith("Pull-only: the window watcher stopped")
    assert "the compositor went away" in item.toolTip()
    assert "Pull-only: the window watcher stopped" in window.status.text()
    assert controller.current_window is None, "no nudges for a window nobody watches"
    # ... and so does `cuecard doctor`, a separate process, through the status file.
    check = running_watcher_check(context)
    assert check is not None and not check.ok
    assert "retrying" in check.detail and "the compositor went away" in check.detail
    status = read_status(context.paths.watcher_status)
    assert status is not None and status.state is WatchState.RETRYING

    with qtbot.waitSignal(
        controller.watcher.status_changed,
        check_params_cb=in_state(WatchState.WATCHING),
        timeout=10_000,
    ):
        pass
    assert attempts == [0, 1], "the back-end was chosen again, after a failed try too"
    assert not item.isVisible()
    assert "Pull-only" not in window.status.text(), "the status line is gone"
    check = running_watcher_check(context)
    assert check is not None and check.ok and "Watching" in check.detail
    with qtbot.waitSignal(controller.watcher.window_changed) as report:
        second.push(SHELL)
    assert report.args == [SHELL]
    assert controller.current_window == SHELL


class RefusesToStart(ScriptedWatcher):
    """A back-end chosen while the display was up, started after it went away."""

    def start(self, on_change: ChangeCallback) -> None:
        raise ConnectionRefusedError("display refused")


def test_a_start_that_raises_and_a_thread_that_dies_silently_are_retried(
    qtbot: QtBot, tmp_path: Path, clock: FixedClock
) -> None:
    status_file = tmp_path / "watcher-status.json"
    later = [ScriptedWatcher(), ScriptedWatcher()]
    offers: Iterator[ScriptedWatcher] = iter(later)
    bridge = WatcherBridge(
        scripted(RefusesToStart()),
        lambda: scripted(next(offers)),
        clock=clock.now,
        status_file=status_file,
        backoff=lambda _attempt: 0.01,
        health_ms=10,
    )
    states: list[WatcherStatus] = []
    bridge.status_changed.connect(states.append)
    try:
        bridge.start()  # used to raise into the caller
        assert states[-1].state is WatchState.RETRYING
        assert "ConnectionRefusedError" in states[-1].reason
        qtbot.waitUntil(lambda: bridge.choice.watcher is later[0])
        assert bridge.status.watching
        later[0].vanish()  # the thread ends and reports nothing: found by the health check
        qtbot.waitUntil(lambda: bridge.choice.watcher is later[1])
        reasons = [s.reason for s in states if s.state is WatchState.RETRYING]
        assert "the scripted watcher thread ended unexpectedly" in reasons
        assert bridge.status.watching
        assert read_status(status_file) == bridge.status
    finally:
        bridge.stop()
    assert not status_file.exists(), "no status left behind once the app has quit"
