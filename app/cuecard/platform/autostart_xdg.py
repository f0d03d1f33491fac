"""XDG autostart (freedesktop.org Desktop Application Autostart Specification).

The user's entry is `$XDG_CONFIG_HOME/autostart/cuecard.desktop`; a package installs
`cuecard.desktop` in a system dir (`$XDG_CONFIG_DIRS/autostart`, /etc/xdg/autostart).
A user file of the same name replaces the system one, and `Hidden=true` in it means
"do not start": that is how turning autostart off wins over the package's entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import platformdirs
from platformdirs.unix import Unix

ENTRY_NAME = "cuecard.desktop"
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def exec_value(args: Sequence[str]) -> str:
    """An `Exec=` value: arguments quoted as the spec asks, then escaped as a string."""
    parts = []
    for arg in args:
        arg = arg.replace("%", "%%")
        if any(ch in _RESERVED for ch in arg) or not arg:
            inner = "".join(f"\\{ch}" if ch in '"`$\\' else ch for ch in arg)
            arg = f'"{inner}"'
        parts.append(arg)
    return " ".join(parts).replace("\\", "\\\\")


def read_entry(path: Path) -> dict[str, str]:
    """The [Desktop Entry] keys of a .desktop file ({} when it cannot be read)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    keys: dict[str, str] = {}
    group = ""
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            group = line[1:-1]
        elif group == "Desktop Entry" and "=" in line and not line.startswith("#"):
            key, _, value = line.partition("=")
            keys.setdefault(key.strip(), value.strip())
    return keys


def _starts(keys: dict[str, str]) -> bool:
    return (
        bool(keys)
        and keys.get("Hidden", "false").lower() != "true"
        and keys.get("X-GNOME-Autostart-enabled", "true").lower() != "false"
    )


class XdgAutostart:
    """The user's autostart entry and any system one of the same name."""

    def __init__(self, command: Sequence[str], user_dir: Path, system_dirs: Sequence[Path]) -> None:
        self.command = list(command)
        self.user_file = user_dir / ENTRY_NAME
        self.system_files = [folder / ENTRY_NAME for folder in system_dirs]

    @property
    def location(self) -> str:
        return str(self.user_file)

    def _system(self) -> Path | None:
        return next((path for path in self.system_files if path.is_file()), None)

    def system_entry(self) -> bool:
        return self._system() is not None

    def enabled(self) -> bool:
        if self.user_file.exists():
            return _starts(read_entry(self.user_file))
        system = self._system()
        return system is not None and _starts(read_entry(system))

    def set_enabled(self, enabled: bool) -> None:
        system = self._system()
        if enabled and system is not None and _starts(read_entry(system)):
            self.user_file.unlink(missing_ok=True)  # the package's entry starts Cuecard
        elif enabled:
            self._write(self._entry())
        elif system is not None:
            self._write(self._hidden())
        else:
            self.user_file.unlink(missing_ok=True)

    def _entry(self) -> str:
        return (
            "[Desktop Entry]\n"
            "Type=Application\n"
            "Name=Cuecard\n"
            "Comment=Just-in-time learning cards from the system tray\n"
            f"Exec={exec_value(self.command)}\n"
            "Icon=cuecard\n"
            "Terminal=false\n"
            "X-GNOME-Autostart-enabled=true\n"
        )

    def _hidden(self) -> str:
        return (
            "[Desktop Entry]\n"
            "Type=Application\n"
            "Name=Cuecard\n"
            '# You turned off "Start Cuecard when I log in": this hides the system entry.\n'
            "Hidden=true\n"
        )

    def _write(self, text: str) -> None:
        self.user_file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.user_file.with_name(f".{ENTRY_NAME}.tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(self.user_file)


def create(command: Sequence[str]) -> XdgAutostart:
    """From $XDG_CONFIG_HOME and $XDG_CONFIG_DIRS (platformdirs reads them)."""
    user = Path(platformdirs.user_config_dir()) / "autostart"
    system = Unix(multipath=True).site_config_dir.split(":")
    return XdgAutostart(command, user, [Path(folder) / "autostart" for folder in system])
