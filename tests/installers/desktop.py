"""A user's session for installed apps: a home folder, a runtime dir, a real X server."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.e2e.test_tray_app import embedded_in_tray
from tests.e2e.xsession import XSession


@dataclass(frozen=True)
class User:
    """Environment of a user who has only a home folder: no venv, no repository."""

    home: Path

    @property
    def env(self) -> dict[str, str]:
        runtime = self.home / "run"
        runtime.mkdir(mode=0o700, exist_ok=True)
        return {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": str(self.home),
            "XDG_RUNTIME_DIR": str(runtime),
            "LANG": "C.UTF-8",
        }

    @property
    def data_dir(self) -> Path:
        return self.home / ".local" / "share" / "cuecard"

    @property
    def config_file(self) -> Path:
        return self.home / ".config" / "cuecard" / "settings.yaml"

    def in_session(self, session: XSession) -> dict[str, str]:
        return {**self.env, "DISPLAY": session.display, "QT_QPA_PLATFORM": "xcb"}


def xdo(session: XSession, *args: str) -> list[str]:
    result = subprocess.run(
        ["xdotool", *args], env=session.env, capture_output=True, text=True, check=False
    )
    return result.stdout.split()


def tray_icon(session: XSession) -> str | None:
    """The window id of Cuecard's icon once it is docked in trayer and viewable."""
    for window in xdo(session, "search", "--onlyvisible", "--classname", "cuecard"):
        if embedded_in_tray(session, window):
            return window
    return None


def colours_in(session: XSession, window: str) -> int:
    """How many distinct colours the window shows (1: nothing drawn)."""
    shot = subprocess.run(
        ["import", "-window", window, "png:-"], env=session.env, capture_output=True, check=True
    ).stdout
    count = subprocess.run(
        ["convert", "png:-", "-format", "%k", "info:"],
        input=shot,
        capture_output=True,
        check=True,
    ).stdout
    return int(count.decode().strip())
