"""The MSI, built with wixl around a small stand-in for the Windows bundle: its tables,
then a silent install, upgrade, refused downgrade and removal under wine."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import wxs
from build_msi import build_msi

RUN_KEY = r"HKLM\Software\Microsoft\Windows\CurrentVersion\Run"


def payload(root: Path, version: str) -> Path:
    """A Windows bundle's shape: the two executables and an _internal folder."""
    bundle = root / f"bundle-{version}"
    (bundle / "_internal" / "PySide6").mkdir(parents=True)
    (bundle / "cuecard.exe").write_bytes(b"MZ console")
    (bundle / "cuecardw.exe").write_bytes(b"MZ windowed")
    (bundle / "_internal" / "version.txt").write_text(version)
    (bundle / "_internal" / "PySide6" / "Qt6Core.dll").write_bytes(b"MZ")
    return bundle


@pytest.fixture(scope="module")
def msis(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("msi")
    return {
        version: build_msi(payload(root, version), root / f"cuecard-{version}.msi", version)
        for version in ("1.0.0", "1.1.0")
    }


def table(msi: Path, name: str) -> list[list[str]]:
    """Rows of an MSI table (msiinfo export: names, types and key lines come first)."""
    out = subprocess.run(
        ["msiinfo", "export", str(msi), name], capture_output=True, text=True, check=True
    ).stdout
    return [line.split("\t") for line in out.splitlines()[3:]]


def test_tables(msis: dict[str, Path]) -> None:
    msi = msis["1.0.0"]
    properties = {row[0]: row[1] for row in table(msi, "Property")}
    assert properties["ALLUSERS"] == "1", "per machine"
    assert properties["UpgradeCode"].strip("{}").lower() == wxs.UPGRADE_CODE
    assert properties["ProductVersion"] == "1.0.0"
    other = {row[0]: row[1] for row in table(msis["1.1.0"], "Property")}
    assert other["ProductCode"] != properties["ProductCode"], "each version a new product"
    assert other["UpgradeCode"] == properties["UpgradeCode"]
    actions = {row[6] for row in table(msi, "Upgrade")}
    assert actions == {"WIX_UPGRADE_DETECTED", "WIX_DOWNGRADE_DETECTED"}
    assert [row[0] for row in table(msi, "LaunchCondition")] == ["NOT WIX_DOWNGRADE_DETECTED"]
    sequence = {row[0] for row in table(msi, "InstallExecuteSequence")}
    assert {"FindRelatedProducts", "RemoveExistingProducts"} <= sequence
    assert {row[0] for row in table(msi, "Feature")} == {"Main", "Autostart"}
    components = {row[0]: row for row in table(msi, "Component")}
    assert int(components["SiteSettings"][3]) == wxs.SITE_SETTINGS_ATTRIBUTES
    (registry,) = table(msi, "Registry")
    assert registry[1:5] == [
        "2",
        r"Software\Microsoft\Windows\CurrentVersion\Run",
        "Cuecard",
        '"[INSTALLDIR]cuecardw.exe" --autostart',
    ]
    features = {row[1]: row[0] for row in table(msi, "FeatureComponents")}
    assert features[registry[5]] == "Autostart"
    files = {row[2].split("|")[-1] for row in table(msi, "File")}
    expected = {
        "cuecard.exe",
        "cuecardw.exe",
        "version.txt",
        "Qt6Core.dll",
        "settings.yaml",
        "cuecard.admx",
        "cuecard.adml",
    }
    assert files == expected
    assert [row[2] for row in table(msi, "Shortcut")] == ["Cuecard"]


@dataclass(frozen=True)
class Wine:
    """A wine prefix of our own; msiexec and reg run in it."""

    prefix: Path

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "WINEPREFIX": str(self.prefix),
            "WINEDEBUG": "-all",
            "WINEDLLOVERRIDES": "mscoree,mshtml=",
        }
        return subprocess.run(
            ["wine", *args], env=env, capture_output=True, text=True, timeout=300, check=False
        )

    def msiexec(self, *args: str) -> int:
        return self.run("msiexec", *args, "/qn").returncode

    def has_run_key(self) -> bool:
        return self.run("reg", "query", RUN_KEY, "/v", "Cuecard").returncode == 0

    @property
    def program_dir(self) -> Path:
        return self.prefix / "drive_c" / "Program Files" / "Cuecard"

    @property
    def site_file(self) -> Path:
        return self.prefix / "drive_c" / "ProgramData" / "Cuecard" / "settings.yaml"


@pytest.fixture
def wine(tmp_path: Path) -> Iterator[Wine]:
    if not shutil.which("wine"):
        pytest.fail("wine is missing: `sh scripts/system-deps.sh installers` installs it")
    prefix = Wine(tmp_path / "wine")
    env = {
        **os.environ,
        "WINEPREFIX": str(prefix.prefix),
        "WINEDEBUG": "-all",
        "WINEDLLOVERRIDES": "mscoree,mshtml=",
    }
    subprocess.run(["wineboot", "-i"], env=env, capture_output=True, timeout=300, check=True)
    yield prefix
    subprocess.run(["wineserver", "-k"], env=env, capture_output=True, check=False)


def test_install_upgrade_downgrade_and_remove_silently(msis: dict[str, Path], wine: Wine) -> None:
    assert wine.msiexec("/i", str(msis["1.0.0"])) == 0
    assert (wine.program_dir / "_internal" / "version.txt").read_text() == "1.0.0"
    assert wine.has_run_key(), "autostart is installed by default"
    site = wine.site_file.read_text()
    assert "#nudges.per_day: 8" in site
    wine.site_file.write_text(site + "nudges.per_day: 2\n")  # the administrator's edit

    assert wine.msiexec("/i", str(msis["1.1.0"])) == 0
    assert (wine.program_dir / "_internal" / "version.txt").read_text() == "1.1.0"
    assert wine.site_file.read_text().endswith("nudges.per_day: 2\n"), "kept on upgrade"

    assert wine.msiexec("/i", str(msis["1.0.0"])) != 0, "downgrade refused"
    assert (wine.program_dir / "_internal" / "version.txt").read_text() == "1.1.0"

    assert wine.msiexec("/x", str(msis["1.1.0"])) == 0
    assert not wine.program_dir.exists()
    assert not wine.has_run_key()
    assert wine.site_file.read_text().endswith("nudges.per_day: 2\n"), "kept on removal"


def test_addlocal_main_leaves_autostart_out(msis: dict[str, Path], wine: Wine) -> None:
    assert wine.msiexec("/i", str(msis["1.1.0"]), "ADDLOCAL=Main") == 0
    assert (wine.program_dir / "cuecardw.exe").is_file()
    assert not wine.has_run_key()
