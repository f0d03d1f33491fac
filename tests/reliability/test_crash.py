"""Crash safety in CI, reduced (docs/reliability.md has the full run of 200 kills):
the real app is SIGKILLed a few times while it records, reloads, swaps packs and syncs to
a real LRS; nothing acknowledged is lost or doubled, the record is never moved aside,
the pack is never half-swapped, and every statement reaches the LRS exactly once."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.crash_harness import Tally, cycle, drain, lrs_check
from tests.reliability.crash_world import CrashWorld

KILLS = int(os.environ.get("CUECARD_CRASH_KILLS", "3"))


@pytest.fixture
def world(lrs_installed: Path, tmp_path: Path) -> Iterator[CrashWorld]:
    started = CrashWorld(tmp_path).start()
    yield started
    started.stop()


def test_kills_lose_and_double_nothing_and_statements_arrive_once(world: CrashWorld) -> None:
    tally = Tally()
    rng = random.Random(3)
    for number in range(1, KILLS + 1):
        cycle(world, number, tally, rng)
    assert tally.problems == []
    assert tally.kills == KILLS and tally.start_failures == 0
    assert tally.acked > 0, "the app acknowledged writes before each kill"
    assert (tally.lost, tally.duplicated, tally.statements_wrong) == (0, 0, 0)
    assert (tally.moved_aside, tally.pack_half_swapped, tally.library_stale) == (0, 0, 0)
    assert tally.pack_versions, "a pack was installed"
    assert drain(world), "the outbox empties once the app runs again"
    in_lrs, wrong = lrs_check(world, tally)
    assert wrong == 0 and in_lrs >= tally.acked
