"""Fixtures for tests on a real accessibility bus (AT-SPI) under Xvfb."""

from __future__ import annotations

import os
import queue
import time
from collections.abc import Iterator

import pytest

from cuecard.a11y.atspi import AtspiWatcher
from cuecard.models import FocusedElement
from tests.a11y.session import A11ySession, DemoApp, have_atspi, have_gtk
from tests.e2e.xsession import have_x_tools


def _require(ok: bool, what: str) -> None:
    if not ok:
        if os.environ.get("CI"):
            pytest.fail(f"{what} missing on CI: scripts/system-deps.sh should install it")
        pytest.skip(f"needs {what} (run `make test` to install it)")


@pytest.fixture
def a11y() -> Iterator[A11ySession]:
    _require(have_x_tools(), "Xvfb and openbox")
    _require(have_atspi(), "at-spi2-core and dbus")
    with A11ySession() as session:
        yield session


@pytest.fixture
def apps(a11y: A11ySession) -> Iterator[list[DemoApp]]:
    started: list[DemoApp] = []
    yield started
    for app in started:
        app.stop()


def start_app(a11y: A11ySession, apps: list[DemoApp], kind: str) -> DemoApp:
    if kind == "gtk":
        _require(have_gtk(), "python3-gi and gir1.2-gtk-3.0")
    app = DemoApp(a11y, kind)
    apps.append(app)
    return app


class Reports:
    """What a watcher reported, in order, with a way to wait for a report."""

    def __init__(self) -> None:
        self.queue: queue.Queue[FocusedElement | None] = queue.Queue()
        self.all: list[FocusedElement | None] = []

    def __call__(self, element: FocusedElement | None) -> None:
        self.queue.put(element)

    def next(self, timeout: float = 10) -> FocusedElement | None:
        element = self.queue.get(timeout=timeout)
        self.all.append(element)
        return element

    def until(self, name: str, timeout: float = 10) -> FocusedElement:
        """Wait for a report of the element named `name`; fail when none comes."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                element = self.next(left)
            except queue.Empty:
                break
            if element is not None and element.name == name:
                return element
        raise AssertionError(f"no report of {name!r}; got {self.all}")

    def settle(self, silence: float = 0.3, timeout: float = 10) -> list[FocusedElement | None]:
        """Everything reported until `silence` seconds pass without a report."""
        found = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                found.append(self.next(silence))
            except queue.Empty:
                return found
        raise AssertionError(f"reports never settled: {found[-5:]}")

    def quiet(self, seconds: float) -> list[FocusedElement | None]:
        """Everything reported within `seconds` (to check that nothing more came)."""
        found = []
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                found.append(self.next(left))
            except queue.Empty:
                break
        return found


@pytest.fixture
def watcher(a11y: A11ySession) -> Iterator[tuple[AtspiWatcher, Reports]]:
    reports = Reports()
    started = AtspiWatcher(a11y.env)
    started.start(reports)
    deadline = time.monotonic() + 10
    while not started.bus_name and started.failure is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert started.failure is None, started.failure
    yield started, reports
    started.stop()
