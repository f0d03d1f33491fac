"""The long run in CI, reduced (docs/reliability.md has the full run of 100,000 window
changes, 5,000 nudges and 1,000 reloads): the real loop keeps no file descriptor or
thread per window change, nudge or reload."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cuecard.clock import FixedClock
from cuecard.content.parse import parse_card_bytes
from tests.reliability import longrun
from tests.reliability.longrun import LongRun, edited_text

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


def test_every_revision_of_the_full_run_is_a_card_the_app_loads(tmp_path: Path) -> None:
    """The full run's 1,000 reloads each wait for their title: a revision the app rightly
    refuses (reload 300 was a heading without a body) stalled the run."""
    path = tmp_path / "longrun-edited.md"
    for n in range(1, 1001):
        parsed = parse_card_bytes(edited_text(n).encode(), path, tmp_path)
        assert parsed.card is not None, (n, [p.message for p in parsed.problems])
        assert parsed.card.title == f"Edited {n}"


def test_a_reload_that_is_not_seen_says_where_it_got_to(
    qtbot: QtBot, tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = LongRun(tmp_path, clock, timeout=2.0).start()
    empty = "---\nid: longrun/edited\ntitle: Edited {n}\n---\n# E\n"
    monkeypatch.setattr(longrun, "edited_text", lambda n: empty.format(n=n))
    try:
        with pytest.raises(TimeoutError) as raised:
            run.reload()
    finally:
        run.stop()
    message = str(raised.value)
    assert "reload to 'Edited 1'" in message
    assert "empty card: no body text" in message, message
