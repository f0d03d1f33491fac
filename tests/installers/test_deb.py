"""The .deb for real, as root: install with apt-get, run, manage, purge.

The tests run in file order against one installation; the last one purges it.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from cuecard.deploy.site_file import site_settings_template
from tests.e2e.conftest import wait_for
from tests.e2e.xsession import XSession
from tests.installers.conftest import DIST, require_root
from tests.installers.desktop import User, colours_in, tray_icon

SITE_FILE = Path("/etc/cuecard/settings.yaml")
AUTOSTART = Path("/etc/xdg/autostart/cuecard.desktop")
EXPECTED_FILES = (
    "/opt/cuecard/cuecard",
    "/usr/bin/cuecard",
    "/usr/share/applications/cuecard.desktop",
    "/usr/share/icons/hicolor/scalable/apps/cuecard.svg",
    "/usr/share/icons/hicolor/48x48/apps/cuecard.png",
    str(AUTOSTART),
    str(SITE_FILE),
)


def run(args: list[str], env: dict[str, str] | None = None, timeout: float = 300) -> str:
    result = subprocess.run(
        args, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, f"{args}: {result.stdout}{result.stderr}"
    return result.stdout


def dpkg_query(field: str) -> str:
    return run(["dpkg-query", "-W", "-f", f"${{{field}}}", "cuecard"])


def the_deb() -> Path:
    debs = sorted(DIST.glob("cuecard_*_amd64.deb"))
    assert debs, "no dist/cuecard_*_amd64.deb: run `make package` first"
    return debs[-1]


@pytest.fixture(scope="module")
def installed() -> Iterator[list[str]]:
    """The package installed with apt-get; its file list. Purged at the end if still there."""
    require_root()
    apt = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "purge", "-y", "-qq", "cuecard"], env=apt, capture_output=True)
    run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", str(the_deb())], apt)
    yield run(["dpkg", "-L", "cuecard"]).splitlines()
    subprocess.run(["apt-get", "purge", "-y", "-qq", "cuecard"], env=apt, capture_output=True)


@pytest.fixture(scope="module")
def user(tmp_path_factory: pytest.TempPathFactory) -> User:
    home = tmp_path_factory.mktemp("home")
    home.chmod(0o700)
    return User(home)


def test_files_conffiles_and_depends(installed: list[str]) -> None:
    for path in EXPECTED_FILES:
        assert path in installed and os.path.lexists(path), path
    assert Path("/usr/bin/cuecard").readlink() == Path("/opt/cuecard/cuecard")
    conffiles = dpkg_query("Conffiles")
    assert str(SITE_FILE) in conffiles and str(AUTOSTART) in conffiles
    assert SITE_FILE.read_text() == site_settings_template()
    assert "Exec=cuecard --autostart\n" in AUTOSTART.read_text()
    depends = dpkg_query("Depends")
    assert "libc6 (>= 2." in depends and "libxcb-cursor0" in depends, depends


def test_desktop_entries_validate(installed: list[str]) -> None:
    for entry in ("/usr/share/applications/cuecard.desktop", str(AUTOSTART)):
        result = subprocess.run(["desktop-file-validate", entry], capture_output=True, text=True)
        assert (result.returncode, result.stdout + result.stderr) == (0, ""), entry


def test_selftest_from_the_path(installed: list[str], user: User) -> None:
    out = run(["cuecard", "--selftest"], user.env, timeout=120)
    assert "content problems, ok" in out


def test_a_new_user_s_first_start_shows_its_tray_icon(installed: list[str], tmp_path: Path) -> None:
    """Someone who never ran Cuecard: no data dir, no settings, nothing but a home."""
    home = tmp_path / "newcomer"
    home.mkdir(mode=0o700)
    newcomer = User(home)
    with XSession(with_tray=True) as session:
        app = subprocess.Popen(
            ["cuecard"],
            env=newcomer.in_session(session),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:

            def icon_or_exit() -> str | None:
                if app.poll() is not None:
                    pytest.fail(f"cuecard exited {app.returncode}: {app.communicate()[1]}")
                return tray_icon(session)

            icon = wait_for(icon_or_exit, 30, "the tray icon in trayer's panel")
            assert isinstance(icon, str)
            wait_for(lambda: colours_in(session, icon) > 2, 10, "the icon drawn")
            session.screenshot(str(tmp_path / "first-start.png"))
            run(["cuecard", "--quit"], newcomer.in_session(session), timeout=30)
            assert app.wait(timeout=15) == 0
        finally:
            if app.poll() is None:
                app.kill()
                app.wait()


def test_a_managed_setting_is_honoured_and_locked(installed: list[str], user: User) -> None:
    original = SITE_FILE.read_text()
    user.config_file.parent.mkdir(parents=True, exist_ok=True)
    user.config_file.write_text("nudges.per_day: 5\n")
    try:
        SITE_FILE.write_text(original + "nudges.per_day: 2\nlocked: [nudges.per_day]\n")
        report = json.loads(run(["cuecard", "doctor", "--json"], user.env, timeout=120))
    finally:
        SITE_FILE.write_text(original)
        user.config_file.unlink()
    (entry,) = [s for s in report["settings"] if s["key"] == "nudges.per_day"]
    assert (entry["value"], entry["source"], entry["locked"]) == (2, "site", True), entry
    assert entry["where"] == str(SITE_FILE)
    assert any("nudges.per_day" in p and "locked" in p for p in report["settings_problems"])


def test_the_log_in_entry_obeys_a_user_who_turned_autostart_off(
    installed: list[str], user: User
) -> None:
    command = next(
        line.removeprefix("Exec=").split()
        for line in AUTOSTART.read_text().splitlines()
        if line.startswith("Exec=")
    )
    user.config_file.parent.mkdir(parents=True, exist_ok=True)
    user.config_file.write_text("autostart: false\n")
    try:
        with XSession(with_tray=True) as session:
            result = subprocess.run(
                command,
                env=user.in_session(session),
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
            assert tray_icon(session) is None
    finally:
        user.config_file.unlink()


def test_purge_leaves_nothing_but_user_data(installed: list[str], user: User) -> None:
    assert user.data_dir.is_dir(), "the earlier tests ran the app as this user"
    apt = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(["apt-get", "purge", "-y", "-qq", "cuecard"], apt)
    left = [p for p in installed if os.path.lexists(p) and not Path(p).is_dir()]
    assert left == []
    for folder in ("/opt/cuecard", "/etc/cuecard", "/usr/share/doc/cuecard"):
        assert not os.path.lexists(folder), folder
    status = subprocess.run(["dpkg", "-s", "cuecard"], capture_output=True, text=True)
    assert status.returncode != 0, "no trace in dpkg's database (not even config-files)"
    assert user.data_dir.is_dir(), "user data stays"
