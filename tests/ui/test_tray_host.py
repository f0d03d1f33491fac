"""The tray host coming and going while the app runs (docs/reliability.md): the icon is
made once a host appears (a panel that starts after Cuecard), the no-tray window comes
back only after the host has been gone for several checks (a restart changes nothing),
and a no-tray window the user closed stays closed while nothing changes."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from cuecard.clock import FixedClock
from cuecard.context import AppContext
from cuecard.ui.bridge import LibraryService
from cuecard.ui.controller import TrayController
from cuecard.ui.tray_host import GONE_CHECKS
from cuecard.watch.base import BackendChoice


def controller_without_tray(tmp_path: Path, clock: FixedClock, host: list[bool]) -> TrayController:
    settings = tmp_path / "settings.yaml"
    settings.write_text("content.builtin: false\n")
    context = AppContext.create(tmp_path / "data", settings, [], clock=clock)
    controller = TrayController(
        context,
        LibraryService(context.open_library(), watch=False),
        tray_available=False,
        watcher=BackendChoice("none", "test", None),
        use_hotkey=False,
    )
    controller.follow_tray_host(False, available=lambda: host[0])
    return controller


def test_a_panel_that_starts_late_gets_the_icon_and_the_window_goes(
    qtbot: QtBot, tmp_path: Path, clock: FixedClock
) -> None:
    host = [False]
    controller = controller_without_tray(tmp_path, clock, host)
    window = controller.no_tray
    assert window is not None and controller.tray is None
    qtbot.addWidget(window)
    controller.start()
    try:
        assert window.isVisible()
        controller.check_tray_host()
        assert window.isVisible() and controller.tray is None, "no host yet: nothing changes"
        host[0] = True
        controller.check_tray_host()
        assert controller.tray is not None and controller.tray.icon.isVisible()
        assert not window.isVisible()
        host[0] = False
        for _ in range(GONE_CHECKS - 1):
            controller.check_tray_host()
            assert not window.isVisible(), "a panel being restarted changes nothing"
        controller.check_tray_host()
        assert window.isVisible(), "gone for good: the no-tray window is back"
        window.close()
        for _ in range(GONE_CHECKS * 2):
            controller.check_tray_host()
        assert not window.isVisible(), "closed by the user: it stays closed"
        host[0] = True
        controller.check_tray_host()
        assert not window.isVisible() and controller.tray.icon.isVisible()
    finally:
        controller.quit()
