"""The one interface every active-window back-end implements.

Threading rules (every back-end follows them):
- `start(on_change)` returns quickly; the back-end runs on its own daemon thread (or on
  OS callbacks) and calls `on_change` from there, never from the caller's thread.
- `on_change(info)` is called once per change of active window, title, class or
  fullscreen state, with a `WindowInfo`, or with None when no window is active (after
  settling, so a switch never reports a false "no window"). It must return quickly.
- Windows of Cuecard's own process are never reported.
- `stop()` is idempotent, may be called from any thread, and joins the worker thread.
- `current()` returns the last reported state (thread-safe) without blocking on I/O.
- A back-end that loses its display connection reports None once and stops its thread;
  it never busy-loops.
- `failure` is None unless the back-end's thread has ended on its own (a lost connection,
  an unexpected exception, a loop that returned); then it is a one-line reason. The app
  reads it to say "pull-only" and to try again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from cuecard.models import WindowInfo

ChangeCallback = Callable[[WindowInfo | None], None]


@runtime_checkable
class WindowWatcher(Protocol):
    """Reports the active window on every change (see the module docstring)."""

    name: str

    def start(self, on_change: ChangeCallback) -> None: ...

    def stop(self) -> None: ...

    def current(self) -> WindowInfo | None: ...

    @property
    def failure(self) -> str | None: ...


@dataclass(frozen=True)
class BackendChoice:
    """Which back-end was chosen and why; `watcher` is None in pull-only mode."""

    name: str
    reason: str
    watcher: WindowWatcher | None
    event_driven: bool = True


class BackendUnavailable(Exception):
    """Raised by a back-end's `create()` when it cannot run here; the message says why
    in one sentence a user can act on (shown by `cuecard doctor`)."""


def ended_on_its_own(thread: threading.Thread | None, stopping: bool) -> bool:
    """True when a started worker thread has ended although nobody asked it to stop."""
    return (
        thread is not None and thread.ident is not None and not thread.is_alive() and not stopping
    )


def thread_failure(
    recorded: str | None, thread: threading.Thread | None, stopping: bool, name: str
) -> str | None:
    """A back-end's `failure`: the reason it recorded, else "ended" when its thread died."""
    if recorded is not None:
        return recorded
    if ended_on_its_own(thread, stopping):
        return f"the {name} watcher thread ended unexpectedly"
    return None


class BackendInUse(BackendUnavailable):
    """The back-end fits this desktop, but another process (the Cuecard already running)
    holds what it needs; `name` is the back-end's name, for `cuecard doctor`."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
