"""The Settings window: plain words, locked keys greyed, changes applied without a restart."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from tests.conftest import write_card

from cuecard.clock import FixedClock
from cuecard.context import AppContext
from cuecard.models import WindowInfo
from cuecard.platform.autostart_xdg import XdgAutostart
from cuecard.settings import load_settings
from cuecard.ui import live_settings
from cuecard.ui.bridge import LibraryService
from cuecard.ui.controller import TrayController
from cuecard.ui.key_recorder import KeyRecorder, combination
from cuecard.ui.settings_window import MANAGED, SettingsChange, SettingsWindow, pause_text
from cuecard.watch.base import BackendChoice
from cuecard.watch.privacy import PrivacyRules, PrivateWatcher
from cuecard.watch.scripted import ScriptedWatcher

QuitAfter = Callable[[TrayController], TrayController]
USER_FILE = """\
# my settings
content.builtin: false
nudges:
  per_hour: 2   # keep it calm
future.key: from a newer Cuecard
"""


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "site.yaml"
    monkeypatch.setenv("CUECARD_SITE_CONFIG", str(path))
    return path


@pytest.fixture
def autostart(tmp_path: Path) -> XdgAutostart:
    return XdgAutostart(["cuecard", "--autostart"], tmp_path / "autostart", [tmp_path / "sys"])


def window_for(qtbot: QtBot, settings_file: Path, site: Path, clock: FixedClock) -> SettingsWindow:
    settings = load_settings(site, settings_file)
    window = SettingsWindow(settings, False, clock.today())
    qtbot.addWidget(window)
    window.show()
    return window


def test_locked_settings_are_greyed_and_say_who_set_them(
    qtbot: QtBot, tmp_path: Path, site: Path, clock: FixedClock
) -> None:
    site.write_text(
        "nudges.per_hour: 1\nhotkey: <ctrl>+<alt>+k\nlocked: [nudges.per_hour, hotkey]\n"
    )
    user = tmp_path / "user.yaml"
    user.write_text(USER_FILE)
    window = window_for(qtbot, user, site, clock)
    per_hour, per_day = window.budget["nudges.per_hour"], window.budget["nudges.per_day"]
    assert (per_hour.value(), per_hour.isEnabled()) == (1, False)
    assert (per_day.value(), per_day.isEnabled()) == (8, True)
    assert not window.hotkey.isEnabled() and window.hotkey.text() == "Ctrl+Alt+K"
    note = window.findChild(type(window.status), "managed:nudges.per_hour")
    assert note is not None and note.isVisible() and note.text() == MANAGED
    assert str(site) in note.toolTip()
    free = window.findChild(type(window.status), "managed:nudges.per_day")
    assert free is not None and not free.isVisible()
    per_hour.setValue(5)  # even if a locked widget were changed, it is not written
    per_day.setValue(4)
    assert window.change() == SettingsChange({"nudges.per_day": 4})


def test_the_window_shows_and_returns_each_setting(
    qtbot: QtBot, tmp_path: Path, site: Path, clock: FixedClock
) -> None:
    user = tmp_path / "user.yaml"
    user.write_text(
        "nudges.quiet_hours: '18:00-08:30'\ncontent.roots: [~/cards]\n"
        "privacy.exclude_apps: [keepassxc, payroll]\n"
    )
    window = window_for(qtbot, user, site, clock)
    assert window.quiet_on.isChecked() and window.quiet_start.time().hour() == 18
    assert window.exclusions["privacy.exclude_apps"].toPlainText() == "payroll"
    assert window.change() == SettingsChange()
    window.quiet_on.setChecked(False)
    window.exclusions["privacy.exclude_titles"].setPlainText("*Salary*\n\n  *HR case*  \n")
    window.folders.addItem("/srv/team-cards")
    window.autostart.setChecked(True)
    window.nudges_enabled.setChecked(False)
    assert not window.budget["nudges.per_day"].isEnabled()
    assert window.change() == SettingsChange(
        {
            "nudges.enabled": False,
            "nudges.quiet_hours": "",
            "content.roots": ["~/cards", "/srv/team-cards"],
            "privacy.exclude_titles": ["*Salary*", "*HR case*"],
        },
        autostart=True,
    )


def test_an_organisation_pause_is_shown_with_its_date(
    qtbot: QtBot, tmp_path: Path, site: Path, clock: FixedClock
) -> None:
    until = clock.today() + timedelta(days=3)
    site.write_text(f"nudges.paused_until: {until.isoformat()}\n")
    window = window_for(qtbot, tmp_path / "none.yaml", site, clock)
    assert window.pause.isVisible()
    assert window.pause.text().startswith(pause_text(until, clock.today()))
    assert pause_text(until, clock.today()).endswith(
        f"until {until.day} {until:%B}"
        + (f" {until.year}" if until.year != clock.today().year else "")
    )


@pytest.mark.parametrize(
    ("key", "modifiers", "platform", "expected"),
    [
        (
            Qt.Key.Key_K,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier,
            "linux",
            "<ctrl>+<alt>+k",
        ),
        (Qt.Key.Key_Space, Qt.KeyboardModifier.MetaModifier, "linux", "<cmd>+<space>"),
        (Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier, "darwin", "<cmd>+<space>"),
        (Qt.Key.Key_F9, Qt.KeyboardModifier.NoModifier, "linux", "<f9>"),
        (Qt.Key.Key_K, Qt.KeyboardModifier.ShiftModifier, "linux", ""),  # fires while typing
        (Qt.Key.Key_Period, Qt.KeyboardModifier.AltModifier, "win32", "<alt>+."),
    ],
)
def test_key_combinations_in_pynput_syntax(
    key: Qt.Key, modifiers: Qt.KeyboardModifier, platform: str, expected: str
) -> None:
    assert combination(key, modifiers, platform) == expected


def test_the_key_recorder_records_a_combination(qtbot: QtBot) -> None:
    recorder = KeyRecorder("<ctrl>+<alt>+<space>")
    qtbot.addWidget(recorder)
    recorder.show()
    assert recorder.text() == "Ctrl+Alt+Space"
    qtbot.mouseClick(recorder, Qt.MouseButton.LeftButton)
    assert recorder.recording and recorder.text() == "Press the keys…"
    qtbot.keyClick(recorder, Qt.Key.Key_J, Qt.KeyboardModifier.ShiftModifier)
    assert recorder.recording, "Shift+J alone is refused"
    with qtbot.waitSignal(recorder.changed) as changed:
        qtbot.keyClick(
            recorder,
            Qt.Key.Key_J,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert changed.args == ["<ctrl>+<shift>+j"]
    assert not recorder.recording and recorder.text() == "Ctrl+Shift+J"
    qtbot.mouseClick(recorder, Qt.MouseButton.LeftButton)
    qtbot.keyClick(recorder, Qt.Key.Key_Escape)
    assert not recorder.recording and recorder.combo == "<ctrl>+<shift>+j"


def make_controller(
    tmp_path: Path, content_root: Path, autostart: XdgAutostart, clock: FixedClock
) -> tuple[TrayController, ScriptedWatcher, Path]:
    user = tmp_path / "user.yaml"
    user.write_text(USER_FILE)
    context = AppContext.create(tmp_path / "data", user, [content_root], clock=clock)
    scripted = ScriptedWatcher()
    choice = BackendChoice("scripted", "test", PrivateWatcher(scripted, PrivacyRules.create()))
    service = LibraryService(context.open_library(), watch=False)
    controller = TrayController(
        context, service, tray_available=False, watcher=choice, autostart=autostart
    )
    return controller, scripted, user


def test_changes_apply_to_the_running_app_without_a_restart(
    qtbot: QtBot,
    tmp_path: Path,
    site: Path,
    content_root: Path,
    autostart: XdgAutostart,
    clock: FixedClock,
    quit_after: QuitAfter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    registered: list[str] = []
    real_register = live_settings.register
    monkeypatch.setattr(
        live_settings,
        "register",
        lambda combo, cb: registered.append(combo) or real_register(combo, cb),
    )
    controller, scripted, user = make_controller(tmp_path, content_root, autostart, clock)
    quit_after(controller)
    assert controller.no_tray is not None
    qtbot.addWidget(controller.no_tray)
    with qtbot.waitSignals(
        [controller.service.loading_finished, controller.loop.state_loaded], timeout=10_000
    ):
        controller.start()
    assert registered == ["<ctrl>+<alt>+<space>"]
    controller.actions.settings.trigger()
    window = controller.settings.window
    assert window is not None and window.isVisible()
    qtbot.addWidget(window)
    more = tmp_path / "more"
    write_card(more, "extra.md", "# Extra card\n\nFrom a new folder.\n")
    window.budget["nudges.per_hour"].setValue(1)
    window.hotkey.set_combo("<ctrl>+<alt>+j")
    window.folders.addItem(str(more))
    window.exclusions["privacy.exclude_titles"].setPlainText("*Payroll*")
    window.autostart.setChecked(True)
    with qtbot.waitSignal(controller.service.snapshot_changed, timeout=10_000) as new_snapshot:
        window.apply_button.click()
    assert window.status.text() == ""
    assert "Extra card" in {card.title for card in new_snapshot.args[0].cards.values()}
    assert controller.loop.policy.per_hour == 1
    assert registered[-1] == "<ctrl>+<alt>+j"
    assert autostart.enabled() and autostart.user_file.is_file()
    text = user.read_text()
    assert "  per_hour: 1   # keep it calm\n" in text and "future.key: from a newer Cuecard" in text
    assert 'hotkey: "<ctrl>+<alt>+j"' in text
    with qtbot.waitSignal(controller.watcher.window_changed):
        scripted.push(WindowInfo(app="libreoffice", title="Payroll 2031.ods"))
    assert controller.current_window is not None and controller.current_window.private
    window.autostart.setChecked(False)
    window.apply_button.click()
    assert not autostart.user_file.exists()
    assert load_settings(None, user).get("autostart") is False


def test_the_window_in_front_is_hidden_as_soon_as_it_is_excluded(
    qtbot: QtBot,
    tmp_path: Path,
    site: Path,
    content_root: Path,
    autostart: XdgAutostart,
    clock: FixedClock,
    quit_after: QuitAfter,
) -> None:
    controller, scripted, _user = make_controller(tmp_path, content_root, autostart, clock)
    quit_after(controller)
    assert controller.no_tray is not None
    qtbot.addWidget(controller.no_tray)
    controller.start()
    with qtbot.waitSignal(controller.watcher.window_changed):
        scripted.push(WindowInfo(app="soffice.bin", title="Salary review.ods"))
    assert controller.actions.copy_trigger.isEnabled()
    controller.settings.apply(SettingsChange({"privacy.exclude_titles": ["*Salary*"]}))
    assert controller.current_window is not None and controller.current_window.private
    assert not controller.actions.copy_trigger.isEnabled()
    assert controller.loop.window is not None and controller.loop.window.private


def test_an_organisation_pause_shows_in_the_tray_and_holds_nudges_not_pulling(
    qtbot: QtBot,
    tmp_path: Path,
    site: Path,
    content_root: Path,
    autostart: XdgAutostart,
    clock: FixedClock,
    quit_after: QuitAfter,
) -> None:
    until = clock.today() + timedelta(days=1)
    controller, scripted, _user = make_controller(tmp_path, content_root, autostart, clock)
    quit_after(controller)
    assert controller.no_tray is not None
    qtbot.addWidget(controller.no_tray)
    with qtbot.waitSignals(
        [controller.loop.index_ready, controller.loop.state_loaded], timeout=10_000
    ):
        controller.start()
    assert not controller.actions.org_pause.isVisible()
    site.write_text(f"nudges.paused_until: {until.isoformat()}\nlocked: [nudges.paused_until]\n")
    controller.settings.reload()  # as after the Settings window saved
    expected = pause_text(until, clock.today())
    assert controller.actions.org_pause.isVisible()
    assert controller.actions.org_pause.text() == expected
    assert expected in controller.no_tray.status.text()
    with qtbot.waitSignal(controller.loop.decided, timeout=10_000) as decided:
        scripted.push(WindowInfo(app="soffice.bin", title="Q3.ods - LibreOffice Calc"))
    assert decided.args[0].reason == "paused by your organisation"
    # Pulling keeps working: the cards for this window are offered, the hotkey opens one.
    assert [c.card.id for c in controller.loop.candidates] == ["calc/freeze"]
    assert controller.actions.for_window.isEnabled()
    controller.on_hotkey()
    opened = controller.card_windows.get("calc/freeze")
    assert opened is not None and opened.isVisible()
    qtbot.addWidget(opened)
    clock.advance(timedelta(days=2))
    controller.apply_context(controller.context)  # any refresh after the pause ended
    assert not controller.actions.org_pause.isVisible()


def test_a_broken_setting_is_listed_with_the_content_problems(
    qtbot: QtBot,
    tmp_path: Path,
    site: Path,
    content_root: Path,
    autostart: XdgAutostart,
    clock: FixedClock,
    quit_after: QuitAfter,
) -> None:
    site.write_text("nudges.per_day: lots\n")
    controller, _scripted, _user = make_controller(tmp_path, content_root, autostart, clock)
    quit_after(controller)
    assert controller.no_tray is not None
    qtbot.addWidget(controller.no_tray)
    with qtbot.waitSignal(controller.service.loading_finished, timeout=10_000):
        controller.start()
    problems = [p for p in controller.current_problems() if p.path == site]
    assert [(p.line, p.message) for p in problems] == [
        (1, "setting 'nudges.per_day' has the wrong type; ignored")
    ]
    assert controller.loop.policy.per_day == 8, "the default stays in force"


def test_the_learner_switches_the_pulse_on_and_reviews_off(
    qtbot: QtBot,
    tmp_path: Path,
    site: Path,
    content_root: Path,
    autostart: XdgAutostart,
    clock: FixedClock,
    quit_after: QuitAfter,
) -> None:
    from cuecard.store.events import EventKind

    site.write_text("learning.fading: false\nlocked: [learning.fading]\n")
    controller, _, user = make_controller(tmp_path, content_root, autostart, clock)
    quit_after(controller)
    assert controller.no_tray is not None
    qtbot.addWidget(controller.no_tray)
    with qtbot.waitSignals(
        [controller.service.loading_finished, controller.loop.state_loaded], timeout=10_000
    ):
        controller.start()
    controller.actions.settings.trigger()
    window = controller.settings.window
    assert window is not None
    qtbot.addWidget(window)
    checks = window.learning_checks
    assert [
        checks[k].isChecked() for k in ("learning.fading", "review.enabled", "pulse.enabled")
    ] == [
        False,
        True,
        False,
    ], "off by default, IT's value shown"
    assert not checks["learning.fading"].isEnabled(), "locked by IT"
    controller.loop.record(EventKind.COMPLETED, "calc/freeze")
    assert set(controller.loop.learner.all_items) == {"calc/freeze"}, "scheduled"
    checks["pulse.enabled"].setChecked(True)
    checks["review.enabled"].setChecked(False)
    window.apply_button.click()
    assert window.status.text() == ""
    learning = controller.loop.learner.settings
    assert (learning.pulse, learning.reviews, learning.fading) == (True, False, False)
    assert controller.loop.learner.all_items == {}, "no reviews scheduled any more"
    saved = load_settings(None, user)
    assert (saved.get("pulse.enabled"), saved.get("review.enabled")) == (True, False)
