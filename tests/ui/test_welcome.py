"""The first start: one welcome window, the login choice, and what to do for permissions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QIcon
from pytestqt.qtbot import QtBot

from cuecard.clock import FixedClock
from cuecard.context import AppContext
from cuecard.first_run import PULL_ONLY, welcome_facts
from cuecard.platform.autostart_xdg import XdgAutostart
from cuecard.settings import load_settings
from cuecard.ui.bridge import LibraryService
from cuecard.ui.controller import TrayController
from cuecard.ui.welcome import WelcomeWindow
from cuecard.watch.base import BackendChoice
from cuecard.watch.privacy import PrivacyRules, PrivateWatcher
from cuecard.watch.scripted import ScriptedWatcher

QuitAfter = Callable[[TrayController], TrayController]
X11 = {"DISPLAY": ":5", "XDG_SESSION_TYPE": "x11"}


class MacWatcher(ScriptedWatcher):
    """A watcher that, like macOS's without Accessibility, needs a permission."""

    permission_hint = "Open System Settings > Privacy & Security > Accessibility."


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "site.yaml"
    monkeypatch.setenv("CUECARD_SITE_CONFIG", str(path))
    return path


@pytest.fixture
def autostart(tmp_path: Path) -> XdgAutostart:
    return XdgAutostart(["cuecard", "--autostart"], tmp_path / "autostart", [tmp_path / "sys"])


def watching(watcher: ScriptedWatcher | None = None) -> BackendChoice:
    inner = watcher or ScriptedWatcher()
    return BackendChoice("scripted", "test", PrivateWatcher(inner, PrivacyRules.create()))


def context_for(tmp_path: Path, clock: FixedClock) -> AppContext:
    user = tmp_path / "user.yaml"
    user.write_text("content.builtin: false\n")
    return AppContext.create(tmp_path / "data", user, clock=clock)


def test_facts_for_a_plain_x11_desktop(
    tmp_path: Path, site: Path, autostart: XdgAutostart, clock: FixedClock
) -> None:
    facts = welcome_facts(context_for(tmp_path, clock), watching(), autostart, True, X11, "linux")
    assert (facts.hotkey, facts.hotkey_problem, facts.sync_host) == ("Ctrl+Alt+Space", "", "")
    assert facts.permission == ""
    assert "system tray" in facts.tray_place
    assert (facts.autostart_default, facts.autostart_locked) == (False, False)


def test_facts_when_it_sync_is_on_and_the_package_installed_autostart(
    tmp_path: Path, site: Path, autostart: XdgAutostart, clock: FixedClock
) -> None:
    site.write_text("sync.enabled: true\nsync.endpoint: https://lrs.example.org/xAPI/\n")
    (tmp_path / "sys").mkdir()
    (tmp_path / "sys" / "cuecard.desktop").write_text("[Desktop Entry]\nType=Application\n")
    facts = welcome_facts(context_for(tmp_path, clock), watching(), autostart, True, X11, "linux")
    assert facts.sync_host == "lrs.example.org"
    assert facts.autostart_default is True


def test_facts_when_a_permission_is_needed(
    tmp_path: Path, site: Path, autostart: XdgAutostart, clock: FixedClock
) -> None:
    context = context_for(tmp_path, clock)
    mac = welcome_facts(context, watching(MacWatcher()), autostart, True, {}, "darwin")
    assert mac.permission == f"{MacWatcher.permission_hint} {PULL_ONLY}"
    assert "menu bar" in mac.tray_place
    gnome_env = {"WAYLAND_DISPLAY": "wayland-0", "XDG_CURRENT_DESKTOP": "ubuntu:GNOME"}
    none = BackendChoice("none", "pull-only", None, False)
    gnome = welcome_facts(context, none, autostart, False, gnome_env, "linux")
    assert "gnome-extensions enable" in gnome.permission and gnome.permission.endswith(PULL_ONLY)
    assert gnome.hotkey == "" and "Wayland" in gnome.hotkey_problem
    assert "no system tray" in gnome.tray_place


def test_locked_autostart_is_shown_and_not_offered(
    qtbot: QtBot, tmp_path: Path, site: Path, autostart: XdgAutostart, clock: FixedClock
) -> None:
    site.write_text("autostart: false\nlocked: [autostart]\n")
    facts = welcome_facts(context_for(tmp_path, clock), watching(), autostart, True, X11, "linux")
    window = WelcomeWindow(facts, QIcon())
    qtbot.addWidget(window)
    assert not window.autostart.isEnabled() and not window.autostart.isChecked()


def start_controller(
    qtbot: QtBot, tmp_path: Path, autostart: XdgAutostart, clock: FixedClock, quit_after: QuitAfter
) -> TrayController:
    context = context_for(tmp_path, clock)
    service = LibraryService(context.open_library(), watch=False)
    controller = quit_after(
        TrayController(
            context, service, tray_available=False, watcher=watching(), autostart=autostart
        )
    )
    assert controller.no_tray is not None
    qtbot.addWidget(controller.no_tray)
    controller.start()
    controller.welcome_or_enforce()
    return controller


def test_first_start_welcomes_once_and_keeps_the_login_choice(
    qtbot: QtBot,
    tmp_path: Path,
    site: Path,
    autostart: XdgAutostart,
    clock: FixedClock,
    quit_after: QuitAfter,
) -> None:
    controller = start_controller(qtbot, tmp_path, autostart, clock, quit_after)
    welcome = controller.settings.welcome
    assert welcome is not None and welcome.isVisible()
    qtbot.addWidget(welcome)
    assert welcome.windowTitle() == "Welcome to Cuecard"
    assert not welcome.autostart.isChecked(), "a source checkout is not installed by a package"
    welcome.autostart.setChecked(True)
    with qtbot.waitSignal(controller.settings.context_changed):
        welcome.start_button.click()
    assert not welcome.isVisible()
    assert autostart.enabled()
    assert load_settings(None, tmp_path / "user.yaml").get("autostart") is True
    assert controller.context.paths.welcomed_marker.is_file()
    controller.quit()
    again = start_controller(qtbot, tmp_path, autostart, clock, quit_after)
    assert again.settings.welcome is None, "only the first start welcomes"


def test_closing_the_welcome_with_the_box_unticked_leaves_no_entry(
    qtbot: QtBot,
    tmp_path: Path,
    site: Path,
    autostart: XdgAutostart,
    clock: FixedClock,
    quit_after: QuitAfter,
) -> None:
    controller = start_controller(qtbot, tmp_path, autostart, clock, quit_after)
    welcome = controller.settings.welcome
    assert welcome is not None
    qtbot.addWidget(welcome)
    welcome.close()  # the window's close box
    assert not autostart.user_file.exists()
    assert controller.context.paths.welcomed_marker.is_file()


def test_a_locked_autostart_is_applied_at_start(
    qtbot: QtBot,
    tmp_path: Path,
    site: Path,
    autostart: XdgAutostart,
    clock: FixedClock,
    quit_after: QuitAfter,
) -> None:
    site.write_text("autostart: true\nlocked: [autostart]\n")
    data = tmp_path / "data"
    data.mkdir()
    (data / "welcomed").write_text("0\n")
    start_controller(qtbot, tmp_path, autostart, clock, quit_after)
    assert autostart.user_file.is_file(), "IT wants Cuecard started at login"
