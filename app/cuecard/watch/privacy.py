"""The exclusion list: windows Cuecard must not see (password managers, private browsing).

An excluded window is reported as `private` with no app, title, class, exe or pid, so
nothing downstream can match, store or log it. Patterns are the same case-insensitive
globs (or `re:` regexes) as card triggers.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from cuecard.content.patterns import Pattern, PatternError, compile_pattern
from cuecard.models import WindowInfo
from cuecard.watch.base import ChangeCallback, WindowWatcher

DEFAULT_APPS = (
    "keepassxc",
    "keepass",
    "keepass2",
    "1password",
    "bitwarden",
    "enpass",
    "lastpass",
    "dashlane",
    "proton-pass",
    "seahorse",
    "kwalletmanager5",
    "kwalletmanager",
)
DEFAULT_TITLES = (
    "*Private Browsing*",
    "*(Incognito)*",
    "*Incognito*- Google Chrome*",
    "*InPrivate*",
    "*- Private Window*",
    "*Tor Browser*",
)
DEFAULT_CLASSES = ("keepassxc", "1password", "bitwarden", "org.keepassxc.*")


def _compile(patterns: Sequence[str]) -> tuple[Pattern, ...]:
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(compile_pattern(pattern))
        except PatternError:
            continue  # settings validation reports bad patterns; never crash here
    return tuple(compiled)


@dataclass(frozen=True)
class PrivacyRules:
    """Which windows to hide; build with `PrivacyRules.create(...)`."""

    apps: tuple[Pattern, ...] = field(default=())
    titles: tuple[Pattern, ...] = field(default=())
    classes: tuple[Pattern, ...] = field(default=())

    @classmethod
    def create(
        cls,
        apps: Sequence[str] = DEFAULT_APPS,
        titles: Sequence[str] = DEFAULT_TITLES,
        classes: Sequence[str] = DEFAULT_CLASSES,
    ) -> PrivacyRules:
        return cls(_compile(apps), _compile(titles), _compile(classes))

    def excludes(self, info: WindowInfo) -> bool:
        return (
            any(p.matches(info.app) for p in self.apps)
            or any(p.matches(info.window_class) for p in self.classes)
            or any(p.matches(info.title) for p in self.titles)
        )

    def redact(self, info: WindowInfo | None) -> WindowInfo | None:
        if info is None or info.private or not self.excludes(info):
            return info
        return WindowInfo(
            app="",
            title="",
            private=True,
            fullscreen=info.fullscreen,
            geometry=info.geometry,
            timestamp=info.timestamp,
            window_id=info.window_id,
            source_time_ms=info.source_time_ms,
        )


class PrivateWatcher:
    """Wraps any watcher so excluded windows come out redacted, never in the clear."""

    def __init__(self, inner: WindowWatcher, rules: PrivacyRules) -> None:
        self.inner = inner
        self.rules = rules
        self.name = inner.name
        self._lock = threading.Lock()
        self._current: WindowInfo | None = None

    def start(self, on_change: ChangeCallback) -> None:
        def forward(info: WindowInfo | None) -> None:
            redacted = self.rules.redact(info)
            with self._lock:
                self._current = redacted
            on_change(redacted)

        self.inner.start(forward)

    def current(self) -> WindowInfo | None:
        with self._lock:
            return self._current

    @property
    def failure(self) -> str | None:
        return self.inner.failure

    def stop(self) -> None:
        self.inner.stop()
