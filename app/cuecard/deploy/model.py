"""How each setting is written in each store: YAML, the Windows registry, a plist.

The registry layout (read by the Windows policy store, written by cuecard.admx):
every setting is a value under HKLM\\Software\\Policies\\Cuecard named by its dotted key
(`nudges.per_hour`); booleans and numbers are REG_DWORD, text is REG_SZ, and a list is
a subkey of the same name whose REG_SZ values are named 1, 2, 3... in order. macOS
managed preferences use the same dotted keys with plist booleans, integers, strings
and arrays of strings.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from typing import Any

import yaml

from cuecard.setting_specs import SPECS, SettingSpec

POLICY_KEY = r"Software\Policies\Cuecard"
BUNDLE_ID = "org.cuecard.Cuecard"


class Kind(enum.Enum):
    """The shape of a setting's value, which decides how every store writes it."""

    BOOL = "boolean"
    NUMBER = "number"
    TEXT = "text"
    LIST = "list of text"


@dataclass(frozen=True)
class ManagedSetting:
    """One setting as administrators see it."""

    key: str
    kind: Kind
    default: Any
    example: Any
    description: str

    @property
    def section(self) -> str:
        """The part before the first dot ('nudges'), or 'general'."""
        return self.key.split(".", 1)[0] if "." in self.key else "general"

    @property
    def policy_name(self) -> str:
        """An identifier for ADMX (letters, digits, underscores)."""
        return self.key.replace(".", "_")

    @property
    def registry_type(self) -> str:
        return {
            Kind.BOOL: "REG_DWORD 0/1",
            Kind.NUMBER: "REG_DWORD",
            Kind.TEXT: "REG_SZ",
            Kind.LIST: r"subkey, REG_SZ values 1, 2, 3…",
        }[self.kind]


def kind_of(spec: SettingSpec) -> Kind:
    default = spec.default
    if isinstance(default, bool):
        return Kind.BOOL
    if isinstance(default, int):
        return Kind.NUMBER
    if isinstance(default, list):
        return Kind.LIST
    return Kind.TEXT


def example_of(spec: SettingSpec) -> Any:
    """The spec's example; else the other choice of a boolean; else the default."""
    if spec.example is not None:
        return spec.example
    if isinstance(spec.default, bool):
        return not spec.default
    return spec.default


def managed_settings() -> tuple[ManagedSetting, ...]:
    """Every known setting, in SPECS order."""
    return tuple(
        ManagedSetting(key, kind_of(spec), spec.default, example_of(spec), spec.description)
        for key, spec in SPECS.items()
    )


def yaml_value(value: Any) -> str:
    """A value as one line of YAML (flow style for lists)."""
    text: str = yaml.safe_dump(value, default_flow_style=True, width=math.inf, allow_unicode=True)
    return text.removesuffix("\n...\n").strip()
