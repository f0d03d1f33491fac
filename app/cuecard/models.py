"""Frozen dataclasses that cross module borders (content, rules, policy, ui).

Everything here is plain data: no I/O, no Qt. Time-dependent questions take the
current date as a parameter so callers (and tests) decide what "now" is.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path


class Level(enum.StrEnum):
    """Severity of a content problem."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    """One lint finding, located as precisely as the input allows (line 0 = whole file)."""

    path: Path
    line: int
    level: Level
    message: str
    code: str = ""

    def format(self, relative_to: Path | None = None) -> str:
        shown = self.path
        if relative_to is not None and self.path.is_relative_to(relative_to):
            shown = self.path.relative_to(relative_to)
        return f"{shown}:{self.line}: {self.level.value}: {self.message}"


@dataclass(frozen=True, slots=True)
class ElementPattern:
    """The element fields of a `when:` entry: globs on the focused element's nearest
    dialog and its own accessible name, and the roles it may have (Cuecard's role names,
    see cuecard.a11y.roles). Every field that is set must match."""

    dialog: str | None = None
    control: str | None = None
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Trigger:
    """One `when:` entry: every field that is set must match the window (and, for
    `element`, the focused element in it)."""

    apps: tuple[str, ...] = ()
    title: str | None = None
    window_class: str | None = None
    line: int = 0
    # None for the usual window-only trigger: one pointer, not three fields, per trigger
    # (30,000 triggers are held by an idle app).
    element: ElementPattern | None = None


@dataclass(frozen=True, slots=True)
class RecallPrompt:
    """A retrieval-practice question with its answer (used by spaced review)."""

    question: str
    answer: str


@dataclass(frozen=True, slots=True)
class Card:
    """A parsed card: front matter fields plus what indexing needs from the body.

    The body is not kept: rendering re-reads the file lazily when a card is opened.
    """

    id: str
    title: str
    path: Path
    root: Path
    kind: str = "card"
    minutes: int | None = None
    summary: str = ""
    tags: tuple[str, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    audience: tuple[str, ...] = ()
    video: str | None = None
    owner: str | None = None
    reviewed: date | None = None
    review_every_days: int | None = None
    requires: tuple[str, ...] = ()
    recall: tuple[RecallPrompt, ...] = ()
    # Compliance and safety topics only: does not fade before completion, may carry a due
    # date, and shows in My learning as "Required". Nothing else is ever required.
    required: bool = False
    due: date | None = None
    # How many steps the body has; their text is rendered from the file when opened
    # (holding 10,000 cards' step titles cost 4 MB of an idle app).
    step_count: int = 0
    size: int = 0
    mtime_ns: int = 0

    @property
    def review_due(self) -> date | None:
        if self.reviewed is None or self.review_every_days is None:
            return None
        try:
            return self.reviewed + timedelta(days=self.review_every_days)
        except OverflowError:
            return date.max

    def is_stale(self, today: date) -> bool:
        due = self.review_due
        return due is not None and today > due


@dataclass(frozen=True, slots=True)
class PackInfo:
    """Defaults from a root's pack.yaml, applied to every card of that root."""

    name: str = ""
    version: str = ""
    owner: str | None = None
    review_every_days: int | None = None
    audience: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    """A rules.yaml entry: triggers for cards that carry none themselves."""

    triggers: tuple[Trigger, ...]
    show: tuple[str, ...]
    path: Path
    line: int = 0


@dataclass(frozen=True, slots=True)
class LearningPath:
    """An ordered, day-by-day sequence of cards (paths/*.yaml); `id` is the file name
    without `.yaml`, `days` the cards of each working day, `cards` all of them in order."""

    name: str
    cards: tuple[str, ...]
    path: Path
    description: str = ""
    id: str = ""
    days: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Sprint:
    """A 2 to 4 week learning sprint (sprints/*.yaml); `id` is the file name without
    `.yaml`. A cohort sprint has fixed `start` and `end` dates; a self-paced one has
    neither and lasts `weeks` from the day the learner joins."""

    name: str
    goal: str
    start: date | None
    end: date | None
    path: Path
    cards: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    id: str = ""
    weeks: int | None = None


@dataclass(frozen=True, slots=True)
class RootSummary:
    """What one content root contributed to the library (its problems: content.lint)."""

    path: Path
    cards: int
    files: int  # card files, loaded or not, plus pack files: everything lint checks
    pack: PackInfo = field(default_factory=PackInfo)


@dataclass(frozen=True, slots=True)
class RenderedStep:
    """One step of a guide, rendered to safe HTML."""

    title: str
    html: str


@dataclass(frozen=True, slots=True)
class RenderedCard:
    """A card's body as safe HTML: text before the steps, the steps, text after."""

    intro_html: str
    steps: tuple[RenderedStep, ...]
    outro_html: str
    base_dir: Path


@dataclass(frozen=True, slots=True)
class Rect:
    """A window's position and size on the virtual desktop, in physical pixels."""

    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class WindowInfo:
    """The active window as a watcher reports it.

    `app` is the process name in lower case without `.exe`; `window_class` is the X11
    WM_CLASS class (or instance), the Windows class name or the macOS bundle id.
    A `private` window (matched by the exclusion list) carries no title, exe or class
    and must never be matched, stored or logged. `timestamp` is `time.monotonic()` when
    the change was seen; `source_time_ms` is the display server's own event time where
    it has one (X11: the PropertyNotify time), for latency measurements.
    """

    app: str
    title: str
    window_class: str = ""
    pid: int | None = None
    exe: str = ""
    fullscreen: bool = False
    geometry: Rect | None = None
    timestamp: float = 0.0
    private: bool = False
    window_id: int = 0
    source_time_ms: int | None = None

    def same_window_state(self, other: WindowInfo | None) -> bool:
        """True when nothing a user or a trigger could notice has changed."""
        return other is not None and (
            self.window_id,
            self.app,
            self.title,
            self.window_class,
            self.fullscreen,
            self.private,
        ) == (
            other.window_id,
            other.app,
            other.title,
            other.window_class,
            other.fullscreen,
            other.private,
        )


@dataclass(frozen=True, slots=True)
class FocusedElement:
    """The focused element of the active app, as the accessibility tree describes it.

    `role` is Cuecard's role name ("text", "button", "menu item"; "" when the platform's
    role has none), `native_role` the platform's own. `name` is the element's accessible
    name (its label, never a text field's value) and `dialog` the name of its nearest
    dialog (the active window when that is a dialog), None outside dialogs. Like window
    titles, names are never stored, logged or sent. `timestamp` is `time.monotonic()`
    when the focus change was seen.
    """

    role: str
    name: str
    dialog: str | None = None
    pid: int | None = None
    native_role: str = ""
    timestamp: float = 0.0

    def same_focus(self, other: FocusedElement | None) -> bool:
        """True when nothing a trigger could match on has changed."""
        return other is not None and (self.role, self.name, self.dialog, self.pid) == (
            other.role,
            other.name,
            other.dialog,
            other.pid,
        )
