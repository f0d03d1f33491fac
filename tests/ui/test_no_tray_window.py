"""Without a system tray every tray action is reachable from the no-tray window."""

from __future__ import annotations

from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from cuecard.ui.tray import NoTrayWindow, Tray, TrayActions


def walk(menu: QMenu) -> set[QAction]:
    """Every action in `menu` and its submenus (separators are not actions to reach)."""
    found: set[QAction] = set()
    for action in menu.actions():
        if action.isSeparator():
            continue
        found.add(action)
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            found |= walk(submenu)
    return found


def reachable(window: NoTrayWindow) -> set[QAction]:
    """What a user can click in the window: its buttons' actions and menus."""
    found: set[QAction] = set()
    for button in window.findChildren(QToolButton):
        if button.defaultAction() is not None:
            found.add(button.defaultAction())
        menu = button.menu()
        if menu is not None:
            found.add(menu.menuAction())
            found |= walk(menu)
    return found


def test_every_tray_menu_action_is_reachable_from_the_no_tray_window(qtbot: QtBot) -> None:
    actions = TrayActions()
    tray = Tray(QIcon(), actions)
    window = NoTrayWindow(QIcon(), actions)
    qtbot.addWidget(window)
    card = actions.cards_menu.addAction("Freeze the header row")  # as on_candidates does
    in_tray = walk(tray.menu)
    expected = {
        actions.search,
        actions.for_window,
        card,
        actions.snooze_hour,
        actions.snooze_tomorrow,
        actions.snooze_until,
        actions.snooze_forever,
        actions.resume,
        actions.recent_menu.menuAction(),
        actions.log_learned,
        actions.my_learning,
        actions.learning_log,
        actions.stored_data,
        actions.copy_trigger,
        actions.watch_status,
        actions.problems,
        actions.open_folder,
        actions.settings,
        actions.about,
        actions.quit,
    }
    assert expected <= in_tray
    missing = {a.text() or "(the watcher status line)" for a in in_tray - reachable(window)}
    assert not missing, f"tray actions the no-tray window cannot reach: {missing}"


def test_buttons_trigger_and_follow_their_actions(qtbot: QtBot) -> None:
    actions = TrayActions()
    window = NoTrayWindow(QIcon(), actions)
    qtbot.addWidget(window)
    search = window.findChild(QToolButton, "search")
    with qtbot.waitSignal(actions.search.triggered):
        search.click()
    for_window = window.findChild(QToolButton, "for-window")
    actions.for_window.setEnabled(False)
    assert not for_window.isEnabled()
    actions.for_window.setEnabled(True)
    assert for_window.isEnabled()
    actions.problems.setText("Content problems (3)")
    assert "Content problems (3)" in {a.text() for a in window.menu.actions()}


def test_a_longer_status_grows_the_window_instead_of_overlapping(qtbot: QtBot) -> None:
    window = NoTrayWindow(QIcon(), TrayActions())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.set_tooltip("\n".join(f"Status line {n}" for n in range(5)))
    qtbot.waitUntil(lambda: window.height() >= window.layout().totalHeightForWidth(window.width()))
    message = window.findChild(QWidget, "message")
    more = window.findChild(QToolButton, "more")
    assert message.geometry().bottom() < window.status.geometry().top()
    assert window.status.geometry().bottom() < more.geometry().top()


def test_menu_buttons_show_their_arrow_beside_the_text_not_over_it(qtbot: QtBot) -> None:
    actions = TrayActions()
    window = NoTrayWindow(QIcon(), actions)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    for name in ("for-window", "snooze", "more"):
        button = window.findChild(QToolButton, name)
        assert button.text().endswith(" ▾"), button.text()
        words = button.fontMetrics().horizontalAdvance(button.text())
        assert button.width() >= words, "the whole text fits, arrow included"
    actions.snooze_menu.setTitle("Nudges paused until 15:30")
    assert window.findChild(QToolButton, "snooze").text() == "Nudges paused until 15:30 ▾"
