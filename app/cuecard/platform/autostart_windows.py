"""Windows autostart: a value in the user's Run key.

The user's entry is `HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run` value
`Cuecard`; the MSI's optional autostart feature writes the same value under HKLM (all
users). A user cannot remove that one; turning autostart off removes the user's value
and sets `autostart: false` in the user's settings, so the machine-wide entry's
`cuecard --autostart` exits quietly. `winreg` is imported only when used.
"""

from __future__ import annotations

import importlib
import subprocess
from collections.abc import Sequence
from types import ModuleType

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
VALUE = "Cuecard"


class RunKeyAutostart:
    """The `Cuecard` value in HKCU's Run key (and HKLM's, read only)."""

    def __init__(self, command: Sequence[str], registry: ModuleType | None = None) -> None:
        self.command_line = subprocess.list2cmdline(list(command))
        self._registry = registry

    @property
    def registry(self) -> ModuleType:
        if self._registry is None:
            self._registry = importlib.import_module("winreg")
        return self._registry

    @property
    def location(self) -> str:
        return f"HKCU\\{RUN_KEY}\\{VALUE}"

    def _has(self, hive: int) -> bool:
        winreg = self.registry
        access = winreg.KEY_READ | getattr(winreg, "KEY_WOW64_64KEY", 0)
        try:
            with winreg.OpenKey(hive, RUN_KEY, 0, access) as key:
                winreg.QueryValueEx(key, VALUE)
        except OSError:  # FileNotFoundError: no key or no value
            return False
        return True

    def system_entry(self) -> bool:
        return self._has(self.registry.HKEY_LOCAL_MACHINE)

    def enabled(self) -> bool:
        return self._has(self.registry.HKEY_CURRENT_USER) or self.system_entry()

    def set_enabled(self, enabled: bool) -> None:
        winreg = self.registry
        with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_WRITE) as key:
            if enabled and not self.system_entry():
                winreg.SetValueEx(key, VALUE, 0, winreg.REG_SZ, self.command_line)
                return
            try:
                winreg.DeleteValue(key, VALUE)  # the machine-wide entry (if any) starts it
            except FileNotFoundError:
                pass


def create(command: Sequence[str]) -> RunKeyAutostart:
    return RunKeyAutostart(command)
