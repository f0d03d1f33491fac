"""The assembled core for one run: paths, settings, content roots and the library.

Built from command-line options; passed into the UI and commands so nothing reaches
for globals. Constructing it touches no disk; `open_library` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cuecard.clock import SYSTEM_CLOCK, Clock
from cuecard.content.cache import IndexCache
from cuecard.content.library import ContentLibrary
from cuecard.paths import AppPaths, site_settings_file
from cuecard.settings import Settings, load_settings


@dataclass(frozen=True)
class AppContext:
    """Everything a command needs to know about this installation and run."""

    paths: AppPaths
    settings: Settings
    extra_roots: tuple[Path, ...] = ()
    clock: Clock = field(default=SYSTEM_CLOCK, compare=False)

    @classmethod
    def create(
        cls,
        data_dir: Path | None = None,
        config_file: Path | None = None,
        extra_roots: Sequence[Path] = (),
        clock: Clock = SYSTEM_CLOCK,
    ) -> AppContext:
        paths = AppPaths.default(data_dir)
        settings = load_settings(site_settings_file(), config_file or paths.user_settings)
        return cls(paths, settings, tuple(Path(root) for root in extra_roots), clock)

    @property
    def content_roots(self) -> tuple[Path, ...]:
        """Roots in override order: built-in, configured, the user's folder, --content."""
        roots: list[Path] = []
        if self.settings.get("content.builtin"):
            roots.append(self.paths.builtin_content)
        roots.extend(self.settings.content_roots)
        if self.paths.user_content.is_dir():
            roots.append(self.paths.user_content)
        roots.extend(self.extra_roots)
        unique: dict[Path, None] = {}
        for root in roots:
            unique.setdefault(root.expanduser().resolve(), None)
        return tuple(unique)

    def open_library(
        self, roots: Sequence[Path] | None = None, use_cache: bool = True
    ) -> ContentLibrary:
        """A library over `roots` (default: the configured ones), not yet loaded."""
        cache = IndexCache(self.paths.index_cache) if use_cache else None
        return ContentLibrary(
            roots if roots is not None else self.content_roots,
            cache=cache,
            default_review_every_days=self.settings.review_every_days,
        )
