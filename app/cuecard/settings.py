"""Layered settings: what each key is, where its value came from, and validation.

Precedence, lowest first: built-in defaults < site files from IT (several, each may
`locked:` keys) < the user's file < keys a site file locks < OS policy stores (Windows
registry policies, macOS managed preferences), which are always locked.

The bottom layer: it imports nothing from the rest of cuecard but the leaf `textdata`;
domain objects (privacy rules, policy settings, content roots) are built from these
values in context.py, and the policy stores that produce `Layer`s live in
cuecard.platform. Files are YAML mappings of dotted keys (`content.roots: [...]`) or
nested mappings. A broken file or value is reported by name (`SettingProblem`) and
skipped, never fatal: the value below it (at worst the default) stays in force.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cuecard.setting_specs import (
    DEFAULT_APPS,
    DEFAULT_CLASSES,
    DEFAULT_HOTKEY,
    DEFAULT_TITLES,
    K_FLOOR,
    SECRET_KEYS,
    SPECS,
    SettingSpec,
)
from cuecard.textdata import YamlError, decode_card_bytes, load_yaml, parse_duration_days

__all__ = [
    "DEFAULT_APPS",
    "DEFAULT_CLASSES",
    "DEFAULT_HOTKEY",
    "DEFAULT_TITLES",
    "SECRET_KEYS",
    "SPECS",
    "Layer",
    "SettingProblem",
    "SettingSpec",
    "Settings",
    "Source",
    "SourceKind",
    "load_settings",
    "resolve",
]

_HOTKEY = re.compile(r"^(<[a-z0-9_]+>|[^+<>\s])(\+(<[a-z0-9_]+>|[^+<>\s]))*$")


class SourceKind(StrEnum):
    """The kinds of places a value can come from, lowest precedence first."""

    DEFAULT = "default"
    SITE = "site"  # an IT file: /etc/cuecard, $XDG_CONFIG_DIRS, %ProgramData%, ...
    USER = "user"  # the user's own file
    POLICY = "policy"  # an OS policy store: always locked


@dataclass(frozen=True)
class Source:
    """Where one value came from: the kind of place, which file or store, and whether
    the user may change it (`locked`: a site file locks it, or a policy store sets it)."""

    kind: SourceKind = SourceKind.DEFAULT
    where: str = ""
    locked: bool = False

    def __str__(self) -> str:
        label = f"{self.kind.value}, locked" if self.locked else self.kind.value
        return f"{label}: {self.where}" if self.where else label


@dataclass(frozen=True)
class SettingProblem:
    """A file or value that could not be used, by name; it was skipped."""

    where: str
    message: str
    key: str = ""
    line: int = 0

    def __str__(self) -> str:
        place = f"{self.where}:{self.line}" if self.line else self.where
        return f"{place}: {self.message}"


@dataclass(frozen=True)
class Layer:
    """The raw values one file or policy store gives, before validation.

    `values` are flat (dotted keys); `locked` lists the keys a site file pins (a policy
    layer locks every key it sets); `found` is False when the file or store is absent.
    """

    kind: SourceKind
    where: str
    values: Mapping[str, Any] = field(default_factory=dict)
    locked: frozenset[str] = frozenset()
    problems: tuple[SettingProblem, ...] = ()
    found: bool = True
    lines: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Settings:
    """Resolved values, where each came from, the layers read and any problems."""

    values: Mapping[str, Any]
    sources: Mapping[str, Source]
    locked: frozenset[str] = frozenset()
    problems: tuple[SettingProblem, ...] = ()
    layers: tuple[Layer, ...] = ()

    def get(self, key: str) -> Any:
        return self.values[key]

    def is_locked(self, key: str) -> bool:
        """True when IT set this key so the user cannot change it."""
        return key in self.locked

    @property
    def files(self) -> tuple[Path, ...]:
        """The settings files consulted (present or not), lowest precedence first."""
        return tuple(
            Path(layer.where) for layer in self.layers if layer.kind is not SourceKind.POLICY
        )


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


def parse_day(text: str) -> date | None:
    """'2030-06-30' -> that date; None for empty or unreadable text."""
    try:
        return date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        return None


def is_http_url(text: str) -> bool:
    """True for an absolute http(s) URL with a host (a setting that names a server)."""
    parts = urlsplit(text.strip())
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def is_public_key(text: str) -> bool:
    """True for the one-line form of an Ed25519 public key (base64 of 32 bytes)."""
    try:
        return len(base64.b64decode(text.strip(), validate=True)) == 32
    except ValueError:
        return False


def is_hotkey(text: str) -> bool:
    """True for a combination in pynput's syntax, e.g. `<ctrl>+<alt>+<space>`."""
    return _HOTKEY.match(text) is not None


def flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested mappings to dotted keys; a mapping under a known key stays a value."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and name not in SPECS:
            flat.update(flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def normalise(key: str, value: Any) -> Any:
    """The value in the form the app keeps (a YAML or plist date becomes 'YYYY-MM-DD');
    None when it is not usable for `key`."""
    if key == "nudges.paused_until":
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return value.isoformat()
        ok = isinstance(value, str) and (value.strip() == "" or parse_day(value) is not None)
        return value.strip() if ok else None
    return value if _valid(key, value) else None


def _valid(key: str, value: Any) -> bool:
    default = SPECS[key].default
    if key in ("sync.endpoint", "sync.actor_home_page", "report.lrs_endpoint"):
        return isinstance(value, str) and (value == "" or is_http_url(value))
    if key == "packs.urls":
        return isinstance(value, list) and all(
            isinstance(item, str) and (is_http_url(item) or item.startswith("file:/"))
            for item in value
        )
    if key == "packs.public_key":
        return isinstance(value, str) and (value == "" or is_public_key(value))
    if key == "hotkey":
        return isinstance(value, str) and is_hotkey(value)
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
    if key == "report.k_anonymity":
        return isinstance(value, int) and not isinstance(value, bool) and value >= K_FLOOR
    if key == "review.retention":
        return isinstance(value, int) and not isinstance(value, bool) and 70 <= value <= 99
    if isinstance(default, int):
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0
    return isinstance(value, type(default))


def unusable_message(key: str, value: Any) -> str:
    """Why a value of `key` is not used (the key's default or a lower layer's value is)."""
    if key == "report.k_anonymity" and isinstance(value, int) and not isinstance(value, bool):
        return f"setting '{key}' must be at least {K_FLOOR} (the privacy floor); ignored"
    return f"setting '{key}' has the wrong type; ignored"


def read_file_layer(path: Path, kind: SourceKind) -> Layer:
    """One YAML settings file as a layer; a site file's `locked:` list is taken out."""
    where = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Layer(kind, where, found=False)
    except OSError as exc:
        problem = SettingProblem(where, f"cannot read settings: {exc.strerror or exc}")
        return Layer(kind, where, problems=(problem,))
    decoded = decode_card_bytes(raw)
    if decoded.text is None:
        return Layer(kind, where, problems=(SettingProblem(where, str(decoded.problem)),))
    loaded = load_yaml(decoded.text)
    if isinstance(loaded, YamlError):
        return Layer(
            kind, where, problems=(SettingProblem(where, loaded.message, "", loaded.line),)
        )
    if loaded.data is None:
        return Layer(kind, where)
    if not isinstance(loaded.data, dict):
        return Layer(
            kind, where, problems=(SettingProblem(where, "settings must be a mapping of keys"),)
        )
    values = flatten({str(k): v for k, v in loaded.data.items()})
    lines = {
        key: loaded.key_lines.get(key, loaded.key_lines.get(key.split(".")[0], 0)) for key in values
    }
    problems: list[SettingProblem] = []
    locked: set[str] = set()
    if kind is SourceKind.SITE and "locked" in values:
        lock_list = values.pop("locked")
        if isinstance(lock_list, str):
            lock_list = [lock_list]
        if isinstance(lock_list, list):
            locked = {str(key) for key in lock_list}
            problems.extend(
                SettingProblem(where, f"unknown setting '{key}' in 'locked' ignored", key)
                for key in sorted(locked - set(SPECS))
            )
        elif lock_list is not None:
            problems.append(
                SettingProblem(where, "'locked' should be a list of setting names; ignored")
            )
    return Layer(kind, where, values, frozenset(locked & set(SPECS)), tuple(problems), lines=lines)


def resolve(layers: Sequence[Layer]) -> Settings:
    """Apply layers by precedence: defaults < site < user < site-locked keys < policy."""
    order = {SourceKind.SITE: 0, SourceKind.USER: 1, SourceKind.POLICY: 2}
    ordered = sorted(layers, key=lambda layer: order.get(layer.kind, 0))  # stable
    values = {key: spec.default for key, spec in SPECS.items()}
    sources = dict.fromkeys(SPECS, Source())
    problems: list[SettingProblem] = []
    lockers = {
        key: layer.where
        for layer in ordered
        if layer.kind is SourceKind.SITE
        for key in layer.locked
    }
    site_locked = frozenset(lockers)
    policy_keys = {
        key
        for layer in ordered
        if layer.kind is SourceKind.POLICY
        for key, value in layer.values.items()
        if key in SPECS and normalise(key, value) is not None
    }
    for layer in ordered:
        problems.extend(layer.problems)
        for key, value in layer.values.items():
            line = layer.lines.get(key, 0)
            if key not in SPECS:
                problems.append(
                    SettingProblem(layer.where, f"unknown setting '{key}' ignored", key, line)
                )
                continue
            usable = normalise(key, value)
            if usable is None:
                message = unusable_message(key, value)
                problems.append(SettingProblem(layer.where, message, key, line))
                continue
            if layer.kind is SourceKind.USER and (key in site_locked or key in policy_keys):
                message = f"setting '{key}' is locked by your administrator"
                problems.append(SettingProblem(layer.where, message, key, line))
                continue
            locked = layer.kind is SourceKind.POLICY or key in site_locked
            values[key] = usable
            sources[key] = Source(layer.kind, layer.where, locked)
    for key in site_locked:
        if not sources[key].locked:  # locked at its default: no site file sets it
            sources[key] = Source(SourceKind.DEFAULT, lockers[key], True)
    locked_keys = site_locked | policy_keys
    return Settings(values, sources, frozenset(locked_keys), tuple(problems), tuple(ordered))


def load_settings(
    site_files: Path | Sequence[Path] | None,
    user_file: Path | None,
    policy: Sequence[Layer] = (),
) -> Settings:
    """Read the site files (lowest precedence first), the user file and the given policy
    layers; any of them may be missing."""
    if isinstance(site_files, Path):
        site_files = [site_files]
    layers = [read_file_layer(path, SourceKind.SITE) for path in site_files or ()]
    if user_file is not None:
        layers.append(read_file_layer(user_file, SourceKind.USER))
    return resolve([*layers, *policy])
