"""Where Cuecard keeps things: config, data, cache, logs, built-in content, resources.

One function finds bundled files both in a source checkout and in a frozen build.
Nothing here touches the disk at import time.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from platformdirs.unix import Unix

APP_NAME = "cuecard"
# The macOS bundle id: the .app, its LaunchAgent and its managed preferences use it.
BUNDLE_ID = "org.cuecard.Cuecard"
SETTINGS_NAME = "settings.yaml"


def bundle_dir() -> Path:
    """Top of the source checkout, or of the PyInstaller bundle when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parents[2]


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
        top = bundle_dir()
        return cls(
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            data_dir=override or Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            resources_dir=top / "resources",
            builtin_content=top / "content",
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
    def index_cache(self) -> Path:
        return self.cache_dir / "index.sqlite"

    @property
    def user_content(self) -> Path:
        """The user's own card folder (opened by "Open content folder")."""
        return self.data_dir / "content"

    @property
    def user_settings(self) -> Path:
        return self.config_dir / "settings.yaml"

    @property
    def window_state(self) -> Path:
        return self.data_dir / "window-state.ini"

    def resource(self, *parts: str) -> Path:
        return self.resources_dir.joinpath(*parts)


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
