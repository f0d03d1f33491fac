"""What the running app's window watcher is doing, told to the tray and to `cuecard doctor`.

The app keeps a `WatcherStatus` and writes it, on every change, to a small JSON file in
the data dir (mode 0600; doctor is a separate process and reads it). The file is removed
when the app quits; a file left behind by a process that is gone is ignored.
A back-end that fails while the app runs is chosen again after `retry_delay(attempt)`
seconds: 1, 2, 4, … capped at a minute.
"""

from __future__ import annotations

import contextlib
import enum
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

FIRST_RETRY_SECONDS = 1.0
MAX_RETRY_SECONDS = 60.0


class WatchState(enum.Enum):
    """Watching the active window, pull-only from the start, or retrying after a failure."""

    WATCHING = "watching"
    PULL_ONLY = "pull-only"
    RETRYING = "retrying"


@dataclass(frozen=True)
class WatcherStatus:
    """One moment of the watcher's life; `reason` says why it is not watching."""

    state: WatchState
    backend: str
    reason: str
    since: datetime
    retry_at: datetime | None = None
    attempts: int = 0
    last_try: str = ""
    pid: int = 0

    @property
    def watching(self) -> bool:
        return self.state is WatchState.WATCHING

    def headline(self) -> str:
        """A short line for the tray menu and the no-tray window."""
        if self.state is WatchState.WATCHING:
            return f"Watching the active window ({self.backend})"
        if self.state is WatchState.PULL_ONLY:
            return "Pull-only: Cuecard can't see the active window"
        retry = f"; retrying at {self.retry_at:%H:%M:%S}" if self.retry_at else "; retrying"
        return f"Pull-only: the window watcher stopped at {self.since:%H:%M}{retry}"

    def describe(self) -> str:
        """The headline with the reasons, for a tooltip or `cuecard doctor`."""
        if self.state is WatchState.WATCHING:
            return self.headline()
        parts = [self.headline(), self.reason]
        if self.last_try and self.last_try != self.reason:
            parts.append(f"last try ({self.attempts}): {self.last_try}")
        return " — ".join(parts)


def retry_delay(
    attempt: int, first: float = FIRST_RETRY_SECONDS, cap: float = MAX_RETRY_SECONDS
) -> float:
    """Seconds to wait before try number `attempt` (0-based): doubling, capped."""
    return min(cap, first * float(2 ** min(attempt, 32)))


def to_json(status: WatcherStatus) -> str:
    return json.dumps(
        {
            "state": status.state.value,
            "backend": status.backend,
            "reason": status.reason,
            "since": status.since.isoformat(),
            "retry_at": status.retry_at.isoformat() if status.retry_at else None,
            "attempts": status.attempts,
            "last_try": status.last_try,
            "pid": status.pid,
        }
    )


def from_json(text: str) -> WatcherStatus | None:
    """The status in `text`, or None when it is not one (a torn or foreign file)."""
    try:
        raw = json.loads(text)
        retry_at = raw["retry_at"]
        return WatcherStatus(
            state=WatchState(raw["state"]),
            backend=str(raw["backend"]),
            reason=str(raw["reason"]),
            since=datetime.fromisoformat(raw["since"]),
            retry_at=datetime.fromisoformat(retry_at) if retry_at else None,
            attempts=int(raw["attempts"]),
            last_try=str(raw["last_try"]),
            pid=int(raw["pid"]),
        )
    except (ValueError, KeyError, TypeError, RecursionError):
        return None


def write_status(path: Path, status: WatcherStatus) -> None:
    """Replace the status file atomically; readable by this user only. Never raises."""
    temp: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".watcher-status-", dir=path.parent)  # mode 0600
        temp = Path(name)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(to_json(status))
        temp.replace(path)
    except OSError:
        if temp is not None:
            with contextlib.suppress(OSError):
                temp.unlink()


def remove_status(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def read_status(path: Path) -> WatcherStatus | None:
    """The running app's status, or None when no app that wrote one is running."""
    try:
        status = from_json(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
    if status is None or not process_alive(status.pid):
        return None
    return status


def process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return True  # os.kill(pid, 0) would end the process there; the app removes the file
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
