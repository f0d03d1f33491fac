"""The shipped GNOME Shell extension's metadata, and what `cuecard doctor` tells a GNOME
Wayland user whose session bus has no extension on it (a private bus plays the session)."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from cuecard.cli import main
from cuecard.context import AppContext
from cuecard.doctor import gnome_extension_check
from cuecard.watch import gnome_extension
from cuecard.watch import wayland_gnome as gnome
from cuecard.watch.wayland_dbus import BusClient

CURRENT = ("48", "49", "50", "51")  # GNOME releases since the extension was written
ENABLE = f"gnome-extensions enable {gnome.UUID}"


def test_metadata_declares_the_current_releases() -> None:
    folder = gnome.extension_dir()
    metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    # What GNOME Shell's extensionUtils requires: uuid = folder name, strings, a list.
    assert metadata["uuid"] == folder.name == gnome.UUID
    assert all(isinstance(metadata[key], str) and metadata[key] for key in ("name", "description"))
    versions = metadata["shell-version"]
    assert isinstance(versions, list) and all(isinstance(v, str) for v in versions)
    assert set(CURRENT) <= set(versions)
    # The extension is an ES module (import/export): GNOME Shell 45 is the oldest that loads it.
    assert min(int(v) for v in versions) == 45
    assert versions == [str(v) for v in range(45, max(int(v) for v in versions) + 1)]
    assert gnome_extension.shell_versions() == tuple(versions)
    script = (folder / "extension.js").read_text(encoding="utf-8")
    assert re.search(r"^\s+disable\(\)\s*\{", script, re.MULTILINE), "disable() must be sync"
    assert "async disable" not in script and "imports." not in script


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"XDG_CURRENT_DESKTOP": "GNOME", "WAYLAND_DISPLAY": "wayland-0"}, True),
        ({"XDG_CURRENT_DESKTOP": "ubuntu:GNOME", "XDG_SESSION_TYPE": "wayland"}, True),
        ({"XDG_CURRENT_DESKTOP": "GNOME", "DISPLAY": ":0", "XDG_SESSION_TYPE": "x11"}, False),
        ({"XDG_CURRENT_DESKTOP": "KDE", "WAYLAND_DISPLAY": "wayland-0"}, False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, False),
    ],
)
def test_is_gnome_wayland(env: dict[str, str], expected: bool) -> None:
    assert gnome_extension.is_gnome_wayland(env) is expected


@pytest.fixture
def session(bus_address: str, tmp_path: Path) -> Iterator[dict[str, str]]:
    """A GNOME Wayland session's environment: GNOME Shell on the bus, no extension."""
    pytest.importorskip("jeepney", reason="the GNOME back-end needs jeepney (Linux only)")
    shell = BusClient.open_address(bus_address)
    assert shell.request_name(gnome.SHELL_NAME)
    yield {
        "XDG_CURRENT_DESKTOP": "GNOME",
        "XDG_SESSION_TYPE": "wayland",
        "WAYLAND_DISPLAY": "wayland-0",
        "DBUS_SESSION_BUS_ADDRESS": bus_address,
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "home" / "share"),
        "XDG_DATA_DIRS": str(tmp_path / "system-share"),
    }
    shell.close()


def _install_dir(env: dict[str, str]) -> Path:
    return Path(env["XDG_DATA_HOME"]) / "gnome-shell" / "extensions" / gnome.UUID


def test_doctor_says_how_to_install_and_enable(
    session: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    context = AppContext.create(data_dir)
    check = gnome_extension_check(context, session)
    assert check is not None and check.name == "GNOME extension" and not check.ok
    found = re.search(r"`gnome-extensions install --force (\S+)`", check.detail)
    assert found, check.detail
    bundle = Path(found.group(1))
    assert bundle == context.paths.cache_dir / f"{gnome.UUID}.shell-extension.zip"
    assert "not installed" in check.detail and "log out and back in" in check.detail
    assert check.detail.index("install --force") < check.detail.index(ENABLE)
    assert "GNOME Shell 45 to 51" in check.detail
    # The zip is what `gnome-extensions install` takes: metadata.json at its top.
    with zipfile.ZipFile(bundle) as archive:
        assert set(archive.namelist()) == {"metadata.json", "extension.js"}
        shipped = (gnome.extension_dir() / "metadata.json").read_bytes()
        assert archive.read("metadata.json") == shipped
        # Installed as `gnome-extensions install` would, but not (yet) running.
        archive.extractall(_install_dir(session))
    check = gnome_extension_check(context, session)
    assert check is not None and not check.ok
    assert f"installed in {_install_dir(session)} but not running" in check.detail
    assert f"run `{ENABLE}`" in check.detail


def test_doctor_asks_to_replace_an_old_copy(session: dict[str, str], data_dir: Path) -> None:
    old = _install_dir(session)
    old.mkdir(parents=True)
    (old / "metadata.json").write_text(json.dumps({"uuid": gnome.UUID, "shell-version": ["45"]}))
    check = gnome_extension_check(AppContext.create(data_dir), session)
    assert check is not None and not check.ok
    assert "older copy" in check.detail and "for GNOME Shell 45)" in check.detail
    assert "gnome-extensions install --force" in check.detail and ENABLE in check.detail


def test_doctor_is_content_when_the_extension_runs(session: dict[str, str], data_dir: Path) -> None:
    extension = BusClient.open_address(session["DBUS_SESSION_BUS_ADDRESS"])
    try:
        assert extension.request_name(gnome.BUS_NAME)
        check = gnome_extension_check(AppContext.create(data_dir), session)
    finally:
        extension.close()
    assert check is not None and check.ok and "is running" in check.detail


def test_no_check_outside_gnome_wayland(data_dir: Path) -> None:
    context = AppContext.create(data_dir)
    assert gnome_extension_check(context, {"XDG_CURRENT_DESKTOP": "KDE"}) is None
    assert gnome_extension_check(context, {"XDG_CURRENT_DESKTOP": "GNOME", "DISPLAY": ":1"}) is None


def test_doctor_command_shows_the_advice(
    session: dict[str, str],
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for key, value in session.items():
        monkeypatch.setenv(key, value)
    main(["doctor", "--data-dir", str(data_dir)])
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "GNOME extension" in line)
    assert line.lstrip().startswith("--") and "gnome-extensions install --force" in line
    assert ENABLE in line
