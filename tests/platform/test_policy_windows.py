"""Registry policies (HKLM/HKCU\\Software\\Policies\\Cuecard) on a winreg double."""

from __future__ import annotations

from pathlib import Path

import pytest

from cuecard.context import AppContext
from cuecard.models import WindowInfo
from cuecard.platform.policy_store import system_policy_stores
from cuecard.platform.policy_windows import POLICY_KEY, RegistryPolicyStore, stores
from cuecard.settings import DEFAULT_APPS, Source, SourceKind, load_settings
from tests.platform.fake_winreg import (
    HKEY_CURRENT_USER,
    HKEY_LOCAL_MACHINE,
    REG_BINARY,
    REG_DWORD,
    REG_EXPAND_SZ,
    REG_MULTI_SZ,
    REG_SZ,
    FakeWinreg,
)

HKLM_NAME = r"HKLM\Software\Policies\Cuecard"


@pytest.fixture
def registry() -> FakeWinreg:
    return FakeWinreg(env={"USERPROFILE": r"C:\Users\ana"})


def policy(registry: FakeWinreg, name: str, kind: int, data: object, path: str = "") -> None:
    registry.put(HKEY_LOCAL_MACHINE, POLICY_KEY + (f"\\{path}" if path else ""), name, kind, data)


def test_absent_key_is_an_empty_layer(registry: FakeWinreg) -> None:
    layer = RegistryPolicyStore(registry=registry).read()
    assert (layer.found, dict(layer.values), layer.problems) == (False, {}, ())
    assert layer.where == HKLM_NAME


def test_values_of_every_shape_become_locked_settings(registry: FakeWinreg, tmp_path: Path) -> None:
    policy(registry, "nudges.per_hour", REG_DWORD, 1)
    policy(registry, "nudges.enabled", REG_DWORD, 0)
    policy(registry, "hotkey", REG_SZ, "<ctrl>+<shift>+k")
    policy(registry, "content.roots", REG_EXPAND_SZ, "unused")  # wrong type for a list
    policy(registry, "privacy.exclude_titles", REG_MULTI_SZ, ["*Payroll*", "*HR case*"])
    policy(registry, "quiet_hours", REG_SZ, "18:00-08:00", path="nudges")  # a section subkey
    policy(registry, "2", REG_EXPAND_SZ, r"%USERPROFILE%\cards", path="content.roots")
    policy(registry, "1", REG_SZ, r"\\server\share\cards", path="content.roots")  # ADMX <list>
    policy(registry, "paused_until", REG_SZ, "2031-01-31", path="nudges")
    user = tmp_path / "user.yaml"
    user.write_text("nudges.per_hour: 9\nnudges.min_gap_minutes: 20\n")
    settings = load_settings(None, user, [RegistryPolicyStore(registry=registry).read()])
    assert settings.get("nudges.per_hour") == 1
    assert settings.get("nudges.enabled") is False
    assert settings.get("hotkey") == "<ctrl>+<shift>+k"
    assert settings.get("privacy.exclude_titles") == ["*Payroll*", "*HR case*"]
    assert settings.get("nudges.quiet_hours") == "18:00-08:00"
    assert settings.get("content.roots") == [r"\\server\share\cards", r"C:\Users\ana\cards"]
    assert settings.get("nudges.paused_until") == "2031-01-31"
    assert settings.get("nudges.min_gap_minutes") == 20, "the user's own value stays"
    assert settings.sources["nudges.per_hour"] == Source(SourceKind.POLICY, HKLM_NAME, True)
    assert settings.is_locked("content.roots") and not settings.is_locked("nudges.min_gap_minutes")
    assert [str(p) for p in settings.problems] == [
        f"{user}:1: setting 'nudges.per_hour' is locked by your administrator",
        f"{HKLM_NAME}: 'content.roots' should be REG_MULTI_SZ (one item per line); ignored",
    ]


@pytest.mark.parametrize(
    ("name", "kind", "data", "message"),
    [
        ("nudges.enabled", REG_DWORD, 7, "should be REG_DWORD 0 or 1"),
        ("nudges.per_day", REG_SZ, "many", "should be a REG_DWORD number"),
        ("hotkey", REG_BINARY, b"\x01", "should be text (REG_SZ)"),
    ],
)
def test_a_value_of_the_wrong_registry_type_is_named_and_skipped(
    registry: FakeWinreg, name: str, kind: int, data: object, message: str
) -> None:
    policy(registry, name, kind, data)
    settings = load_settings(None, None, [RegistryPolicyStore(registry=registry).read()])
    assert settings.sources[name] == Source(), "the default stays in force"
    assert [str(p) for p in settings.problems] == [f"{HKLM_NAME}: '{name}' {message}; ignored"]


def test_a_value_the_setting_refuses_is_named_and_the_default_kept(registry: FakeWinreg) -> None:
    policy(registry, "nudges.quiet_hours", REG_SZ, "after lunch")
    policy(registry, "nudges.colour", REG_SZ, "blue")
    settings = load_settings(None, None, [RegistryPolicyStore(registry=registry).read()])
    assert settings.get("nudges.quiet_hours") == ""
    assert not settings.is_locked("nudges.quiet_hours")
    assert sorted(str(p) for p in settings.problems) == [
        f"{HKLM_NAME}: setting 'nudges.quiet_hours' has the wrong type; ignored",
        f"{HKLM_NAME}: unknown setting 'nudges.colour' ignored",
    ]


def test_a_bad_privacy_pattern_from_policy_keeps_the_builtins(
    registry: FakeWinreg, tmp_path: Path
) -> None:
    policy(registry, "privacy.exclude_apps", REG_MULTI_SZ, ["re:(?=lookahead)", "corpvault"])
    settings = load_settings(None, None, [RegistryPolicyStore(registry=registry).read()])
    context = AppContext.create(tmp_path / "data", stores=[RegistryPolicyStore(registry=registry)])
    rules = context.privacy_rules
    assert settings.get("privacy.exclude_apps") == ["re:(?=lookahead)", "corpvault"]
    assert rules.excludes(WindowInfo(app=DEFAULT_APPS[0], title="Vault"))
    assert rules.excludes(WindowInfo(app="corpvault", title="x"))
    [problem] = rules.problems
    assert problem.pattern == "re:(?=lookahead)"


def test_machine_policy_wins_over_user_policy(registry: FakeWinreg, tmp_path: Path) -> None:
    registry.put(HKEY_CURRENT_USER, POLICY_KEY, "nudges.per_day", REG_DWORD, 2)
    registry.put(HKEY_CURRENT_USER, POLICY_KEY, "nudges.per_hour", REG_DWORD, 2)
    policy(registry, "nudges.per_day", REG_DWORD, 5)
    context = AppContext.create(tmp_path / "data", stores=stores(registry))
    settings = context.settings
    assert (settings.get("nudges.per_day"), settings.get("nudges.per_hour")) == (5, 2)
    assert settings.sources["nudges.per_hour"].where == r"HKCU\Software\Policies\Cuecard"
    assert all(handle.closed for handle in registry.open_handles)


def test_only_windows_and_macos_have_policy_stores() -> None:
    assert system_policy_stores("linux") == ()
    assert [s.name for s in system_policy_stores("win32")] == [
        r"HKCU\Software\Policies\Cuecard",
        HKLM_NAME,
    ]
    assert [type(s).__name__ for s in system_policy_stores("darwin")] == ["ManagedPreferences"] * 2
