"""The nudge: pauses while hovered, has a close ×, shows the hotkey, names the app."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPointF
from PySide6.QtGui import QEnterEvent, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from tests.conftest import write_card

from cuecard.models import Card, Rect, WindowInfo
from cuecard.ui import nudge
from cuecard.ui.nudge import NudgeToast
from cuecard.watch.app_names import AppNames

XTERM = WindowInfo(
    app="xterm", title="bash - second", window_class="XTerm", geometry=Rect(0, 0, 640, 480)
)
XTERM_DESKTOP = "[Desktop Entry]\nName=XTerm\nExec=xterm\nStartupWMClass=XTerm\n"


@pytest.fixture
def card(tmp_path: Path) -> Card:
    return Card(
        id="t/ctrl-r",
        title="Search your shell history",
        path=tmp_path / "c.md",
        root=tmp_path,
        minutes=1,
        summary="Ctrl+R finds a command you typed before.",
    )


@pytest.fixture
def toast(qtbot: QtBot, tmp_path: Path) -> NudgeToast:
    apps = tmp_path / "applications"
    write_card(apps, "debian-xterm.desktop", XTERM_DESKTOP)
    made = NudgeToast(QIcon(), name_app=AppNames("linux", folders=lambda: [apps], env={}).name)
    qtbot.addWidget(made)
    return made


def enter(toast: NudgeToast) -> None:
    inside = QPointF(10, 10)
    QApplication.sendEvent(toast, QEnterEvent(inside, inside, toast.mapToGlobal(inside)))


def leave(toast: NudgeToast) -> None:
    QApplication.sendEvent(toast, QEvent(QEvent.Type.Leave))


def test_heading_names_the_application_not_a_fragment_of_the_title(
    toast: NudgeToast, card: Card
) -> None:
    toast.offer(card, XTERM)
    assert toast.heading.text() == "Tip for XTerm"


def test_hover_pauses_the_countdown_and_leaving_resumes_it(
    qtbot: QtBot, toast: NudgeToast, card: Card, monkeypatch: pytest.MonkeyPatch
) -> None:
    toast.offer(card, XTERM)
    assert toast._timer.isActive() and not toast.paused
    enter(toast)
    assert toast.paused, "the pointer is on the toast: it stays"
    assert not toast._timer.isActive()
    assert toast.isVisible()
    monkeypatch.setattr(nudge, "AFTER_HOVER_MS", 50)
    toast._remaining_ms = 10  # as if it was about to go when the pointer came
    with qtbot.waitSignal(toast.expired, timeout=5000) as expired:
        leave(toast)
        assert toast._timer.isActive()
        assert toast._timer.remainingTime() > 10, "time to decide after the pointer leaves"
    assert expired.args == [card]
    assert not toast.isVisible()


def test_a_new_offer_restarts_the_full_countdown(toast: NudgeToast, card: Card) -> None:
    toast.offer(card, XTERM)
    enter(toast)
    leave(toast)
    toast.offer(card, XTERM)
    assert toast._timer.remainingTime() > nudge.TIMEOUT_MS - 1000


def test_close_button_dismisses_as_later(qtbot: QtBot, toast: NudgeToast, card: Card) -> None:
    toast.offer(card, XTERM)
    assert toast.close_button.isVisible() and toast.close_button.text() == "✕"
    with qtbot.waitSignal(toast.later) as later:
        toast.close_button.click()
    assert later.args == [card]
    assert not toast.isVisible()


def test_hotkey_hint_shows_the_configured_keys(toast: NudgeToast, card: Card) -> None:
    toast.offer(card, XTERM)
    assert not toast.hotkey_hint.isVisible(), "no hotkey works here: no hint"
    toast.set_hotkey("Ctrl+Alt+Space")
    assert toast.hotkey_hint.isVisible()
    assert toast.hotkey_hint.text() == "Ctrl+Alt+Space"


def test_every_offer_is_announced_for_recent_tips(
    qtbot: QtBot, toast: NudgeToast, card: Card
) -> None:
    with qtbot.waitSignal(toast.offered) as offered:
        toast.offer(card, XTERM)
    assert offered.args == [card]


def test_toast_sits_inside_the_free_area_of_the_active_windows_screen(
    toast: NudgeToast, card: Card
) -> None:
    toast.offer(card, XTERM)
    area = QGuiApplication.primaryScreen().availableGeometry()
    assert area.contains(toast.frameGeometry())
