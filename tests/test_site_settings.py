"""IT's site files: every $XDG_CONFIG_DIRS entry and /etc/cuecard on Linux, read for real,
several files, `locked:` across them, and `cuecard doctor` naming each value's source."""

from __future__ import annotations

import json
import os
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from cuecard.cli import main
from cuecard.clock import FixedClock
from cuecard.context import AppContext
from cuecard.paths import site_settings_files
from cuecard.setting_specs import SPECS
from cuecard.settings import Source, SourceKind, load_settings
from tests.conftest import REPO


def site_dir(root: Path, text: str) -> Path:
    """An XDG config dir holding cuecard/settings.yaml with `text`."""
    (root / "cuecard").mkdir(parents=True)
    (root / "cuecard" / "settings.yaml").write_text(text)
    return root


@pytest.fixture
def xdg_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """Two XDG config dirs, as Ubuntu sets them (a flavour dir first, then /etc/xdg)."""
    flavour = site_dir(tmp_path / "xdg-flavour", "nudges.per_day: 4\nhotkey: <ctrl>+<alt>+k\n")
    common = site_dir(
        tmp_path / "xdg-common",
        "nudges.per_day: 6\nnudges.per_hour: 1\ncontent.builtin: false\n"
        "locked: [nudges.per_hour, autostart]\n",
    )
    monkeypatch.delenv("CUECARD_SITE_CONFIG")
    monkeypatch.setenv("XDG_CONFIG_DIRS", f"{flavour}:{common}")
    return flavour, common


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG dirs are Linux's")
def test_every_xdg_config_dir_and_etc_cuecard(xdg_dirs: tuple[Path, Path]) -> None:
    flavour, common = xdg_dirs
    assert site_settings_files() == (
        common / "cuecard" / "settings.yaml",
        flavour / "cuecard" / "settings.yaml",
        Path("/etc/cuecard/settings.yaml"),
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG dirs are Linux's")
def test_site_files_are_layered_and_locks_hold(
    xdg_dirs: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flavour, common = xdg_dirs
    user = tmp_path / "user.yaml"
    user.write_text("nudges.per_hour: 5\nnudges.per_day: 9\nautostart: false\n")
    context = AppContext.create(tmp_path / "data", user)
    settings = context.settings
    first = str(flavour / "cuecard" / "settings.yaml")
    second = str(common / "cuecard" / "settings.yaml")
    assert settings.get("nudges.per_day") == 9, "the user's file beats unlocked site values"
    assert settings.get("hotkey") == "<ctrl>+<alt>+k"
    assert settings.sources["hotkey"] == Source(SourceKind.SITE, first)
    assert (settings.get("nudges.per_hour"), settings.get("autostart")) == (1, True)
    assert settings.sources["nudges.per_hour"] == Source(SourceKind.SITE, second, True)
    assert settings.sources["autostart"] == Source(SourceKind.DEFAULT, second, True)
    assert settings.get("content.builtin") is False
    assert main(["doctor", "--data-dir", str(tmp_path / "data"), "--config", str(user)]) == 0
    out = capsys.readouterr().out
    assert f"  site    {second}\n" in out
    assert "  site    /etc/cuecard/settings.yaml" in out
    assert f"nudges.per_hour = 1  (site, locked: {second})" in out
    assert f"nudges.per_day = 9  (user: {user})" in out
    assert f"problem: {user}:1: setting 'nudges.per_hour' is locked by your administrator" in out


@pytest.mark.parametrize(
    ("platform", "env", "expected"),
    [
        ("win32", {"PROGRAMDATA": r"D:\Data"}, Path(r"D:\Data") / "Cuecard" / "settings.yaml"),
        ("win32", {}, Path(r"C:\ProgramData") / "Cuecard" / "settings.yaml"),
        ("darwin", {}, Path("/Library/Application Support/Cuecard/settings.yaml")),
    ],
)
def test_the_site_file_of_windows_and_macos(
    platform: str, env: dict[str, str], expected: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CUECARD_SITE_CONFIG")
    monkeypatch.delenv("PROGRAMDATA", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert site_settings_files(platform) == (expected,)


def test_the_site_file_override_replaces_every_os_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    monkeypatch.setenv("CUECARD_SITE_CONFIG", f"{first}{os.pathsep}{second}")
    for platform in ("linux", "win32", "darwin"):
        assert site_settings_files(platform) == (first, second)


def test_the_most_important_site_file_wins(tmp_path: Path) -> None:
    low, high = tmp_path / "low.yaml", tmp_path / "high.yaml"
    low.write_text("nudges.per_day: 2\nnudges.per_hour: 2\nlocked: nudges.per_day\n")
    high.write_text("nudges.per_day: 5\n")
    settings = load_settings([low, high], None)
    assert (settings.get("nudges.per_day"), settings.get("nudges.per_hour")) == (5, 2)
    assert settings.sources["nudges.per_day"] == Source(SourceKind.SITE, str(high), True)


def test_a_broken_site_file_is_skipped_and_the_others_apply(tmp_path: Path) -> None:
    broken, good = tmp_path / "broken.yaml", tmp_path / "good.yaml"
    broken.write_text("locked: [privacy.exclude_apps\nprivacy.exclude_apps: []\n")
    good.write_text("nudges.per_day: 5\n")
    settings = load_settings([broken, good], None)
    assert settings.get("nudges.per_day") == 5
    assert [p.where for p in settings.problems] == [str(broken)]


def test_doctor_json_names_each_source(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    clock: FixedClock,
) -> None:
    until = (clock.today() + timedelta(days=30)).isoformat()
    site = tmp_path / "site.yaml"
    site.write_text(f"nudges.paused_until: {until}\nlocked: [nudges.paused_until]\n")
    monkeypatch.setenv("CUECARD_SITE_CONFIG", str(site))
    assert main(["doctor", "--json", "--data-dir", str(tmp_path / "data")]) == 0
    report = json.loads(capsys.readouterr().out)
    rows = {row["key"]: row for row in report["settings"]}
    assert rows["nudges.paused_until"] == {
        "key": "nudges.paused_until",
        "value": until,
        "source": "site",
        "where": str(site),
        "locked": True,
    }
    assert rows["hotkey"]["source"] == "default"
    assert report["settings_read"][0] == {"kind": "site", "where": str(site), "found": True}
    checks = {check["name"]: check["detail"] for check in report["checks"]}
    assert checks["nudges"] == f"paused by your organisation until {until} (inclusive)"
    assert checks["autostart"].startswith("off (")
    assert checks["log"] == str(tmp_path / "data" / "logs" / "cuecard.log")


def test_the_settings_reference_lists_every_key() -> None:
    reference = (REPO / "docs" / "settings.md").read_text(encoding="utf-8")
    missing = [key for key in SPECS if f"| `{key}` |" not in reference]
    assert missing == []
