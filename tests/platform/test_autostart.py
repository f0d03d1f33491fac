"""Autostart per OS: XDG entries (real files), the Run key (winreg double), LaunchAgents
(real plists); a package's machine-wide entry yields to the user's choice."""

from __future__ import annotations

import plistlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cuecard.platform import autostart_xdg
from cuecard.platform.autostart import (
    AUTOSTART_FLAG,
    Autostart,
    installed_by_package,
    launch_command,
    system_autostart,
)
from cuecard.platform.autostart_macos import LaunchAgentAutostart
from cuecard.platform.autostart_windows import RUN_KEY, VALUE, RunKeyAutostart
from cuecard.platform.autostart_xdg import XdgAutostart, exec_value, read_entry
from tests.platform.fake_winreg import HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE, REG_SZ, FakeWinreg

COMMAND = ["/opt/Cue Card/cuecard", AUTOSTART_FLAG]
SYSTEM_ENTRY = "[Desktop Entry]\nType=Application\nName=Cuecard\nExec=cuecard --autostart\n"


@pytest.fixture
def xdg(tmp_path: Path) -> XdgAutostart:
    return XdgAutostart(COMMAND, tmp_path / "home" / "autostart", [tmp_path / "etc" / "autostart"])


def install_system_entry(tmp_path: Path) -> Path:
    path = tmp_path / "etc" / "autostart" / "cuecard.desktop"
    path.parent.mkdir(parents=True)
    path.write_text(SYSTEM_ENTRY)
    return path


def test_xdg_user_entry_on_and_off(xdg: XdgAutostart) -> None:
    assert not xdg.enabled() and not xdg.system_entry()
    xdg.set_enabled(True)
    keys = read_entry(xdg.user_file)
    assert keys["Exec"] == '"/opt/Cue Card/cuecard" --autostart'
    assert (keys["Type"], keys.get("Hidden")) == ("Application", None)
    assert xdg.enabled()
    xdg.set_enabled(False)
    assert not xdg.user_file.exists() and not xdg.enabled()


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils")
def test_xdg_entries_are_valid_desktop_files(xdg: XdgAutostart, tmp_path: Path) -> None:
    xdg.set_enabled(True)
    for entry in (xdg.user_file,):
        result = subprocess.run(
            ["desktop-file-validate", str(entry)], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout
    install_system_entry(tmp_path)
    xdg.set_enabled(False)  # the Hidden=true override
    result = subprocess.run(
        ["desktop-file-validate", str(xdg.user_file)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and "error" not in result.stdout, result.stdout


def test_xdg_system_entry_is_hidden_by_the_users_choice(xdg: XdgAutostart, tmp_path: Path) -> None:
    system = install_system_entry(tmp_path)
    assert xdg.system_entry() and xdg.enabled()
    assert installed_by_package(xdg)
    xdg.set_enabled(False)
    assert read_entry(xdg.user_file)["Hidden"] == "true"
    assert not xdg.enabled()
    assert system.read_text() == SYSTEM_ENTRY, "the package's file is not touched"
    xdg.set_enabled(True)
    assert not xdg.user_file.exists(), "the package's entry starts Cuecard again"
    assert xdg.enabled()


def test_xdg_gnome_disabled_key_counts_as_off(xdg: XdgAutostart) -> None:
    xdg.user_file.parent.mkdir(parents=True)
    xdg.user_file.write_text(SYSTEM_ENTRY + "X-GNOME-Autostart-enabled=false\n")
    assert not xdg.enabled()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["/usr/bin/cuecard", "--autostart"], "/usr/bin/cuecard --autostart"),
        (["/a b/c"], '"/a b/c"'),
        (['/x/"q"$`\\'], '"/x/\\\\"q\\\\"\\\\$\\\\`\\\\\\\\"'),
        (["/x/100%"], "/x/100%%"),
    ],
)
def test_exec_quoting_follows_the_desktop_entry_spec(args: list[str], expected: str) -> None:
    assert exec_value(args) == expected


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG dirs are Linux's")
def test_xdg_dirs_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_DIRS", f"{tmp_path / 'flavour'}:{tmp_path / 'etc'}")
    install_system_entry(tmp_path)
    chosen = system_autostart("linux")
    assert isinstance(chosen, Autostart)
    assert chosen.location == str(tmp_path / "home" / "autostart" / "cuecard.desktop")
    assert chosen.system_entry()
    assert autostart_xdg.create(["x"]).system_files[0].parent == tmp_path / "flavour" / "autostart"


