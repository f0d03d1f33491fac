"""A full disk and a read-only data dir while the real app records (docs/reliability.md):
one clear message, the app keeps running (no crash, no crash loop), and nothing that was
already written is lost. Needs root (a small tmpfs is mounted)."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from tests.reliability.crash_harness import App, record_state
from tests.reliability.crash_world import wait_until
from tests.reliability.disk import LocalWorld, fill, needs_mount, remount, tmpfs

pytestmark = needs_mount
FULL = "could not save to your learning record"


def test_a_full_disk_says_so_once_keeps_what_was_done_and_saves_it_when_there_is_room(
    tmp_path: Path,
) -> None:
    with tmpfs(tmp_path / "data", "6m") as data:
        world = LocalWorld(tmp_path, data).prepare()
        app = App(world, 0)  # type: ignore[arg-type]
        try:
            assert app.started.wait(90), app.stderr
            assert wait_until(lambda: app.acked > 50, 30), "steps are saved while there is room"
            ballast = fill(data, leave=64 * 1024)
            assert wait_until(lambda: any(FULL in n for n in app.notices), 60), app.notices
            notice = next(n for n in app.notices if FULL in n)
            assert "the disk it is on is full" in notice and "keeps trying" in notice
            stalled = app.acked
            time.sleep(3)  # the app goes on recording; nothing is acknowledged as saved
            assert app.process.poll() is None, "still running"
            assert app.acked == stalled, "no write is acknowledged while the disk is full"
            assert sum(FULL in n for n in app.notices) == 1, app.notices
            ballast.unlink()
            assert wait_until(lambda: "saves your learning record again" in app.notices[-1], 60)
            assert wait_until(lambda: app.acked > stalled + 100, 30), "what was kept is saved"
            acked = app.acked
        finally:
            app.kill()
        _, steps, _ = record_state(data)
        counts = Counter(steps)
        assert [s for s in range(acked + 1) if counts[s] != 1] == []


def test_a_read_only_data_dir_says_so_once_and_the_record_survives(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "data", "16m") as data:
        world = LocalWorld(tmp_path, data).prepare()
        first = App(world, 0)  # type: ignore[arg-type]
        try:
            assert first.started.wait(90), first.stderr
            assert wait_until(lambda: first.acked > 20, 30)
        finally:
            first.kill()
        saved = first.acked
        remount(data, "ro")
        app = App(world, 10_000)  # type: ignore[arg-type]
        try:
            assert app.started.wait(90), f"the app must start on a read-only disk: {app.stderr}"
            assert wait_until(lambda: app.notices, 30)
            time.sleep(4)  # the writer keeps trying: still one message, still running
            assert app.process.poll() is None
            assert len(app.notices) == 1, app.notices
            assert "read-only" in app.notices[0] and "keeps trying" in app.notices[0]
        finally:
            app.kill()
        remount(data, "rw")
        moved, steps, _ = record_state(data)
        assert not moved
        assert sorted(steps)[: saved + 1] == list(range(saved + 1)), "nothing written is lost"
