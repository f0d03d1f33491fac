"""Fixtures for end-to-end tests on a real X server (Xvfb + openbox [+ trayer])."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.e2e.xsession import XSession, have_x_tools
from tests.sync.lrs_server import install_lrs


def _require_x() -> None:
    if not have_x_tools():
        if os.environ.get("CI"):
            pytest.fail("Xvfb/openbox missing on CI: scripts/system-deps.sh should install them")
        pytest.skip("needs Xvfb, openbox and xdotool (run `make test` to install them)")


@pytest.fixture(scope="session")
def lrs_installed() -> Path:
    """The real LRS (tests/sync/lrs_server.py), installed once per machine."""
    return install_lrs()


@pytest.fixture
def x_with_tray() -> Iterator[XSession]:
    _require_x()
    with XSession(with_tray=True) as session:
        yield session


@pytest.fixture
def x_without_tray() -> Iterator[XSession]:
    _require_x()
    with XSession(with_tray=False) as session:
        yield session


def poll(predicate: Callable[[], object], timeout: float) -> object:
    """Poll until `predicate` returns something truthy; None on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    return None


def wait_for(predicate: Callable[[], object], timeout: float = 15.0, what: str = "") -> object:
    """Poll until `predicate` returns something truthy; fail with `what` on timeout."""
    value = poll(predicate, timeout)
    if not value:
        pytest.fail(f"timed out after {timeout} s waiting for {what}")
    return value


def act_until(
    action: Callable[[], object], outcome: Callable[[], object], what: str, tries: int = 3
) -> object:
    """Do `action` until `outcome` shows (a click can land while a window is still being
    mapped or placed); fail with `what` when it never does."""
    for _ in range(tries):
        action()
        value = poll(outcome, 5.0)
        if value:
            return value
    pytest.fail(f"{what} never happened after {tries} tries")


def xdo(session: XSession, *args: str) -> str:
    result = subprocess.run(
        ["xdotool", *args], env=session.env, capture_output=True, text=True, check=False
    )
    return result.stdout.strip()
