"""Start Cuecard when the user logs in: one interface, one module per OS.

Linux and the BSDs: an XDG autostart entry in ~/.config/autostart (autostart_xdg);
Windows: the HKCU Run key (autostart_windows); macOS: a LaunchAgent in
~/Library/LaunchAgents (autostart_macos). A package may install a machine-wide entry
(/etc/xdg/autostart, the HKLM Run key, /Library/LaunchAgents) that runs
`cuecard --autostart`; the user's choice to turn autostart off wins over it: on XDG a
user entry with Hidden=true hides it, and everywhere `--autostart` exits quietly when
the user's `autostart` setting is false.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Protocol, runtime_checkable

AUTOSTART_FLAG = "--autostart"


@runtime_checkable
class Autostart(Protocol):
    """The user's login entry for Cuecard; methods raise OSError when the OS refuses."""

    @property
    def location(self) -> str:
        """Where the user's entry lives (for the doctor and the Settings window)."""
        ...

    def system_entry(self) -> bool:
        """True when a package installed a machine-wide entry."""
        ...

    def enabled(self) -> bool:
        """True when Cuecard starts at this user's login (user or machine-wide entry)."""
        ...

    def set_enabled(self, enabled: bool) -> None:
        """Create or remove the user's entry (on XDG, hide or unhide the system one)."""
        ...


def launch_command() -> list[str]:
    """How to start this Cuecard from a login entry: the frozen executable, the
    `cuecard` script beside this Python (a venv or a pip install), else `python -m`."""
    if getattr(sys, "frozen", False):
        windowed = Path(sys.executable).with_name("cuecardw.exe")
        if sys.platform == "win32" and windowed.is_file():
            return [str(windowed)]  # the bundle's console-less starter: no window at login
        return [sys.executable]
    name = "cuecard.exe" if sys.platform == "win32" else "cuecard"
    script = Path(sys.executable).with_name(name)
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "cuecard"]


def system_autostart(platform: str | None = None) -> Autostart:
    """This OS's autostart, starting this Cuecard with `--autostart`."""
    platform = sys.platform if platform is None else platform
    command = [*launch_command(), AUTOSTART_FLAG]
    if platform == "win32":
        module = importlib.import_module("cuecard.platform.autostart_windows")
    elif platform == "darwin":
        module = importlib.import_module("cuecard.platform.autostart_macos")
    else:
        module = importlib.import_module("cuecard.platform.autostart_xdg")
    autostart: Autostart = module.create(command)
    return autostart


def installed_by_package(autostart: Autostart) -> bool:
    """A frozen build comes from a package, and so does a machine-wide login entry: then
    the welcome window's "Start Cuecard when I log in" is ticked by default."""
    return bool(getattr(sys, "frozen", False)) or autostart.system_entry()
