"""The screen fitter moves Cuecard's windows inside the free area, and nothing else."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from cuecard.models import Rect
from cuecard.ui.screens import ScreenFitter, screen_for_native
from cuecard.ui.style import EscapeClosable


def test_our_windows_are_moved_inside_and_qts_own_are_left_alone(qtbot: QtBot) -> None:
    assert ScreenFitter.install() is ScreenFitter.install(), "installed once"
    area = QGuiApplication.primaryScreen().availableGeometry()
    ours, foreign = EscapeClosable(), QWidget()  # QWidget: like the tray icon's window
    for window in (ours, foreign):
        qtbot.addWidget(window)
        window.resize(300, 200)
        window.move(area.right() + 500, area.bottom() + 500)
        window.show()
    qtbot.waitUntil(lambda: area.contains(ours.frameGeometry()))
    assert not area.intersects(foreign.frameGeometry()), "the tray icon's window stays put"


def test_a_window_larger_than_the_screen_is_shrunk(qtbot: QtBot) -> None:
    ScreenFitter.install()
    area = QGuiApplication.primaryScreen().availableGeometry()
    window = EscapeClosable()
    qtbot.addWidget(window)
    window.resize(area.width() * 2, area.height() * 2)
    window.show()
    qtbot.waitUntil(lambda: area.contains(window.frameGeometry()))


def test_the_screen_of_a_window_in_physical_pixels() -> None:
    screen = QGuiApplication.primaryScreen()
    geometry = screen.geometry()
    inside = Rect(geometry.x() + 10, geometry.y() + 10, 100, 100)
    assert screen_for_native(inside) is screen
    assert screen_for_native(Rect(-100_000, -100_000, 10, 10)) is None
    assert screen_for_native(None) is None
