"""Open a draft in the user's editor: $VISUAL or $EDITOR, else the desktop's default
application for markdown files."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path


def editor_command(env: Mapping[str, str]) -> list[str] | None:
    """The user's chosen editor as an argument list ($VISUAL first), or None."""
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name, "").strip()
        if value:
            try:
                return shlex.split(value)
            except ValueError:
                continue
    return None


def desktop_open_command(path: Path) -> list[str] | None:
    """The command that opens `path` with the desktop's default application."""
    if sys.platform == "darwin":
        return ["open", str(path)]
    if sys.platform == "win32":
        return None  # os.startfile, see open_with_desktop
    return ["xdg-open", str(path)]


def open_with_desktop(path: Path) -> bool:
    """Hand `path` to the desktop's default application; False when that failed."""
    if sys.platform == "win32":
        try:
            os.startfile(path)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    command = desktop_open_command(path)
    assert command is not None
    try:
        subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        return False
    return True


def edit_in_terminal(path: Path, env: Mapping[str, str] | None = None) -> str:
    """For `cuecard new`: run $VISUAL/$EDITOR on `path` and wait for it, else open it with
    the desktop's default application. Returns how it was opened, for the message."""
    command = editor_command(os.environ if env is None else env)
    if command is not None:
        try:
            subprocess.run([*command, str(path)], check=False)
            return command[0]
        except OSError:
            pass
    return "the desktop's default app" if open_with_desktop(path) else ""
