"""The one interface every focused-element back-end implements.

Threading rules (every back-end follows them):
- `start(on_change)` returns quickly and causes no accessibility traffic by itself (a
  back-end may connect, and switch the tree on, see below); events are followed only
  after `follow(target)`.
- `follow(target)` may be called from any thread and never blocks on the platform: it
  hands the target to the back-end's own thread. With a target, the back-end subscribes
  to focus changes of that app (AT-SPI `object:state-changed:focused`, UIA
  FocusChanged, AX focused-element notifications), looks up the element focused now,
  and reports it; with None it unsubscribes and reports None. Nothing is subscribed
  while no target is followed: no accessibility traffic at all.
- `on_change(element)` is called from the back-end's thread once per change of the
  focused element (role, name or dialog), with None when nothing (or nothing known) has
  focus in the followed app. Fast changes are coalesced: the last one is reported.
- Element names are like window titles: never logged or stored. Values of text fields
  are never read, only accessible names and roles.
- `stop()` is idempotent, may be called from any thread, unsubscribes, restores what
  `start` changed (the AT-SPI `IsEnabled` flag, when it set it), and joins the thread.
- `failure` is None unless the back-end's thread ended on its own (bus gone, crash).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from cuecard.models import FocusedElement

ElementCallback = Callable[[FocusedElement | None], None]


@dataclass(frozen=True, slots=True)
class FocusTarget:
    """Whose focus to follow: the active window's process (None: whichever app has the
    focus) and the window, so a new window of the same app is looked at afresh."""

    pid: int | None
    window_id: int = 0


@runtime_checkable
class ElementWatcher(Protocol):
    """Reports the focused element of the followed app (see the module docstring)."""

    name: str

    def start(self, on_change: ElementCallback) -> None: ...

    def follow(self, target: FocusTarget | None) -> None: ...

    def stop(self) -> None: ...

    @property
    def following(self) -> bool:
        """True while subscribed to focus changes (a target is followed)."""

    @property
    def failure(self) -> str | None: ...


class ElementsUnavailable(Exception):
    """Raised by a back-end's `create()` when it cannot run here; the message says why
    in one sentence a user can act on (shown by `cuecard doctor`)."""
