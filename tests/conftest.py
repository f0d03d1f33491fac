"""Shared fixtures: Qt runs offscreen unless a test starts its own X server.

Dates: every test takes "today" from the `clock` fixture (or from `date.today()`, which
the clock shift below moves too), never from a literal that time can pass. CI runs the
suite a second time with CUECARD_TEST_CLOCK_SHIFT_DAYS set (see tests/clockshift/).
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from cuecard.clock import FixedClock
from cuecard.cycles import collect_if_due
from cuecard.ui.gui_owned import release_deferred
from tests.clockshift.shift import start_clock_shift

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
# The real-Wayland suites run sway and KWin (Linux only); elsewhere they are not collected.
collect_ignore = [] if sys.platform == "linux" else ["wayland"]
CLOCK_SHIFT_DAYS = start_clock_shift()
# As in the app (ui/collector.py): reference cycles are collected on the main thread only,
# never by a worker thread that happens to allocate (where it could destroy Qt objects
# from the wrong thread; a candidate cause of a CI hang between two UI tests).
gc.disable()


def write_card(root: Path, relative: str, text: str) -> Path:
    """Write a card file below `root`, creating folders."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


GUIDE_REVIEWED_DAYS_AGO = 30


def guide_reviewed(today: date) -> date:
    """When the fixture guide was last reviewed: a month before `today`, well inside its
    90-day review interval, whatever date the tests run on."""
    return today - timedelta(days=GUIDE_REVIEWED_DAYS_AGO)


GUIDE_TEMPLATE = """---
title: Freeze the header row
id: calc/freeze
minutes: 2
summary: Keep column titles visible.
tags: [spreadsheets]
when:
  - app: soffice.bin
    title: "*LibreOffice Calc"
owner: ana@example.org
reviewed: {reviewed}
review_every: 90d
video: https://example.org/clip.mp4
---
# Freeze the header row

Intro text.

## Select the row below the header
Click row 2.

## Freeze
Choose ++ctrl+f++.

## Check
Scroll down.
"""


def guide_text(today: date) -> str:
    """The fixture guide, reviewed a month before `today`."""
    return GUIDE_TEMPLATE.replace("{reviewed}", guide_reviewed(today).isoformat())


@pytest.fixture
def clock() -> FixedClock:
    """The test's clock: noon of the (possibly shifted) current day, standing still.
    Noon, not the current time: a test that moves the clock by minutes or hours must
    stay on the same day whenever it runs (from the real time, two tests failed when run
    after 23:00)."""
    return FixedClock(
        datetime.now().astimezone().replace(hour=12, minute=0, second=0, microsecond=0)
    )


@pytest.fixture
def content_root(tmp_path: Path, clock: FixedClock) -> Path:
    root = tmp_path / "content"
    write_card(root, "calc/freeze.md", guide_text(clock.today()))
    write_card(root, "notes.md", "# Plain note\n\nJust text, no front matter.\n")
    return root


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture(autouse=True)
def collect_cycles_on_the_main_thread() -> Iterator[None]:
    """What CPython would collect automatically, collected after each test here; and
    the QObjects worker threads let go of, freed here (as the app's collector does)."""
    yield
    release_deferred()
    collect_if_due()


@pytest.fixture(autouse=True)
def hermetic_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never read or write the real user's or machine's settings and data."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))  # the log dir
    # No machine-wide autostart entry or XDG site file of this machine's.
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "xdg-config-dirs"))
    monkeypatch.setenv("CUECARD_SITE_CONFIG", str(tmp_path / "site-settings.yaml"))
    monkeypatch.delenv("CUECARD_DATA_DIR", raising=False)
    monkeypatch.delenv("CUECARD_CONFIG", raising=False)
    # Unit tests must not watch (or grab a hotkey on) whatever desktop runs them; the
    # X11 tests start their own server and pass its DISPLAY explicitly.
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
