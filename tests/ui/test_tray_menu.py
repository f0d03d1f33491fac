"""The tray menu: the hotkey next to Search, entries that say why they are empty or
greyed out, Pause nudges, Recent tips, Help and about, and the badge of broken cards."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QImage, QPixmap
from pytestqt.qtbot import QtBot
from tests.conftest import write_card
from tests.ui.test_tray_watcher import QuitAfter, make_controller

from cuecard import __version__
from cuecard.clock import SYSTEM_CLOCK, Clock, FixedClock
from cuecard.models import WindowInfo
from cuecard.store.events import PROACTIVE, Event, EventKind
from cuecard.ui.controller import TrayController
from cuecard.ui.snooze import UNTIL_RESUMED
from cuecard.ui.tray import PAUSE_TITLE, Tray, TrayActions
from cuecard.watch.base import BackendChoice
from cuecard.watch.privacy import PrivacyRules, PrivateWatcher
from cuecard.watch.scripted import ScriptedWatcher

NO_WATCHER = BackendChoice("none", "test", None, False)
XTERM = WindowInfo(app="xterm", title="bash - second", window_class="XTerm", window_id=3)
CALC = WindowInfo(app="soffice.bin", title="Q3.ods - LibreOffice Calc", window_id=4)


def started(
    qtbot: QtBot,
    tmp_path: Path,
    content_root: Path,
    quit_after: QuitAfter,
    clock: Clock = SYSTEM_CLOCK,
) -> tuple[TrayController, ScriptedWatcher]:
    scripted = ScriptedWatcher()
    choice = BackendChoice("scripted", "test", PrivateWatcher(scripted, PrivacyRules.create()))
    controller = quit_after(make_controller(tmp_path, content_root, choice, clock))
    assert controller.no_tray is not None
    qtbot.addWidget(controller.no_tray)
    loaded = [controller.loop.state_loaded, controller.loop.index_ready]
    with qtbot.waitSignals(loaded, timeout=10_000):
        controller.start()
    return controller, scripted


def texts(actions: TrayActions) -> list[tuple[str, bool]]:
    return [(a.text(), a.isEnabled()) for a in actions.cards_menu.actions()]


def test_search_shows_the_hotkey_next_to_it(qtbot: QtBot) -> None:
    actions = TrayActions()
    assert actions.search.shortcut().isEmpty(), "no hotkey works: none shown"
    actions.set_hotkey("Ctrl+Alt+Space")
    assert actions.search.shortcut().toString() == "Ctrl+Alt+Space"
    assert actions.search.isShortcutVisibleInContextMenu()
    assert "Ctrl+Alt+Space" in actions.search.toolTip()


def test_empty_and_disabled_entries_say_why(
    qtbot: QtBot, tmp_path: Path, content_root: Path, quit_after: QuitAfter
) -> None:
    controller, scripted = started(qtbot, tmp_path, content_root, quit_after)
    actions = controller.actions
    assert texts(actions) == [("Cuecard has not seen a window yet", False)]
    assert "not seen a window" in actions.copy_trigger.toolTip()
    assert not actions.resume.isEnabled() and "not paused" in actions.resume.toolTip()
    with qtbot.waitSignal(controller.loop.candidates_changed):
        scripted.push(XTERM)
    assert texts(actions) == [("No card for XTerm yet", False)] or texts(actions) == [
        ("No card for Xterm yet", False)
    ]
    with qtbot.waitSignal(controller.loop.candidates_changed):
        scripted.push(CALC)
    assert texts(actions) == [("Freeze the header row  (2 min)", True)]
    with qtbot.waitSignal(controller.loop.candidates_changed):
        scripted.push(WindowInfo(app="keepassxc", title="Passwords.kdbx - KeePassXC"))
    assert texts(actions) == [("The window in front is private", False)]
    assert "private" in actions.copy_trigger.toolTip() and not actions.copy_trigger.isEnabled()


def test_pause_until_i_resume_and_resume(
    qtbot: QtBot, tmp_path: Path, content_root: Path, quit_after: QuitAfter, clock: FixedClock
) -> None:
    # The test clock stands at noon: an hour's pause ends today (it failed from 23:00).
    controller, _ = started(qtbot, tmp_path, content_root, quit_after, clock)
    actions = controller.actions
    assert actions.snooze_menu.title() == PAUSE_TITLE == "Pause nudges"
    actions.snooze_forever.trigger()
    assert controller.loop.snoozed_until == UNTIL_RESUMED
    assert actions.snooze_menu.title() == "Nudges paused until you resume them"
    assert actions.resume.isEnabled()
    assert controller.no_tray is not None
    assert "Nudges paused until you resume them" in controller.no_tray.status.text()
    actions.resume.trigger()
    assert controller.loop.snoozed_until is None
    assert actions.snooze_menu.title() == "Pause nudges"
    assert "paused" not in controller.no_tray.status.text()
    actions.snooze_hour.trigger()
    until = controller.context.clock.now() + timedelta(hours=1)
    assert actions.snooze_menu.title() == f"Nudges paused until {until.astimezone():%H:%M}"


def test_recent_tips_list_offered_cards_and_open_them(
    qtbot: QtBot, tmp_path: Path, content_root: Path, quit_after: QuitAfter
) -> None:
    controller, _ = started(qtbot, tmp_path, content_root, quit_after)
    menu = controller.actions.recent_menu
    (empty,) = menu.actions()
    assert not empty.isEnabled() and "No tips yet" in empty.text()
    card = controller.service.snapshot.cards["calc/freeze"]
    controller.toast.offer(card, CALC)
    (entry,) = menu.actions()
    now = controller.context.clock.now().astimezone()
    assert entry.text() == f"Freeze the header row\t{now:%H:%M}"
    controller.toast.hide()
    entry.trigger()
    assert "calc/freeze" in controller.card_windows
    qtbot.addWidget(controller.card_windows["calc/freeze"])


def test_recent_tips_survive_a_restart(
    qtbot: QtBot, tmp_path: Path, content_root: Path, quit_after: QuitAfter
) -> None:
    controller, _ = started(qtbot, tmp_path, content_root, quit_after)
    now = controller.context.clock.now()
    controller.writer.record(Event(EventKind.SHOWN, now, "calc/freeze", PROACTIVE))
    controller.writer.record(Event(EventKind.SHOWN, now, "notes", None))  # pulled, not a tip
    controller.writer.flush()
    controller.quit()
    again = quit_after(make_controller(tmp_path, content_root, NO_WATCHER))
    assert again.no_tray is not None
    qtbot.addWidget(again.no_tray)
    with qtbot.waitSignal(again.recent.loaded, timeout=10_000):
        again.start()
    qtbot.waitUntil(lambda: bool(again.service.snapshot.generation))
    again.recent.refresh_menu()
    assert [a.text().split("\t")[0] for a in again.actions.recent_menu.actions()] == [
        "Freeze the header row"
    ]


def test_help_and_about(
    qtbot: QtBot, tmp_path: Path, content_root: Path, quit_after: QuitAfter
) -> None:
    controller, _ = started(qtbot, tmp_path, content_root, quit_after)
    controller.actions.about.trigger()
    about = controller.about_window
    assert about is not None
    qtbot.addWidget(about)
    assert about.windowTitle() == "Help and about — Cuecard"
    assert about.version.text() == f"Version {__version__}"
    assert "never keeps window titles" in about.stores.text()
    assert Path(about.facts.guide.toLocalFile()).is_file(), "the user guide ships with Cuecard"
    about.stored_button.click()
    assert controller.learning.stored is not None and controller.learning.stored.isVisible()
    qtbot.addWidget(controller.learning.stored)


def red_share(icon: QIcon) -> float:
    image = icon.pixmap(QSize(32, 32)).toImage().convertToFormat(QImage.Format.Format_ARGB32)
    corner = [QColor(image.pixel(x, y)) for x in range(20, 32) for y in range(20, 32)]
    return sum(1 for c in corner if c.red() > 180 and c.green() < 90) / len(corner)


def test_tray_badge_while_a_card_is_broken(qtbot: QtBot) -> None:
    pixmap = QPixmap(32, 32)
    pixmap.fill(QColor("#3060c0"))
    base = QIcon(pixmap)
    tray = Tray(base, TrayActions())
    assert red_share(tray.icon.icon()) == 0
    tray.set_badge(2, 1)
    assert red_share(tray.icon.icon()) > 0.3, "a red dot in the corner"
    tray.set_badge(0, 3)
    assert red_share(tray.icon.icon()) == 0, "warnings only: amber, not red"
    assert tray.icon.icon().cacheKey() != base.cacheKey()
    tray.set_badge(0, 0)
    assert tray.icon.icon().cacheKey() == base.cacheKey()


def test_controller_badges_the_tray_when_a_card_breaks(
    qtbot: QtBot, tmp_path: Path, content_root: Path, quit_after: QuitAfter
) -> None:
    write_card(content_root, "broken.md", "---\nminutes: [\n---\n# Broken\n")
    controller = make_controller(tmp_path, content_root, NO_WATCHER)
    quit_after(controller)
    controller.tray = Tray(QIcon(), controller.actions, controller)
    with qtbot.waitSignal(controller.service.loading_finished, timeout=10_000):
        controller.start()
    qtbot.waitUntil(lambda: controller.tray is not None and controller.tray.badge[0] == 1)
