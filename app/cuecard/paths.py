"""Where Cuecard keeps things: config, data, cache, logs, built-in content, resources.

`bundled()` finds the folders shipped with Cuecard (the sample pack, icons, desktop
integration) in an installed wheel, a PyInstaller build and a source checkout alike.
Nothing here touches the disk at import time.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import platformdirs
from platformdirs.unix import Unix

APP_NAME = "cuecard"
# The macOS bundle id: the .app, its LaunchAgent and its managed preferences use it.
BUNDLE_ID = "org.cuecard.Cuecard"
SETTINGS_NAME = "settings.yaml"
BUNDLED = ("content", "resources")  # the repository's top-level folders; see setup.py
PACKAGE_DATA = "_data"  # where a wheel holds them: cuecard/_data/<name>


@functools.cache
def bundled(name: str) -> Path:
    """The folder `name` (one of BUNDLED) shipped with Cuecard, as a real path.

    Looked for, in order: package data (an installed wheel, or a frozen build that
    collected it), the top of a PyInstaller bundle (sys._MEIPASS), the top of the
    source checkout (editable installs; only when it is one: it holds our
    pyproject.toml). When none exists, the package-data path, which is missing (so
    lint and doctor say so; an installed package never takes a folder that happens to
    sit two levels above it).
    """
    if name not in BUNDLED:
        raise ValueError(f"not a bundled folder: {name}")
    packaged = resources.files(APP_NAME).joinpath(PACKAGE_DATA, name)
    if packaged.is_dir():
        return _real_path(packaged)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root and (Path(frozen_root) / name).is_dir():
        return Path(frozen_root) / name
    checkout = source_checkout()
    if checkout is not None:
        return checkout / name
    return Path(__file__).resolve().parent / PACKAGE_DATA / name


def source_checkout() -> Path | None:
    """The top of the source tree this package was imported from (app/cuecard/..), or
    None when the package does not sit in a checkout (an installed wheel)."""
    top = Path(__file__).resolve().parents[2]
    return top if (top / "pyproject.toml").is_file() else None


def _real_path(folder: Traversable) -> Path:
    """A filesystem path for a package-data folder: itself when it is one (always, for
    a wheel installed in site-packages), else a copy that lives as long as the process
    (a zip import; `importlib.resources.as_file` copies folders only from Python 3.12)."""
    if isinstance(folder, Path):
        return folder
    copy = Path(tempfile.mkdtemp(prefix="cuecard-data-"))
    atexit.register(shutil.rmtree, copy, ignore_errors=True)
    _copy_tree(folder, copy / folder.name)
    return copy / folder.name


def _copy_tree(source: Traversable, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        if entry.is_dir():
            _copy_tree(entry, target / entry.name)
        else:
            (target / entry.name).write_bytes(entry.read_bytes())


@dataclass(frozen=True)
class AppPaths:
    """All directories and files the app reads or writes."""

    config_dir: Path
    data_dir: Path
    resources_dir: Path
    builtin_content: Path
    logs: Path | None = None  # None: a folder in the data dir (with --data-dir)

    @classmethod
    def default(cls, data_dir: Path | None = None) -> AppPaths:
        override = data_dir or (
            Path(os.environ["CUECARD_DATA_DIR"]) if os.environ.get("CUECARD_DATA_DIR") else None
        )
        if override is not None:  # `--data-dir rel/dir`: fixed once, against today's cwd
            override = Path(os.path.abspath(expand_home(override)))
        return cls(
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            data_dir=override or Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            resources_dir=bundled("resources"),
            builtin_content=bundled("content"),
            # The user's log dir, unless a data dir was given (tests, portable use).
            logs=None if override else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        )

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

    @property
    def log_dir(self) -> Path:
        """Rotating logs (no window titles, no app names): platformdirs' user log dir."""
        return self.logs if self.logs is not None else self.data_dir / "logs"

    @property
    def welcomed_marker(self) -> Path:
        """Exists once the first-run welcome has been shown."""
        return self.data_dir / "welcomed"

    @property
    def database(self) -> Path:
        """The learning record (events, completions, ratings)."""
        return self.data_dir / "cuecard.db"

    @property
    def team_cache(self) -> Path:
        """Statements the team view read from the LRS (`cuecard report --lrs`)."""
        return self.data_dir / "team-cache.db"

    @property
    def index_cache(self) -> Path:
        return self.cache_dir / "index.sqlite"

    @property
    def user_content(self) -> Path:
        """The user's own card folder (opened by "Open content folder")."""
        return self.data_dir / "content"

    @property
    def packs_dir(self) -> Path:
        """Downloaded content packs, one folder each (see cuecard.sync.packs)."""
        return self.data_dir / "packs"

    def pack_root(self, url: str) -> Path:
        """The content root of the pack published at `url` (stable for that URL)."""
        return self.packs_dir / pack_folder_name(url)

    @property
    def user_settings(self) -> Path:
        return self.config_dir / "settings.yaml"

    @property
    def window_state(self) -> Path:
        return self.data_dir / "window-state.ini"

    @property
    def watcher_status(self) -> Path:
        """What the running app's window watcher is doing (read by `cuecard doctor`)."""
        return self.data_dir / "watcher-status.json"

    def resource(self, *parts: str) -> Path:
        return self.resources_dir.joinpath(*parts)


def pack_folder_name(url: str) -> str:
    """A safe, stable folder name for a pack URL: its last path segment, cleaned, and a
    short hash of the whole URL (two URLs never share a folder)."""
    tail = url.rstrip("/").rsplit("/", 1)[-1]
    readable = re.sub(r"[^A-Za-z0-9_-]+", "-", tail).strip("-")[:40] or "pack"
    return f"{readable}-{hashlib.sha256(url.encode('utf-8')).hexdigest()[:10]}"


def site_settings_files(platform: str | None = None) -> tuple[Path, ...]:
    """The IT (site) settings files for this OS, lowest precedence first.

    Linux and the BSDs: every `$XDG_CONFIG_DIRS` entry (`cuecard/settings.yaml` below
    it; the first entry is the most important, so it comes last here), then
    /etc/cuecard/settings.yaml, the file the package installs, on top. Windows:
    %ProgramData%\\Cuecard\\settings.yaml. macOS: /Library/Application Support/Cuecard.
    Env CUECARD_SITE_CONFIG (one path, or several joined by os.pathsep) replaces them.
    """
    env = os.environ
    platform = sys.platform if platform is None else platform
    override = env.get("CUECARD_SITE_CONFIG")
    if override:
        return tuple(Path(part) for part in override.split(os.pathsep) if part)
    if platform == "win32":
        program_data = env.get("PROGRAMDATA") or r"C:\ProgramData"
        return (Path(program_data) / "Cuecard" / SETTINGS_NAME,)
    if platform == "darwin":
        return (Path("/Library/Application Support/Cuecard") / SETTINGS_NAME,)
    # platformdirs reads $XDG_CONFIG_DIRS (default /etc/xdg), most important first.
    xdg = Unix(APP_NAME, appauthor=False, multipath=True).site_config_dir.split(":")
    files = [Path(part) / SETTINGS_NAME for part in xdg if part.startswith("/")]
    return (*reversed(files), Path("/etc") / APP_NAME / SETTINGS_NAME)


def expand_home(path: Path) -> Path:
    """`path` with `~` or `~user` expanded. A user with no such account (a typo in a
    settings file, `~c/cards`) or no home to be found leaves it as written: it then names
    no folder, which the content check reports, where `expanduser` raised and stopped
    the app at start."""
    try:
        return path.expanduser()
    except RuntimeError:
        return path
