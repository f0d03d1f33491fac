"""Choosing a back-end, the privacy filter and trigger suggestions (pure parts)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cuecard.clock import FixedClock
from cuecard.content.patterns import compile_pattern
from cuecard.models import WindowInfo
from cuecard.watch.base import BackendInUse
from cuecard.watch.privacy import PrivacyRules
from cuecard.watch.select import candidates, choose_watcher, describe, session_reason
from cuecard.watch.trigger import suggest_trigger, title_pattern


def test_candidates_per_platform() -> None:
    assert candidates({}, "win32") == ["windows"]
    assert candidates({}, "darwin") == ["macos"]
    assert candidates({"DISPLAY": ":0"}, "linux") == ["x11", "poll"]
    wayland = candidates({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, "linux")
    assert wayland[0] == "wayland_sway" and "x11" not in wayland


def test_the_reason_says_what_the_backend_does_where_and_what_came_first(
    tmp_path: Path,
) -> None:
    import socket

    from cuecard.watch.wayland_sway import SwayWatcher

    env = {"WAYLAND_DISPLAY": "wayland-1", "SWAYSOCK": str(tmp_path / "none.sock")}
    assert session_reason(env, "linux").startswith("a Wayland session (WAYLAND_DISPLAY=wayland-1)")
    assert session_reason({"DISPLAY": ":3"}, "linux") == "an X11 session (DISPLAY=:3)"
    assert session_reason({}, "win32") == "Windows"
    watcher = SwayWatcher(socket.socket(socket.AF_UNIX), "/run/user/1000/sway-ipc.sock")
    reason = describe(watcher.detail, "a Wayland session", ["wayland_sway: not running"])
    assert reason.startswith("event-driven; sway answers on its IPC socket /run/user/1000/")
    assert reason.endswith("; chosen for a Wayland session; tried first: wayland_sway: not running")
    watcher.stop()


def test_a_backend_held_by_the_running_cuecard_is_named_not_dropped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cuecard.watch import wayland_sway

    def held(env: object) -> None:
        raise BackendInUse("sway", "another Cuecard (pid 7) holds it")

    monkeypatch.setattr(wayland_sway, "create", held)
    choice = choose_watcher(env={"WAYLAND_DISPLAY": "wayland-1"}, platform="linux")
    assert (choice.name, choice.watcher, choice.event_driven) == ("sway", None, True)
    assert "another Cuecard (pid 7) holds it" in choice.reason


def test_nothing_available_gives_pull_only_with_reasons() -> None:
    choice = choose_watcher(env={}, platform="linux")
    assert choice.watcher is None
    assert choice.name == "none"
    assert "pull-only" in choice.reason and "x11: no X11 display" in choice.reason


def test_default_exclusions_cover_password_managers_and_private_windows() -> None:
    rules = PrivacyRules.create()
    assert rules.excludes(WindowInfo(app="keepassxc", title="db.kdbx"))
    assert rules.excludes(WindowInfo(app="1password", title="1Password"))
    assert rules.excludes(WindowInfo(app="firefox", title="Mozilla Firefox Private Browsing"))
    assert rules.excludes(WindowInfo(app="chrome", title="New Tab - Google Chrome (Incognito)"))
    assert not rules.excludes(WindowInfo(app="firefox", title="News — Mozilla Firefox"))
    redacted = rules.redact(
        WindowInfo(
            app="bitwarden",
            title="Vault",
            pid=42,
            exe="/x",
            window_class="Bitwarden",
            fullscreen=True,
        )
    )
    assert redacted is not None and redacted.private
    assert (redacted.app, redacted.title, redacted.window_class, redacted.pid, redacted.exe) == (
        "",
        "",
        "",
        None,
        "",
    )
    assert redacted.fullscreen, "fullscreen still counts for quiet mode"


def test_title_pattern_keeps_the_app_part() -> None:
    assert title_pattern("Budget.ods - LibreOffice Calc") == "* - LibreOffice Calc"
    assert title_pattern("Inbox — Mozilla Thunderbird") == "* — Mozilla Thunderbird"
    assert title_pattern("Untitled") == "Untitled"
    assert title_pattern("a [draft]*?") == "a [[]draft[]][*][?]"
    assert title_pattern("   ") is None


def test_suggested_trigger_is_valid_yaml_that_matches_the_window() -> None:
    info = WindowInfo(app="code", title="main.py - proj - Visual Studio Code", window_class="Code")
    data = yaml.safe_load(suggest_trigger(info))
    entry = data["when"][0]
    assert entry["app"] == ["code"]
    assert compile_pattern(entry["title"]).matches(info.title)
    assert compile_pattern(entry["title"]).matches("other.txt - x - Visual Studio Code")
    assert compile_pattern(entry["class"]).matches("code")


def test_app_label_never_takes_a_fragment_of_the_title() -> None:
    from cuecard.watch.trigger import app_label

    # An xterm running bash in a folder called "second": the app is XTerm (its desktop
    # file, where installed) or "Xterm" (the process), never "second".
    label = app_label(WindowInfo(app="xterm", title="bash - second", window_class="XTerm"))
    assert label in ("XTerm", "Xterm")
    calc = WindowInfo(app="zzqcalc", title="a.ods - LibreOffice Calc")
    assert app_label(calc) == "Zzqcalc"
    assert app_label(WindowInfo(app="", title="Report - Draft")) == "this window"


PRIVATE_SUFFIX = " — Mozilla Firefox Private Browsing"


def test_the_whole_title_is_matched_however_long() -> None:
    rules = PrivacyRules.create()
    for length in (999, 1_000, 4_096, 100_000):
        title = "x" * length + PRIVATE_SUFFIX
        redacted = rules.redact(WindowInfo(app="firefox", title=title))
        assert redacted is not None and redacted.private and redacted.title == "", length
    assert not rules.excludes(WindowInfo(app="firefox", title="x" * 100_000 + " — Firefox"))


def test_settings_add_to_the_built_in_exclusions_never_replace_them() -> None:
    rules = PrivacyRules.create(apps=["mytool"], titles=["*Payroll*"], classes=["Vault"])
    assert rules.problems == ()
    assert rules.excludes(WindowInfo(app="mytool", title="x"))
    assert rules.excludes(WindowInfo(app="calc", title="Payroll 2026 - Calc"))
    assert rules.excludes(WindowInfo(app="x", title="y", window_class="vault"))
    assert rules.excludes(WindowInfo(app="keepassxc", title="db.kdbx")), "built-in app"
    assert rules.excludes(WindowInfo(app="firefox", title="a" + PRIVATE_SUFFIX)), "built-in"
    assert rules.excludes(WindowInfo(app="x", title="y", window_class="bitwarden"))


def test_a_pattern_re2_cannot_compile_is_reported_and_the_rest_stay_in_force() -> None:
    rules = PrivacyRules.create(titles=["re:(?<=secret)x", "*Payroll*"], apps=["re:(a"])
    reported = {(p.setting, p.pattern) for p in rules.problems}
    assert reported == {
        ("privacy.exclude_titles", "re:(?<=secret)x"),
        ("privacy.exclude_apps", "re:(a"),
    }
    [title_problem] = [p for p in rules.problems if p.setting == "privacy.exclude_titles"]
    assert "invalid perl operator" in title_problem.reason
    assert "'re:(?<=secret)x' cannot be used (invalid perl operator" in title_problem.message
    assert "built-in exclusions still apply" in title_problem.message
    assert rules.excludes(WindowInfo(app="calc", title="Payroll - Calc"))
    assert rules.excludes(WindowInfo(app="firefox", title="a" + PRIVATE_SUFFIX))
    assert rules.excludes(WindowInfo(app="1password", title="x"))


def test_suggested_trigger_names_the_focused_dialog_and_control() -> None:
    from cuecard.models import FocusedElement

    dialog = WindowInfo(app="soffice.bin", title="Format Cells", window_class="libreoffice-calc")
    field = FocusedElement("text", "Decimal places [0-9]*", "Format Cells")
    entry = yaml.safe_load(suggest_trigger(dialog, field))["when"][0]
    assert entry == {
        "app": ["soffice.bin"],
        "class": "libreoffice-calc",
        "dialog": "Format Cells",
        "control": "Decimal places [[]0-9[]][*]",  # glob characters escaped
    }
    assert compile_pattern(entry["control"]).matches(field.name)
    unnamed = FocusedElement("button", "", None)
    entry = yaml.safe_load(suggest_trigger(dialog, unnamed))["when"][0]
    assert entry["role"] == "button" and entry["title"] == "Format Cells"
    assert "control" not in entry and "dialog" not in entry


def test_a_private_window_never_shows_its_focused_element(clock: FixedClock) -> None:
    from cuecard.models import FocusedElement
    from cuecard.watch_cli import _lines, window_record

    field = FocusedElement("text", "Master password", "Unlock")
    private = WindowInfo(app="", title="", private=True)
    now = clock.now()
    assert window_record(private, now, field)["element"] is None
    assert "Master" not in "\n".join(_lines(private, now, field))
    shown = WindowInfo(app="x", title="y")
    assert window_record(shown, now, field)["element"] == {
        "role": "text",
        "name": "Master password",
        "dialog": "Unlock",
        "native_role": "",
    }
