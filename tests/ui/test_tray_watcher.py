"""The tray follows the active window: copy a trigger, or say it is pull-only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from cuecard.clock import SYSTEM_CLOCK, Clock
from cuecard.context import AppContext
from cuecard.models import WindowInfo
from cuecard.ui.bridge import LibraryService
from cuecard.ui.controller import TrayController
from cuecard.watch.base import BackendChoice
from cuecard.watch.privacy import PrivacyRules, PrivateWatcher
from cuecard.watch.scripted import ScriptedWatcher

QuitAfter = Callable[[TrayController], TrayController]


def make_controller(
    context_dir: Path, content_root: Path, choice: BackendChoice, clock: Clock = SYSTEM_CLOCK
) -> TrayController:
    settings = context_dir / "settings.yaml"
    settings.write_text("content.builtin: false\n")
    context = AppContext.create(context_dir / "data", settings, [content_root], clock)
    service = LibraryService(context.open_library(), watch=False)
    return TrayController(context, service, tray_available=False, watcher=choice)


def test_copy_trigger_for_the_current_window(
    qtbot: QtBot, tmp_path: Path, content_root: Path, quit_after: QuitAfter
) -> None:
    scripted = ScriptedWatcher()
    choice = BackendChoice("scripted", "test", PrivateWatcher(scripted, PrivacyRules.create()))
    controller = quit_after(make_controller(tmp_path, content_root, choice))
    assert controller.no_tray is not None
    qtbot.addWidget(controller.no_tray)
    controller.start()
    assert not controller.actions.copy_trigger.isEnabled()
    window = WindowInfo(
        app="soffice.bin", title="Q3.ods - LibreOffice Calc", window_class="libreoffice-calc"
    )
    with qtbot.waitSignal(controller.watcher.window_changed):
        scripted.push(window)
    assert controller.actions.copy_trigger.isEnabled()
    text = controller.copy_trigger()
    assert "app: [soffice.bin]" in text
    assert "title: '* - LibreOffice Calc'" in text
    assert QGuiApplication.clipboard().text() == text
    with qtbot.waitSignal(controller.watcher.window_changed):
        scripted.push(WindowInfo(app="keepassxc", title="Passwords.kdbx - KeePassXC"))
    assert controller.current_window is not None and controller.current_window.private
    assert not controller.actions.copy_trigger.isEnabled()
    assert controller.copy_trigger() == ""


def test_pull_only_mode_is_shown(
    qtbot: QtBot, tmp_path: Path, content_root: Path, quit_after: QuitAfter
) -> None:
    choice = BackendChoice("none", "pull-only mode: x11: no X11 display", None, False)
    controller = quit_after(make_controller(tmp_path, content_root, choice))
    assert controller.no_tray is not None
    qtbot.addWidget(controller.no_tray)
    with qtbot.waitSignal(controller.service.loading_finished, timeout=10_000):
        controller.start()
    assert controller.actions.watch_status.isVisible()
    assert "Pull-only" in controller.actions.watch_status.text()
    assert "no X11 display" in controller.actions.watch_status.toolTip()
    assert "Pull-only" in controller.no_tray.status.text()


def test_damaged_database_is_replaced_and_the_user_told(
    qtbot: QtBot, tmp_path: Path, content_root: Path, quit_after: QuitAfter
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "cuecard.db").write_bytes(b"garbage" * 200)
    choice = BackendChoice("none", "test", None, False)
    controller = quit_after(make_controller(tmp_path, content_root, choice))
    assert controller.no_tray is not None
    qtbot.addWidget(controller.no_tray)
    with qtbot.waitSignal(controller.notice, timeout=10_000) as notice:
        controller.start()
    assert "moved to" in notice.args[0]
    assert list((tmp_path / "data").glob("cuecard.db.corrupt-*"))
    assert notice.args[0] in controller.no_tray.status.text()


def test_privacy_patterns_that_cannot_be_used_are_in_the_problems_list(
    qtbot: QtBot, tmp_path: Path, content_root: Path, quit_after: QuitAfter
) -> None:
    settings = tmp_path / "settings.yaml"
    settings.write_text(
        "content.builtin: false\nprivacy:\n  exclude_apps: ['re:(?<=x)y']\n", encoding="utf-8"
    )
    context = AppContext.create(tmp_path / "data", settings, [content_root])
    service = LibraryService(context.open_library(), watch=False)
    controller = quit_after(
        TrayController(
            context, service, tray_available=False, watcher=BackendChoice("none", "t", None)
        )
    )
    assert controller.no_tray is not None
    qtbot.addWidget(controller.no_tray)
    with qtbot.waitSignal(controller.service.loading_finished, timeout=10_000):
        controller.start()
    qtbot.waitUntil(lambda: "(…)" not in controller.actions.problems.text())
    assert controller.settings_problems[0] in controller.current_problems()
    controller.show_problems()
    window = controller.problems_window
    assert window is not None
    qtbot.addWidget(window)
    row = window.tree.topLevelItem(0)
    assert row.text(0) == "Error" and row.text(1).endswith("/settings.yaml")
    assert row.text(2).startswith("privacy.exclude_apps: pattern 're:(?<=x)y' cannot be used")
    assert "built-in exclusions still apply" in row.text(2)