def test_run_key_on_and_off() -> None:
    registry = FakeWinreg()
    run = RunKeyAutostart([r"C:\Program Files\Cuecard\cuecard.exe", AUTOSTART_FLAG], registry)
    assert not run.enabled()
    run.set_enabled(True)
    assert registry.get(HKEY_CURRENT_USER, RUN_KEY, VALUE) == (
        '"C:\\Program Files\\Cuecard\\cuecard.exe" --autostart'
    )
    assert run.enabled() and not run.system_entry()
    run.set_enabled(False)
    assert not registry.has(HKEY_CURRENT_USER, RUN_KEY, VALUE)
    run.set_enabled(False)  # idempotent
    assert all(handle.closed for handle in registry.open_handles)


def test_run_key_of_the_machine_is_left_to_the_package() -> None:
    registry = FakeWinreg(read_only=(HKEY_LOCAL_MACHINE,))  # not an administrator
    registry.put(HKEY_LOCAL_MACHINE, RUN_KEY, VALUE, REG_SZ, "cuecard.exe --autostart")
    run = RunKeyAutostart(["cuecard.exe", AUTOSTART_FLAG], registry)
    assert run.system_entry() and run.enabled()
    run.set_enabled(True)
    assert not registry.has(HKEY_CURRENT_USER, RUN_KEY, VALUE), "no second start"
    run.set_enabled(False)  # the setting `autostart: false` stops --autostart (see test_cli)
    assert registry.has(HKEY_LOCAL_MACHINE, RUN_KEY, VALUE)


def test_launch_agent_on_and_off(tmp_path: Path) -> None:
    agent = LaunchAgentAutostart(COMMAND, tmp_path / "LaunchAgents", tmp_path / "system")
    agent.set_enabled(True)
    data = plistlib.loads(agent.user_file.read_bytes())
    assert data == {
        "Label": "org.cuecard.Cuecard",
        "ProgramArguments": COMMAND,
        "RunAtLoad": True,
        "ProcessType": "Interactive",
        "LimitLoadToSessionType": "Aqua",
    }
    assert agent.enabled()
    agent.set_enabled(False)
    assert not agent.user_file.exists() and not agent.enabled()


def test_launch_agent_of_the_machine_is_not_doubled(tmp_path: Path) -> None:
    (tmp_path / "system").mkdir()
    (tmp_path / "system" / "org.cuecard.Cuecard.plist").write_bytes(plistlib.dumps({}))
    agent = LaunchAgentAutostart(COMMAND, tmp_path / "LaunchAgents", tmp_path / "system")
    agent.set_enabled(True)
    assert not agent.user_file.exists() and agent.enabled()


def test_launch_command_starts_this_cuecard() -> None:
    command = launch_command()
    result = subprocess.run([*command, "--version"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stdout.startswith("cuecard ")


@pytest.mark.parametrize("has_windowed", [True, False])
def test_a_frozen_windows_build_starts_at_login_without_a_console(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, has_windowed: bool
) -> None:
    """The Windows bundle has cuecard.exe (console, for the command line) and cuecardw.exe
    (no console): login entries name cuecardw.exe, however the app was started."""
    console = tmp_path / "cuecard.exe"
    console.write_bytes(b"MZ")
    if has_windowed:
        (tmp_path / "cuecardw.exe").write_bytes(b"MZ")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(console))
    monkeypatch.setattr(sys, "platform", "win32")
    expected = "cuecardw.exe" if has_windowed else "cuecard.exe"
    assert launch_command() == [str(tmp_path / expected)]
