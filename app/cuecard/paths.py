"""Where Cuecard keeps things: config, data, cache, logs, built-in content, resources.

One function finds bundled files both in a source checkout and in a frozen build.
Nothing here touches the disk at import time.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "cuecard"


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
        )

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

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

    def resource(self, *parts: str) -> Path:
        return self.resources_dir.joinpath(*parts)


def pack_folder_name(url: str) -> str:
    """A safe, stable folder name for a pack URL: its last path segment, cleaned, and a
    short hash of the whole URL (two URLs never share a folder)."""
    tail = url.rstrip("/").rsplit("/", 1)[-1]
    readable = re.sub(r"[^A-Za-z0-9_-]+", "-", tail).strip("-")[:40] or "pack"
    return f"{readable}-{hashlib.sha256(url.encode('utf-8')).hexdigest()[:10]}"


def site_settings_file() -> Path:
    """The admin (IT) settings file for this OS; env CUECARD_SITE_CONFIG overrides it."""
    if os.environ.get("CUECARD_SITE_CONFIG"):
        return Path(os.environ["CUECARD_SITE_CONFIG"])
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "Cuecard" / "settings.yaml"
    if sys.platform == "darwin":
        return Path("/Library/Application Support/Cuecard/settings.yaml")
    return Path("/etc/cuecard/settings.yaml")
