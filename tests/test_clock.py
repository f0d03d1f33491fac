"""The app's clock, and the test run's clock shift (CUECARD_TEST_CLOCK_SHIFT_DAYS)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta

import pytest

from cuecard.clock import SYSTEM_CLOCK, FixedClock
from tests.conftest import CLOCK_SHIFT_DAYS


def test_system_clock_is_local_and_aware() -> None:
    now = SYSTEM_CLOCK.now()
    assert now.tzinfo is not None
    assert SYSTEM_CLOCK.today() == now.date()


def test_fixed_clock_stands_still_until_moved() -> None:
    start = datetime(2030, 1, 31, 23, 30).astimezone()
    clock = FixedClock(start)
    assert clock.now() == start
    clock.advance(timedelta(hours=1))
    assert clock.today() == start.date() + timedelta(days=1)
    with pytest.raises(ValueError, match="timezone-aware"):
        FixedClock(datetime(2030, 1, 1))


def _real_today() -> date:
    """The date as the system tells a program that is not Python (never shifted)."""
    out = subprocess.run(["date", "+%F"], capture_output=True, text=True, check=True).stdout
    return date.fromisoformat(out.strip())


def test_the_clock_shift_moves_this_process_and_its_children() -> None:
    expected = timedelta(days=CLOCK_SHIFT_DAYS)
    here = date.today() - _real_today()
    child_text = subprocess.run(
        [sys.executable, "-c", "import datetime; print(datetime.date.today())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    child = date.fromisoformat(child_text) - _real_today()
    slack = timedelta(days=1)  # the test may straddle midnight
    assert abs(here - expected) <= slack
    assert abs(child - expected) <= slack


WALL_CLOCK_CALLS = {
    ("date", "today"),
    ("datetime", "now"),
    ("datetime", "today"),
    ("datetime", "utcnow"),
    ("time", "time"),
    ("time", "time_ns"),
    ("time", "localtime"),
    ("time", "strftime"),
}


def test_only_the_clock_module_reads_the_wall_clock() -> None:
    """Everything else asks a Clock, so a test that sets the clock sets it everywhere."""
    import ast

    from tests.conftest import REPO

    offenders = []
    for path in sorted((REPO / "app" / "cuecard").rglob("*.py")):
        if path.name == "clock.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and (node.func.value.id, node.func.attr) in WALL_CLOCK_CALLS
            ):
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert offenders == []
