"""Layered settings: built-in defaults < site file (IT, may lock keys) < user file.

The bottom layer: values, where each came from, and validation. It imports nothing
from the rest of cuecard but the leaf `textdata`; domain objects (privacy rules, policy
settings, content roots) are built from these values in context.py.

Files are YAML mappings of dotted keys (`content.roots: [...]`) or nested mappings.
A value of the wrong type is ignored with a message naming the file and key, so a
typo never stops the app. Keys the site file lists under `locked:` cannot be changed
by the user file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any

from cuecard.textdata import YamlError, decode_card_bytes, load_yaml, parse_duration_days

DEFAULT_HOTKEY = "<ctrl>+<alt>+<space>"
# The built-in privacy exclusions: password managers and private browsing (watch/privacy.py).
DEFAULT_APPS = (
    "keepassxc",
    "keepass",
    "keepass2",
    "1password",
    "bitwarden",
    "enpass",
    "lastpass",
    "dashlane",
    "proton-pass",
    "seahorse",
    "kwalletmanager5",
    "kwalletmanager",
)
DEFAULT_TITLES = (
    "*Private Browsing*",
    "*(Incognito)*",
    "*Incognito*- Google Chrome*",
    "*InPrivate*",
    "*- Private Window*",
    "*Tor Browser*",
)
DEFAULT_CLASSES = ("keepassxc", "1password", "bitwarden", "org.keepassxc.*")


@dataclass(frozen=True)
class SettingSpec:
    """A known setting: its default, a one-line description, and an example value for
    the administrators' documentation (the default when None)."""

    default: Any
    description: str
    example: Any = None


SPECS: dict[str, SettingSpec] = {
    "content.builtin": SettingSpec(True, "load the built-in sample pack"),
    "content.roots": SettingSpec(
        [], "extra content folders, loaded in this order", ["/srv/cuecard/team-cards"]
    ),
    "content.review_every": SettingSpec("180d", "default review interval for cards", "90d"),
    "privacy.exclude_apps": SettingSpec(list(DEFAULT_APPS), "process names Cuecard never sees"),
    "privacy.exclude_titles": SettingSpec(list(DEFAULT_TITLES), "window titles never seen"),
    "privacy.exclude_classes": SettingSpec(list(DEFAULT_CLASSES), "window classes never seen"),
    "nudges.enabled": SettingSpec(True, "offer cards proactively (pulling always works)"),
    "nudges.per_hour": SettingSpec(3, "at most this many nudges an hour"),
    "nudges.per_day": SettingSpec(8, "at most this many nudges a day"),
    "nudges.min_gap_minutes": SettingSpec(10, "minutes between two nudges"),
    "nudges.dwell_seconds": SettingSpec(3, "seconds a window must be active before a nudge"),
    "nudges.max_unopened": SettingSpec(3, "stop nudging a card shown this often unopened"),
    "nudges.quiet_hours": SettingSpec(
        "", "no nudges in this span, e.g. 18:00-08:30", "18:00-08:30"
    ),
    "hotkey": SettingSpec(
        DEFAULT_HOTKEY, "global hotkey for cards for the current window", "<ctrl>+<shift>+k"
    ),
    "learner.roles": SettingSpec([], "your roles, matched against cards' audience", ["finance"]),
    "log.daily_prompt": SettingSpec(
        "", "ask what you learned each day at this time, e.g. 17:00", "17:00"
    ),
    "autostart": SettingSpec(
        True, "start Cuecard when you log in (the packages' log-in entry honours it)"
    ),
}


@dataclass(frozen=True)
class Settings:
    """Resolved values, where each came from, and any problems reading the files."""

    values: Mapping[str, Any]
    sources: Mapping[str, str]
    locked: frozenset[str] = frozenset()
    problems: tuple[str, ...] = ()
    files: tuple[Path, ...] = field(default=())

    def get(self, key: str) -> Any:
        return self.values[key]


def parse_clock(text: str) -> time | None:
    """'17:00' -> 17:00; None for empty or unreadable text."""
    try:
        return time.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        return None


def parse_quiet_hours(text: str) -> tuple[time, time] | None:
    """'18:00-08:30' -> (18:00, 08:30); None for empty or unreadable text."""
    try:
        start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError:
        return None
    return start, end


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and name not in SPECS:
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def _valid(key: str, value: Any) -> bool:
    default = SPECS[key].default
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, list):
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    if key == "content.review_every":
        return parse_duration_days(value) is not None
    if key == "log.daily_prompt":
        return isinstance(value, str) and (value == "" or parse_clock(value) is not None)
    if key == "nudges.quiet_hours":
        return isinstance(value, str) and (value == "" or parse_quiet_hours(value) is not None)
    if isinstance(default, int):
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0
    return isinstance(value, type(default))


def _read(path: Path, problems: list[str]) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        problems.append(f"{path}: cannot read settings: {exc.strerror or exc}")
        return {}
    decoded = decode_card_bytes(raw)
    if decoded.text is None:
        problems.append(f"{path}: {decoded.problem}")
        return {}
    loaded = load_yaml(decoded.text)
    if isinstance(loaded, YamlError):
        problems.append(f"{path}:{loaded.line}: {loaded.message}")
        return {}
    if loaded.data is None:
        return {}
    if not isinstance(loaded.data, dict):
        problems.append(f"{path}: settings must be a mapping of keys")
        return {}
    return _flatten({str(k): v for k, v in loaded.data.items()})


def load_settings(site_file: Path | None, user_file: Path | None) -> Settings:
    """Resolve settings from the site file then the user file (either may be missing)."""
    values = {key: spec.default for key, spec in SPECS.items()}
    sources = dict.fromkeys(SPECS, "default")
    problems: list[str] = []
    locked: set[str] = set()
    for origin, path in (("admin", site_file), ("user", user_file)):
        if path is None:
            continue
        data = _read(path, problems)
        if origin == "admin":
            lock_list = data.pop("locked", None)
            if isinstance(lock_list, str):
                lock_list = [lock_list]
            if isinstance(lock_list, list):
                locked = {str(key) for key in lock_list}
            elif lock_list is not None:
                problems.append(f"{path}: 'locked' should be a list of setting names; ignored")
        for key, value in data.items():
            if key not in SPECS:
                problems.append(f"{path}: unknown setting '{key}' ignored")
            elif not _valid(key, value):
                problems.append(f"{path}: setting '{key}' has the wrong type; ignored")
            elif origin == "user" and key in locked:
                problems.append(f"{path}: setting '{key}' is locked by your administrator")
            else:
                values[key] = value
                sources[key] = origin
    for key in locked & set(SPECS):
        sources[key] = "locked"
    files = tuple(path for path in (site_file, user_file) if path is not None)
    return Settings(values, sources, frozenset(locked), tuple(problems), files)
