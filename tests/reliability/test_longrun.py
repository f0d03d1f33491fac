"""The long run in CI, reduced (docs/reliability.md has the full run of 100,000 window
changes, 5,000 nudges and 1,000 reloads): the real loop keeps no file descriptor or
thread per window change, nudge or reload."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from cuecard.clock import FixedClock
from tests.reliability.longrun import LongRun

CHANGES = int(os.environ.get("CUECARD_LONGRUN_CHANGES", "1500"))


def test_changes_nudges_and_reloads_leave_no_descriptors_or_threads_behind(
    qtbot: QtBot, tmp_path: Path, clock: FixedClock
) -> None:
    clock.advance(timedelta(hours=9))
    run = LongRun(tmp_path, clock).start()
    try:
        run.run(CHANGES, CHANGES // 20, CHANGES // 100)
    finally:
        run.stop()
    first, last = run.samples[0], run.samples[-1]
    assert last.changes >= CHANGES and last.nudges >= CHANGES // 20
    assert last.reloads >= CHANGES // 100
    assert last.fds <= first.fds, [s.fds for s in run.samples]
    assert last.threads <= first.threads, [s.threads for s in run.samples]
