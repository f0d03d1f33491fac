"""What people call the application behind a window ("XTerm", "LibreOffice Calc").

Never a fragment of the window title: the title belongs to the document ("bash -
second" is a shell in XTerm, not an app called "second"). The name comes from

- Linux and BSD: the XDG desktop file of the app (its `Name=`, in the user's language
  where the file has one), found by the window's app id / WM_CLASS (`StartupWMClass=`
  or the desktop file's id) or by the process name (`Exec=`);
- Windows: the exe's FileDescription ("Microsoft Excel");
- macOS: the app bundle's CFBundleDisplayName or CFBundleName;

and otherwise from the process name, cleaned ("soffice.bin" -> "Soffice"). No Qt here.
Lookups are cached; the desktop files are read once, on first use or by `warm()` from a
worker thread.
"""

from __future__ import annotations

import os
import plistlib
import re
import sys
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from cuecard.models import WindowInfo

DESKTOP_FILE_LIMIT = 64 * 1024  # a real desktop file is a few KB; read no more
CACHE_LIMIT = 512
FALLBACK = "this window"
# Exec= programs that only launch the real app: their name says nothing about it.
_LAUNCHERS = frozenset(
    {"env", "flatpak", "snap", "sh", "bash", "dash", "python", "python3", "java", "wine"}
)
_SUFFIXES = (".exe", ".bin", ".app", ".appimage", "-bin", "_bin", ".sh", ".py")
_WORD_BREAKS = re.compile(r"[-_]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class DesktopEntry:
    """The parts of one `.desktop` file that name an application."""

    desktop_id: str  # "org.gnome.Nautilus" for org.gnome.Nautilus.desktop
    name: str
    wm_class: str = ""
    exec_name: str = ""  # the program Exec= runs, without its folder


def _locale_keys(env: Mapping[str, str]) -> list[str]:
    """`Name[...]` keys to try, best first, for the user's language."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            lang = value.split(".", 1)[0].split("@", 1)[0]
            keys = [f"Name[{lang}]"]
            if "_" in lang:
                keys.append(f"Name[{lang.split('_', 1)[0]}]")
            return keys
    return []


def _exec_program(command: str) -> str:
    """The program an Exec= line runs, skipping `env` and VAR=value assignments."""
    for token in command.split():
        token = token.strip("\"'")
        if "=" in token and not token.startswith("/"):
            continue
        base = token.rsplit("/", 1)[-1]
        if base == "env":
            continue
        return base
    return ""


def parse_desktop_file(
    text: str, desktop_id: str, env: Mapping[str, str] | None = None
) -> DesktopEntry | None:
    """The naming parts of an application's desktop file; None for anything else
    (links, directories, hidden entries, files without a name)."""
    localised = _locale_keys(os.environ if env is None else env)
    values: dict[str, str] = {}
    in_entry = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            if in_entry:
                break  # only the [Desktop Entry] group names the app
            in_entry = line == "[Desktop Entry]"
            continue
        if in_entry and "=" in line:
            key, _, value = line.partition("=")
            values.setdefault(key.strip(), value.strip())
    if values.get("Type", "Application") != "Application" or values.get("Hidden") == "true":
        return None
    name = next((values[key] for key in localised if values.get(key)), values.get("Name", ""))
    name = _CONTROL.sub("", name).strip()
    if not name:
        return None
    program = _exec_program(values.get("Exec", "")) or _exec_program(values.get("TryExec", ""))
    return DesktopEntry(desktop_id, name, values.get("StartupWMClass", ""), program)


def application_dirs(env: Mapping[str, str] | None = None) -> list[Path]:
    """XDG `applications` folders, most important first (the user's own, then the
    system's in XDG_DATA_DIRS order; flatpak and snap export theirs there too)."""
    env = os.environ if env is None else env
    home = env.get("XDG_DATA_HOME") or str(Path(env.get("HOME", "~")).expanduser() / ".local/share")
    system = env.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share"
    return [Path(folder) / "applications" for folder in [home, *system.split(":")] if folder]


def _desktop_files(folder: Path) -> Iterable[tuple[str, Path]]:
    """(desktop id, path) below `folder`; subfolders join the id with '-' (XDG rule)."""
    try:
        paths = sorted(folder.rglob("*.desktop"))
    except OSError:
        return
    for path in paths:
        try:
            relative = path.relative_to(folder).with_suffix("")
        except ValueError:
            continue
        yield "-".join(relative.parts), path


class DesktopIndex:
    """Application names by window class, desktop id and program, from desktop files."""

    def __init__(self, entries: Iterable[DesktopEntry] = ()) -> None:
        self.by_class: dict[str, str] = {}
        self.by_id: dict[str, str] = {}
        self.by_program: dict[str, str] = {}
        for entry in entries:  # the first entry for a key wins: the user's over the system's
            if entry.wm_class:
                self.by_class.setdefault(entry.wm_class.lower(), entry.name)
            lowered = entry.desktop_id.lower()
            self.by_id.setdefault(lowered, entry.name)
            self.by_id.setdefault(lowered.rsplit(".", 1)[-1], entry.name)  # org.gnome.Foo
            if entry.exec_name and entry.exec_name.lower() not in _LAUNCHERS:
                self.by_program.setdefault(entry.exec_name.lower(), entry.name)

    @classmethod
    def from_dirs(
        cls, folders: Iterable[Path], env: Mapping[str, str] | None = None
    ) -> DesktopIndex:
        entries: list[DesktopEntry] = []
        seen: set[str] = set()
        for folder in folders:
            for desktop_id, path in _desktop_files(folder):
                if desktop_id in seen:
                    continue  # shadowed by the same id in a more important folder
                seen.add(desktop_id)
                try:
                    with path.open("rb") as handle:
                        data = handle.read(DESKTOP_FILE_LIMIT)
                except OSError:
                    continue
                entry = parse_desktop_file(data.decode("utf-8", "replace"), desktop_id, env)
                if entry is not None:
                    entries.append(entry)
        return cls(entries)

    def lookup(self, window_class: str, app: str) -> str | None:
        """The name for a window of class `window_class` run by process `app`."""
        wm_class = window_class.lower()
        program = app.lower()
        if wm_class:
            for table in (self.by_class, self.by_id):
                if wm_class in table:
                    return table[wm_class]
        if program:
            for table in (self.by_program, self.by_id, self.by_class):
                if program in table:
                    return table[program]
        return None


def clean_process_name(name: str) -> str:
    """A presentable name from a process or class name: "soffice.bin" -> "Soffice",
    "gnome-terminal-server" -> "Gnome terminal server"; "" when nothing is left."""
    base = _CONTROL.sub("", name.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    lowered = base.lower()
    for suffix in _SUFFIXES:
        if lowered.endswith(suffix) and len(base) > len(suffix):
            base = base[: -len(suffix)]
            lowered = base.lower()
    words = _WORD_BREAKS.sub(" ", base).strip()
    if words and words == words.lower():
        words = words[:1].upper() + words[1:]
    return words


def bundle_name(exe: str) -> str | None:
    """macOS: the name in the Info.plist of the .app bundle that holds `exe`."""
    path = Path(exe)
    for parent in (path, *path.parents):
        if parent.suffix.lower() == ".app":
            try:
                with (parent / "Contents" / "Info.plist").open("rb") as handle:
                    info = plistlib.load(handle)
            except (OSError, plistlib.InvalidFileException, ValueError):
                return parent.stem or None
            for key in ("CFBundleDisplayName", "CFBundleName"):
                value = info.get(key) if isinstance(info, dict) else None
                if isinstance(value, str) and _CONTROL.sub("", value).strip():
                    return _CONTROL.sub("", value).strip()
            return parent.stem or None
    return None


def _xdg_key() -> tuple[str, str, str]:
    env = os.environ
    return (env.get("XDG_DATA_HOME", ""), env.get("XDG_DATA_DIRS", ""), env.get("HOME", ""))


def _windows_description(exe: str) -> str | None:
    from cuecard.watch.exe_description import file_description  # ctypes: Windows only

    return file_description(exe)


class AppNames:
    """Names windows' applications; thread-safe, with a cache per (app, class, exe)."""

    def __init__(
        self,
        platform: str = sys.platform,
        folders: Callable[[], Iterable[Path]] = application_dirs,
        describe_exe: Callable[[str], str | None] = _windows_description,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.platform = platform
        self._folders = folders
        self._describe_exe = describe_exe
        self._env = env
        self._index: DesktopIndex | None = None
        self._index_key: object = None
        # Which folders, cheaply: the XDG variables (pathlib is slow for each window
        # change), or the folders themselves when a caller gave its own list.
        self._key: Callable[[], object] = (
            _xdg_key if folders is application_dirs else lambda: tuple(folders())
        )
        self._cache: dict[tuple[str, str, str], str] = {}
        self._lock = threading.Lock()

    def warm(self) -> None:
        """Read the desktop files now (call it from a worker thread at start)."""
        self._desktop_index()

    def _desktop_index(self) -> DesktopIndex:
        """The index of the desktop files, read again only when the XDG folders change
        (they do not while a desktop session runs; tests give each their own)."""
        key = self._key()
        with self._lock:
            if self._index is None or key != self._index_key:
                self._index = DesktopIndex.from_dirs(self._folders(), self._env)
                self._index_key = key
                self._cache.clear()
            return self._index

    def name(self, info: WindowInfo) -> str:
        """The application's name for people; "this window" when nothing is known."""
        if self.platform not in ("win32", "darwin"):
            self._desktop_index()
        key = (info.app, info.window_class, info.exe)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        found = self._find(info)
        if len(self._cache) >= CACHE_LIMIT:
            self._cache.clear()
        self._cache[key] = found
        return found

    def _find(self, info: WindowInfo) -> str:
        found: str | None = None
        if self.platform == "win32" and info.exe:
            found = self._describe_exe(info.exe)
        elif self.platform == "darwin" and info.exe:
            found = bundle_name(info.exe)
        elif self.platform not in ("win32", "darwin"):
            found = self._desktop_index().lookup(info.window_class, info.app)
        found = _CONTROL.sub("", found or "").strip()
        if found:
            return found
        return clean_process_name(info.app) or clean_process_name(info.window_class) or FALLBACK


_DEFAULT = AppNames()


def app_name(info: WindowInfo) -> str:
    """The application's name, from the process-wide cache."""
    return _DEFAULT.name(info)


def warm() -> None:
    """Read this desktop's application names ahead of the first nudge."""
    _DEFAULT.warm()
