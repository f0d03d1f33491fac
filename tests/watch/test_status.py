"""The watcher status the app shares with `cuecard doctor`, and the retry schedule."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from cuecard.clock import FixedClock
from cuecard.watch.status import (
    WatcherStatus,
    WatchState,
    read_status,
    remove_status,
    retry_delay,
    write_status,
)


def test_retries_double_from_one_second_up_to_a_minute() -> None:
    assert [retry_delay(n) for n in range(9)] == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert retry_delay(10_000) == 60, "no overflow after days of retries"


def retrying(clock: FixedClock, pid: int) -> WatcherStatus:
    now = clock.now()
    return WatcherStatus(
        WatchState.RETRYING,
        "x11",
        "lost the X display: ConnectionClosedError",
        now,
        retry_at=now + timedelta(seconds=4),
        attempts=3,
        last_try="x11: cannot open X display :0",
        pid=pid,
    )


def test_status_file_round_trip_private_and_removed(tmp_path: Path, clock: FixedClock) -> None:
    path = tmp_path / "data" / "watcher-status.json"
    status = retrying(clock, os.getpid())
    write_status(path, status)
    assert read_status(path) == status
    if sys.platform != "win32":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == [path.name], "no temp file left"
    assert "Pull-only" in status.describe() and "lost the X display" in status.describe()
    remove_status(path)
    assert read_status(path) is None


@pytest.mark.skipif(sys.platform == "win32", reason="no pid check on Windows")
def test_a_status_left_by_a_dead_process_is_ignored(tmp_path: Path, clock: FixedClock) -> None:
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    path = tmp_path / "watcher-status.json"
    write_status(path, retrying(clock, int(gone.stdout)))
    assert read_status(path) is None


def test_a_torn_or_foreign_file_is_no_status(tmp_path: Path) -> None:
    path = tmp_path / "watcher-status.json"
    for text in ("", "{", "[]", '{"state": "dancing"}', "\udcff", "[" * 200_000):
        path.write_text(text, errors="surrogateescape")
        assert read_status(path) is None
