"""The running app feeds every reported window to the log's filter, so nothing written
while it runs, its own lines or a back-end's error quoting a title, names the window."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from cuecard.context import AppContext
from cuecard.logs import LOG_NAME, start_logging, stop_logging
from cuecard.models import WindowInfo
from cuecard.ui.bridge import LibraryService
from cuecard.ui.controller import TrayController
from cuecard.ui.settings_window import SettingsChange
from cuecard.watch.base import BackendChoice
from cuecard.watch.privacy import PrivacyRules, PrivateWatcher
from cuecard.watch.scripted import ScriptedWatcher

QuitAfter = Callable[[TrayController], TrayController]
WINDOW = WindowInfo(app="payroll-client", title="Salary review — Ana Lopez", window_class="Payroll")


def test_a_window_title_never_reaches_the_log(
    qtbot: QtBot, tmp_path: Path, content_root: Path, quit_after: QuitAfter
) -> None:
    user = tmp_path / "user.yaml"
    user.write_text("content.builtin: false\n")
    context = AppContext.create(tmp_path / "data", user, [content_root])
    redactor = start_logging(context.paths.log_dir)
    try:
        scripted = ScriptedWatcher()
        choice = BackendChoice("scripted", "t", PrivateWatcher(scripted, PrivacyRules.create()))
        service = LibraryService(context.open_library(), watch=False)
        controller = quit_after(
            TrayController(
                context, service, tray_available=False, watcher=choice, log_filter=redactor
            )
        )
        assert controller.no_tray is not None
        qtbot.addWidget(controller.no_tray)
        controller.start()
        with qtbot.waitSignal(controller.watcher.window_changed):
            scripted.push(WINDOW)
        # What a back-end does when it fails on a window (wayland_common, x11, windows).
        try:
            raise OSError(f"cannot read the title of {WINDOW.title!r} ({WINDOW.app})")
        except OSError:
            logging.getLogger("cuecard.watch.x11").exception("window change callback failed")
        controller.settings.apply(SettingsChange({"nudges.per_hour": 1}))
        controller.quit()
    finally:
        stop_logging(redactor)
    written = (context.paths.log_dir / LOG_NAME).read_text(encoding="utf-8")
    assert "settings changed: nudges.per_hour" in written
    assert "window change callback failed" in written and "OSError" in written
    for secret in (WINDOW.title, WINDOW.app, "Ana Lopez", "Payroll"):
        assert secret not in written, secret


def test_a_focused_elements_names_never_reach_the_log(
    qtbot: QtBot, tmp_path: Path, quit_after: QuitAfter
) -> None:
    from tests.a11y.scripted import Chooser
    from tests.conftest import write_card

    from cuecard.models import FocusedElement

    root = tmp_path / "content"
    write_card(
        root, "raise.md", "---\nwhen: [{class: Payroll, dialog: 'Raise*'}]\n---\n# R\n\nB.\n"
    )
    user = tmp_path / "user.yaml"
    user.write_text("content.builtin: false\n")
    context = AppContext.create(tmp_path / "data", user, [root])
    window = WindowInfo(app="payroll", title="Payroll", window_class="Payroll", pid=41)
    element = FocusedElement("text", "Bonus of Ana Lopez", "Raise for Bo Chen", pid=41)
    redactor = start_logging(context.paths.log_dir)
    try:
        scripted = ScriptedWatcher()
        choice = BackendChoice("scripted", "t", PrivateWatcher(scripted, PrivacyRules.create()))
        chooser = Chooser()
        controller = quit_after(
            TrayController(
                context,
                LibraryService(context.open_library(), watch=False),
                tray_available=False,
                watcher=choice,
                log_filter=redactor,
                choose_focus=chooser,
            )
        )
        assert controller.no_tray is not None
        qtbot.addWidget(controller.no_tray)
        with qtbot.waitSignal(controller.loop.index_ready, timeout=10_000):
            controller.start()
        [elements] = chooser.made  # a card names a dialog: the element watcher runs
        with qtbot.waitSignal(controller.loop.focus_target_changed):
            scripted.push(window)
        with qtbot.waitSignal(controller.elements.element_changed):
            elements.push(element)
        # What a back-end does when it fails on an element (atspi, uia: log.exception).
        try:
            raise ValueError(f"no parent for {element.name!r} in {element.dialog!r}")
        except ValueError:
            logging.getLogger("cuecard.a11y.uia").exception("focus event failed")
        controller.quit()
    finally:
        stop_logging(redactor)
    written = (context.paths.log_dir / LOG_NAME).read_text(encoding="utf-8")
    assert "focus event failed" in written and "ValueError" in written
    for secret in ("Bonus of Ana Lopez", "Raise for Bo Chen", "Ana Lopez", "Bo Chen"):
        assert secret not in written, secret
