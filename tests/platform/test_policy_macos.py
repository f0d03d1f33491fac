"""macOS managed preferences read from real plist files (as a profile leaves them)."""

from __future__ import annotations

import plistlib
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

from cuecard.clock import FixedClock
from cuecard.context import AppContext
from cuecard.paths import BUNDLE_ID
from cuecard.platform.policy_macos import ManagedPreferences, stores
from cuecard.settings import Source, SourceKind, load_settings


@pytest.fixture
def managed(tmp_path: Path) -> Path:
    folder = tmp_path / "Managed Preferences"
    (folder / "ana").mkdir(parents=True)
    return folder


def write_plist(path: Path, data: object, fmt: plistlib.PlistFormat = plistlib.FMT_XML) -> Path:
    path.write_bytes(plistlib.dumps(data, fmt=fmt))
    return path


def test_missing_file_is_an_empty_layer(managed: Path) -> None:
    layer = ManagedPreferences(managed / f"{BUNDLE_ID}.plist").read()
    assert (layer.found, dict(layer.values), layer.problems) == (False, {}, ())


@pytest.mark.parametrize("fmt", [plistlib.FMT_XML, plistlib.FMT_BINARY])
def test_profile_values_are_locked_and_win(
    managed: Path, tmp_path: Path, clock: FixedClock, fmt: plistlib.PlistFormat
) -> None:
    pause_end = clock.today() + timedelta(days=5)
    computer = write_plist(
        managed / f"{BUNDLE_ID}.plist",
        {
            "nudges": {"per_day": 2, "enabled": True},
            # Profiles keep dates as UTC midnight; plistlib gives them naive.
            "nudges.paused_until": datetime.combine(pause_end, time(0, 0)),
            "packs.urls": ["https://cards.example.org/it/"],
            "sync.enabled": False,
            "PayloadUUID": "0F1E",
            "mcx_data_timestamp": datetime(2020, 1, 1),
        },
        fmt,
    )
    write_plist(managed / "ana" / f"{BUNDLE_ID}.plist", {"nudges.per_day": 6, "hotkey": "<cmd>+k"})
    context = AppContext.create(tmp_path / "data", stores=stores(managed, user="ana"), clock=clock)
    settings = context.settings
    assert settings.get("nudges.per_day") == 2, "the computer profile wins"
    assert settings.get("hotkey") == "<cmd>+k"
    assert settings.get("nudges.paused_until") == pause_end.isoformat()
    assert context.policy.paused_until == pause_end
    assert settings.get("packs.urls") == ["https://cards.example.org/it/"]
    assert settings.sources["nudges.per_day"] == Source(SourceKind.POLICY, str(computer), True)
    assert settings.problems == ()


def test_user_file_cannot_override_a_profile(managed: Path, tmp_path: Path) -> None:
    write_plist(managed / f"{BUNDLE_ID}.plist", {"autostart": False})
    user = tmp_path / "user.yaml"
    user.write_text("autostart: true\n")
    settings = load_settings(None, user, [s.read() for s in stores(managed, user="ana")])
    assert settings.get("autostart") is False
    assert settings.is_locked("autostart")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"<?xml version='1.0'?><plist><dict><key>a</key>", "not a readable plist"),
        (b"bplist00\x00\x01", "not a readable plist"),
        (plistlib.dumps(["a", "b"]), "managed preferences must be a dictionary"),
    ],
)
def test_a_broken_plist_is_named_and_skipped(
    managed: Path, tmp_path: Path, content: bytes, problem: str
) -> None:
    path = managed / f"{BUNDLE_ID}.plist"
    path.write_bytes(content)
    user = tmp_path / "user.yaml"
    user.write_text("nudges.per_hour: 1\n")
    settings = load_settings(None, user, [ManagedPreferences(path).read()])
    assert settings.get("nudges.per_hour") == 1, "the user's file still applies"
    [found] = settings.problems
    assert found.where == str(path)
    assert problem in found.message


def test_a_wrongly_typed_value_keeps_the_default(managed: Path) -> None:
    path = write_plist(
        managed / f"{BUNDLE_ID}.plist",
        {"nudges.per_hour": "three", "nudges.paused_until": "next week", "content.builtin": False},
    )
    settings = load_settings(None, None, [ManagedPreferences(path).read()])
    assert settings.get("nudges.per_hour") == 3
    assert settings.get("nudges.paused_until") == ""
    assert settings.get("content.builtin") is False
    assert sorted(p.key for p in settings.problems) == ["nudges.paused_until", "nudges.per_hour"]
