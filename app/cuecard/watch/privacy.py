"""The exclusion list: windows Cuecard must not see (password managers, private browsing).

An excluded window is reported as `private` with no app, title, class, exe or pid, so
nothing downstream can match, store or log it. Patterns are the same case-insensitive
globs (or `re:` regexes) as card triggers, matched on RE2 against the whole title (time
linear in its length, however long a web page makes it). The built-in lists always
apply; settings can only add to them.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from cuecard.content.patterns import Pattern, PatternError, compile_pattern
from cuecard.models import WindowInfo
from cuecard.settings import DEFAULT_APPS, DEFAULT_CLASSES, DEFAULT_TITLES
from cuecard.watch.base import ChangeCallback, WindowWatcher

SETTING_APPS = "privacy.exclude_apps"
SETTING_TITLES = "privacy.exclude_titles"
SETTING_CLASSES = "privacy.exclude_classes"


@dataclass(frozen=True)
class PatternProblem:
    """A privacy pattern that cannot be used: which setting, which pattern, and why."""

    setting: str
    pattern: str
    reason: str

    @property
    def message(self) -> str:
        return (
            f"{self.setting}: pattern {self.pattern!r} cannot be used ({self.reason}); "
            "it is ignored, and the built-in exclusions still apply"
        )


def _compile(
    setting: str, defaults: Sequence[str], extra: Sequence[str], problems: list[PatternProblem]
) -> tuple[Pattern, ...]:
    compiled = []
    for pattern in dict.fromkeys((*defaults, *extra)):
        try:
            compiled.append(compile_pattern(pattern))
        except PatternError as exc:
            problems.append(PatternProblem(setting, pattern, str(exc)))
    return tuple(compiled)


@dataclass(frozen=True)
class PrivacyRules:
    """Which windows to hide; build with `PrivacyRules.create(...)`.

    `problems` lists the patterns that could not be compiled (and so are not in force);
    `cuecard doctor` and the tray's problems list show them.
    """

    apps: tuple[Pattern, ...] = field(default=())
    titles: tuple[Pattern, ...] = field(default=())
    classes: tuple[Pattern, ...] = field(default=())
    problems: tuple[PatternProblem, ...] = field(default=())

    @classmethod
    def create(
        cls,
        apps: Sequence[str] = (),
        titles: Sequence[str] = (),
        classes: Sequence[str] = (),
    ) -> PrivacyRules:
        """The built-in exclusions, always, plus the given patterns (the settings' lists).

        A list never replaces the built-ins: a typo, or a pattern RE2 cannot compile, must
        not switch off the exclusion of password managers and private windows.
        """
        problems: list[PatternProblem] = []
        return cls(
            _compile(SETTING_APPS, DEFAULT_APPS, apps, problems),
            _compile(SETTING_TITLES, DEFAULT_TITLES, titles, problems),
            _compile(SETTING_CLASSES, DEFAULT_CLASSES, classes, problems),
            tuple(problems),
        )

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
