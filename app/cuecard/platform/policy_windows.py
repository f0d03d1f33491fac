"""Windows registry policies: `Software\\Policies\\Cuecard` under HKCU, then HKLM.

What an ADMX template, Group Policy Preferences, Intune or `reg add` write there:
- a value named after a setting, dotted or not: `nudges.per_hour` (REG_DWORD),
  `hotkey` (REG_SZ), `content.roots` (REG_MULTI_SZ), `nudges.enabled` (REG_DWORD 0/1);
- a subkey per section: `...\\Cuecard\\nudges` with a value `per_hour`;
- a subkey named after a list setting whose values are the items, in the order of their
  names (`1`, `2`, ...): what an ADMX `<list>` element writes.
REG_EXPAND_SZ is expanded. A value of a type the setting cannot take is reported by
its registry name and skipped. `winreg` is imported only when a store is read; tests
pass a double with the same shape.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from cuecard.setting_specs import SPECS
from cuecard.settings import Layer, SettingProblem, SourceKind

POLICY_KEY = r"Software\Policies\Cuecard"
MAX_DEPTH = 3
# winreg's type codes (stable Win32 values), so the module can be read without winreg.
REG_SZ, REG_EXPAND_SZ, REG_DWORD, REG_MULTI_SZ, REG_QWORD = 1, 2, 4, 7, 11
HIVES = {"HKEY_CURRENT_USER": "HKCU", "HKEY_LOCAL_MACHINE": "HKLM"}


class RegistryPolicyStore:
    """One hive's `Software\\Policies\\Cuecard` key as a policy layer."""

    def __init__(self, hive: str = "HKEY_LOCAL_MACHINE", registry: ModuleType | None = None):
        self.hive = hive
        self._registry = registry

    @property
    def name(self) -> str:
        return f"{HIVES.get(self.hive, self.hive)}\\{POLICY_KEY}"

    def read(self) -> Layer:
        registry = self._registry or importlib.import_module("winreg")
        values: dict[str, Any] = {}
        problems: list[SettingProblem] = []
        access = registry.KEY_READ | getattr(registry, "KEY_WOW64_64KEY", 0)
        try:
            key = registry.OpenKey(getattr(registry, self.hive), POLICY_KEY, 0, access)
        except FileNotFoundError:
            return Layer(SourceKind.POLICY, self.name, found=False)
        except OSError as exc:
            problem = SettingProblem(self.name, f"cannot read the policy key: {exc}")
            return Layer(SourceKind.POLICY, self.name, problems=(problem,))
        with key:
            _Reader(registry, self.name, values, problems).walk(key, "", 0)
        return Layer(
            SourceKind.POLICY, self.name, values, frozenset(values), tuple(problems), found=True
        )


class _Reader:
    def __init__(
        self,
        registry: ModuleType,
        where: str,
        values: dict[str, Any],
        problems: list[SettingProblem],
    ) -> None:
        self.registry = registry
        self.where = where
        self.values = values
        self.problems = problems

    def walk(self, key: Any, prefix: str, depth: int) -> None:
        for name, data, kind in _values(self.registry, key):
            if not name:
                continue  # the key's (Default) value
            setting = f"{prefix}{name}"
            converted = self.convert(setting, data, kind)
            if converted is not None:
                self.values[setting] = converted
        for sub in _subkeys(self.registry, key):
            setting = f"{prefix}{sub}"
            if depth >= MAX_DEPTH:
                self.report(setting, "nested too deep; ignored")
                continue
            try:
                child = self.registry.OpenKey(key, sub, 0, self.registry.KEY_READ)
            except OSError as exc:
                self.report(setting, f"cannot be read ({exc}); ignored")
                continue
            with child:
                spec = SPECS.get(setting)
                if spec is not None and isinstance(spec.default, list):
                    self.values[setting] = self.list_items(child, setting)
                else:
                    self.walk(child, f"{setting}.", depth + 1)

    def list_items(self, key: Any, setting: str) -> list[str]:
        items: list[tuple[int, str, str]] = []
        for name, data, kind in _values(self.registry, key):
            if kind not in (REG_SZ, REG_EXPAND_SZ):
                self.report(f"{setting}\\{name}", "should be text (REG_SZ); ignored")
                continue
            order = int(name) if name.isdigit() else 1 << 30
            items.append((order, name, self.expand(data, kind)))
        return [text for _order, _name, text in sorted(items)]

    def convert(self, setting: str, data: Any, kind: int) -> Any:
        spec = SPECS.get(setting)
        if spec is None:
            return data  # resolve() reports it as unknown, by this name
        default = spec.default
        if isinstance(default, bool):
            if kind in (REG_DWORD, REG_QWORD) and data in (0, 1):
                return bool(data)
            if kind == REG_SZ and str(data).strip().lower() in ("true", "false", "1", "0"):
                return str(data).strip().lower() in ("true", "1")
            self.report(setting, "should be REG_DWORD 0 or 1; ignored")
            return None
        if isinstance(default, int):
            if kind in (REG_DWORD, REG_QWORD):
                return int(data)
            if kind == REG_SZ and str(data).strip().isdigit():
                return int(str(data).strip())
            self.report(setting, "should be a REG_DWORD number; ignored")
            return None
        if isinstance(default, list):
            if kind == REG_MULTI_SZ:
                return [str(item) for item in data if str(item)]
            self.report(setting, "should be REG_MULTI_SZ (one item per line); ignored")
            return None
        if kind in (REG_SZ, REG_EXPAND_SZ):
            return self.expand(data, kind)
        self.report(setting, "should be text (REG_SZ); ignored")
        return None

    def expand(self, data: Any, kind: int) -> str:
        text = str(data)
        return self.registry.ExpandEnvironmentStrings(text) if kind == REG_EXPAND_SZ else text

    def report(self, setting: str, message: str) -> None:
        self.problems.append(SettingProblem(self.where, f"'{setting}' {message}", setting))


def _values(registry: ModuleType, key: Any) -> list[tuple[str, Any, int]]:
    found: list[tuple[str, Any, int]] = []
    index = 0
    while True:
        try:
            name, data, kind = registry.EnumValue(key, index)
        except OSError:  # ERROR_NO_MORE_ITEMS
            return found
        found.append((str(name), data, int(kind)))
        index += 1


def _subkeys(registry: ModuleType, key: Any) -> list[str]:
    found: list[str] = []
    index = 0
    while True:
        try:
            found.append(str(registry.EnumKey(key, index)))
        except OSError:
            return found
        index += 1


def stores(registry: ModuleType | None = None) -> tuple[RegistryPolicyStore, ...]:
    """User policies first, machine policies on top (they win)."""
    return (
        RegistryPolicyStore("HKEY_CURRENT_USER", registry),
        RegistryPolicyStore("HKEY_LOCAL_MACHINE", registry),
    )
