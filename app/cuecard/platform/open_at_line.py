"""Open a card file in an editor at a given line (for *Content problems*).

Which editor: the `editor` setting (a command with `{file}` and `{line}`, e.g.
`code -g {file}:{line}`), else $VISUAL or $EDITOR, else the desktop's default app for
markdown (Linux: `xdg-mime`, read from its desktop file). An editor is used only when
it is known to take a line number and runs in its own window; otherwise the file opens
the usual way and the caller says which line to look at. No Qt here.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from cuecard.watch.app_names import application_dirs, parse_desktop_file

LineArgs = Callable[[str, int], list[str]]


def _colon(file: str, line: int) -> list[str]:
    return [f"{file}:{line}"]


def _plus(file: str, line: int) -> list[str]:
    return [f"+{line}", file]


def _dash_l(file: str, line: int) -> list[str]:
    return ["-l", str(line), file]


def _goto(file: str, line: int) -> list[str]:
    return ["-g", f"{file}:{line}"]


def _line_flag(file: str, line: int) -> list[str]:
    return ["--line", str(line), file]


# GUI editors and how each is told the line (program name without .exe, lower case).
GUI_EDITORS: dict[str, LineArgs] = {
    **dict.fromkeys(("code", "codium", "code-oss", "code-insiders", "cursor", "vscodium"), _goto),
    **dict.fromkeys(("subl", "sublime_text", "zed", "zeditor", "atom", "pulsar"), _colon),
    **dict.fromkeys(("gedit", "gnome-text-editor", "pluma", "xed", "gvim", "bbedit"), _plus),
    **dict.fromkeys(("kate", "kwrite", "geany", "mate"), _dash_l),
    **dict.fromkeys(("idea", "pycharm", "webstorm", "clion", "goland", "phpstorm"), _line_flag),
    "notepad++": lambda file, line: [f"-n{line}", file],
}


def line_command(editor: Sequence[str], file: Path, line: int) -> list[str] | None:
    """The command that opens `file` at `line` in `editor` (an argument list), or None
    when that editor is not known to take a line in a window of its own."""
    if not editor:
        return None
    program = Path(editor[0].replace("\\", "/")).name.lower().removesuffix(".exe")
    args = GUI_EDITORS.get(program)
    if args is None:
        return None
    return [*editor, *args(str(file), max(line, 1))]


def template_command(template: str, file: Path, line: int) -> list[str] | None:
    """The `editor` setting: split like a shell would, then {file} and {line} filled in
    each argument (never through a shell)."""
    try:
        words = shlex.split(template)
    except ValueError:
        return None
    if not words:
        return None
    filled = [w.replace("{file}", str(file)).replace("{line}", str(max(line, 1))) for w in words]
    if not any("{file}" in w for w in words):
        filled.append(str(file))
    return filled


def default_markdown_editor(env: Mapping[str, str] | None = None) -> list[str] | None:
    """Linux: the program of the desktop's default app for markdown, if one is set."""
    if not sys.platform.startswith("linux") or shutil.which("xdg-mime") is None:
        return None
    try:
        answer = subprocess.run(
            ["xdg-mime", "query", "default", "text/markdown"],
            capture_output=True,
            text=True,
            timeout=3,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    desktop_id = answer.removesuffix(".desktop")
    if not desktop_id:
        return None
    for folder in application_dirs(env):
        path = folder / f"{desktop_id}.desktop"
        try:
            text = path.read_text(encoding="utf-8", errors="replace")[:65536]
        except OSError:
            continue
        entry = parse_desktop_file(text, desktop_id, env)
        return [entry.exec_name] if entry is not None and entry.exec_name else None
    return None


def editor_at_line(
    file: Path,
    line: int,
    setting: str = "",
    env: Mapping[str, str] | None = None,
    default_app: Callable[[], list[str] | None] = default_markdown_editor,
) -> list[str] | None:
    """The command to run, or None when no editor here opens a file at a line."""
    env = os.environ if env is None else env
    if setting.strip():
        return template_command(setting, file, line)
    for variable in ("VISUAL", "EDITOR"):
        try:
            chosen = shlex.split(env.get(variable, ""))
        except ValueError:
            continue
        command = line_command(chosen, file, line)
        if command is not None:
            return command
    app = default_app()
    return line_command(app, file, line) if app else None


def launch(command: Sequence[str]) -> bool:
    """Start `command` detached from Cuecard; False when it could not be started."""
    try:
        subprocess.Popen(
            list(command),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        return False
    return True
