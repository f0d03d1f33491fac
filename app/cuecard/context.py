"""The assembled core for one run: paths, settings, content roots and the library.

Built from command-line options; passed into the UI and commands so nothing reaches
for globals. Constructing it touches no disk; `open_library` does. The domain objects
the settings describe (privacy rules, nudge policy, review interval) are built here, so
settings.py stays the bottom layer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path

from cuecard.clock import SYSTEM_CLOCK, Clock
from cuecard.content.cache import IndexCache
from cuecard.content.library import ContentLibrary
from cuecard.learning.model import LearningSettings
from cuecard.paths import AppPaths, expand_home, site_settings_files
from cuecard.platform.policy_store import PolicyStore, system_policy_stores
from cuecard.policy.model import PolicySettings
from cuecard.settings import Settings, load_settings, parse_day, parse_quiet_hours
from cuecard.sync.config import SyncConfig
from cuecard.textdata import parse_duration_days
from cuecard.watch.privacy import PrivacyRules


@dataclass(frozen=True)
class SettingsPlaces:
    """Where this run reads its settings: IT's site files (lowest precedence first), the
    user's file and the OS policy stores; kept so settings can be read again."""

    site_files: tuple[Path, ...]
    user_file: Path
    stores: tuple[PolicyStore, ...] = ()

    def load(self) -> Settings:
        return load_settings(
            self.site_files, self.user_file, [store.read() for store in self.stores]
        )


@dataclass(frozen=True)
class AppContext:
    """Everything a command needs to know about this installation and run."""

    paths: AppPaths
    settings: Settings
    extra_roots: tuple[Path, ...] = ()
    clock: Clock = field(default=SYSTEM_CLOCK, compare=False)
    places: SettingsPlaces | None = field(default=None, compare=False)

    @classmethod
    def create(
        cls,
        data_dir: Path | None = None,
        config_file: Path | None = None,
        extra_roots: Sequence[Path] = (),
        clock: Clock = SYSTEM_CLOCK,
        stores: Sequence[PolicyStore] | None = None,
    ) -> AppContext:
        paths = AppPaths.default(data_dir)
        places = SettingsPlaces(
            site_settings_files(),
            config_file or paths.user_settings,
            tuple(system_policy_stores() if stores is None else stores),
        )
        roots = tuple(Path(root) for root in extra_roots)
        return cls(paths, places.load(), roots, clock, places)

    def reload(self) -> AppContext:
        """The same run with its settings read again (after the user or IT changed them)."""
        return self if self.places is None else replace(self, settings=self.places.load())

    @property
    def user_settings_file(self) -> Path:
        """The file the user's own settings are written to."""
        return self.places.user_file if self.places is not None else self.paths.user_settings

    @property
    def content_roots(self) -> tuple[Path, ...]:
        """Roots in override order: built-in, configured, downloaded packs, the user's
        folder, --content."""
        roots: list[Path] = []
        if self.settings.get("content.builtin"):
            roots.append(self.paths.builtin_content)
        roots.extend(expand_home(Path(root)) for root in self.settings.get("content.roots"))
        # Downloaded packs once the first good copy is in (cuecard.sync.packs).
        packs = (self.paths.pack_root(url) for url in self.settings.get("packs.urls"))
        roots.extend(root for root in packs if root.is_dir())
        if self.paths.user_content.is_dir():
            roots.append(self.paths.user_content)
        roots.extend(self.extra_roots)
        unique: dict[Path, None] = {}
        for root in roots:
            unique.setdefault(expand_home(root).resolve(), None)
        return tuple(unique)

    def open_library(
        self,
        roots: Sequence[Path] | None = None,
        use_cache: bool = True,
        owns_cache: bool = False,
    ) -> ContentLibrary:
        """A library over `roots` (default: the configured ones), not yet loaded;
        `owns_cache` for the running app's (see ContentLibrary)."""
        cache = IndexCache(self.paths.index_cache) if use_cache else None
        return ContentLibrary(
            roots if roots is not None else self.content_roots,
            cache=cache,
            default_review_every_days=self.review_every_days,
            owns_cache=owns_cache,
        )

    @property
    def review_every_days(self) -> int | None:
        """The review interval of cards and packs that set none."""
        return parse_duration_days(self.settings.get("content.review_every"))

    @property
    def privacy_rules(self) -> PrivacyRules:
        """Which windows the watcher must never report in the clear."""
        get = self.settings.get
        return PrivacyRules.create(
            get("privacy.exclude_apps"),
            get("privacy.exclude_titles"),
            get("privacy.exclude_classes"),
        )

    @property
    def policy(self) -> PolicySettings:
        """The nudge budget, quiet hours and a pause set by IT."""
        get = self.settings.get
        quiet = parse_quiet_hours(get("nudges.quiet_hours"))
        return PolicySettings(
            per_hour=get("nudges.per_hour"),
            per_day=get("nudges.per_day"),
            min_gap=timedelta(minutes=get("nudges.min_gap_minutes")),
            dwell=timedelta(seconds=get("nudges.dwell_seconds")),
            max_unopened_impressions=get("nudges.max_unopened"),
            quiet_start=quiet[0] if quiet else None,
            quiet_end=quiet[1] if quiet else None,
            paused_until=parse_day(get("nudges.paused_until")),
        )

    @property
    def learning(self) -> LearningSettings:
        """Fading, spaced review and pulse settings (docs/learning.md)."""
        get = self.settings.get
        return LearningSettings(
            fading=get("learning.fading"),
            unaided_to_stop=max(1, get("learning.unaided_to_stop")),
            refresher_after=timedelta(days=get("learning.refresher_days")),
            reviews=get("review.enabled"),
            retention=get("review.retention") / 100,
            max_interval_days=max(1, get("review.max_days")),
            idle_after=timedelta(minutes=max(1, get("review.idle_minutes"))),
            pulse=get("pulse.enabled"),
            pulse_every=timedelta(days=max(1, get("pulse.every_days"))),
        )

    @property
    def sync(self) -> SyncConfig:
        """The LRS and content-pack settings."""
        return SyncConfig.from_settings(self.settings)
