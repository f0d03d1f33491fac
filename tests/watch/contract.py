"""The behaviour every window watcher must show, as a reusable test class.

A back-end's test module subclasses `WatcherContract` and provides a `driver` fixture
that can open, activate, rename, fullscreen and close windows for that back-end (a real
X server for X11; a scripted double of the OS or compositor for the others).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, Protocol

import pytest

from cuecard.models import WindowInfo
from cuecard.watch.base import WindowWatcher


class WatcherDriver(Protocol):
    """Drives one back-end's windows for the contract tests."""

    supports_fullscreen: bool

    def make_watcher(self) -> WindowWatcher: ...

    def open_window(self, app: str, title: str, window_class: str) -> Any:
        """Open (and activate) a window; returns a handle for the other calls."""

    def activate(self, handle: Any) -> None: ...

    def set_title(self, handle: Any, title: str) -> None: ...

    def set_fullscreen(self, handle: Any, on: bool) -> None: ...

    def close(self, handle: Any) -> None: ...


class Recorder:
    """Collects reported changes and the threads that reported them; `wait_for` blocks
    until a predicate holds."""

    def __init__(self) -> None:
        self.events: list[WindowInfo | None] = []
        self.threads: list[str] = []
        self.reporters: set[threading.Thread] = set()
        self._condition = threading.Condition()

    def __call__(self, info: WindowInfo | None) -> None:
        with self._condition:
            self.events.append(info)
            self.threads.append(threading.current_thread().name)
            self.reporters.add(threading.current_thread())
            self._condition.notify_all()

    @property
    def last(self) -> WindowInfo | None:
        with self._condition:
            return self.events[-1] if self.events else None

    def wait_for(
        self, predicate: Callable[[WindowInfo | None], bool], timeout: float = 10.0
    ) -> WindowInfo | None:
        deadline = time.monotonic() + timeout
        with self._condition:
            while True:
                if self.events and predicate(self.events[-1]):
                    return self.events[-1]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    pytest.fail(
                        f"watcher never reported the expected state; "
                        f"last events: {self.events[-5:]}"
                    )
                self._condition.wait(remaining)


def titled(title: str) -> Callable[[WindowInfo | None], bool]:
    return lambda info: info is not None and info.title == title


class WatcherContract:
    """Subclass and provide `driver`; every test here must pass for every back-end."""

    @pytest.fixture
    def driver(self) -> WatcherDriver:
        raise NotImplementedError

    @pytest.fixture
    def watching(self, driver: WatcherDriver) -> Iterator[tuple[WindowWatcher, Recorder]]:
        watcher = driver.make_watcher()
        recorder = Recorder()
        watcher.start(recorder)
        yield watcher, recorder
        watcher.stop()

    def test_reports_activation_with_app_and_class(
        self, driver: WatcherDriver, watching: tuple[WindowWatcher, Recorder]
    ) -> None:
        _, recorder = watching
        driver.open_window("contractapp", "Contract window one", "ContractClass")
        info = recorder.wait_for(titled("Contract window one"))
        assert info is not None
        assert info.window_class.lower() in ("contractclass", "contractapp")
        assert not info.private

    def test_reports_switch_and_title_change(
        self, driver: WatcherDriver, watching: tuple[WindowWatcher, Recorder]
    ) -> None:
        watcher, recorder = watching
        first = driver.open_window("contractapp", "First", "ContractClass")
        recorder.wait_for(titled("First"))
        driver.open_window("contractapp", "Second", "ContractClass")
        recorder.wait_for(titled("Second"))
        driver.activate(first)
        recorder.wait_for(titled("First"))
        driver.set_title(first, "First — renamed ✓")
        recorder.wait_for(titled("First — renamed ✓"))
        current = watcher.current()
        assert current is not None and current.title == "First — renamed ✓"

    def test_fullscreen_flag(
        self, driver: WatcherDriver, watching: tuple[WindowWatcher, Recorder]
    ) -> None:
        if not driver.supports_fullscreen:
            pytest.skip("this back-end has no fullscreen state")
        _, recorder = watching
        handle = driver.open_window("contractapp", "Slides", "ContractClass")
        recorder.wait_for(lambda i: i is not None and i.title == "Slides" and not i.fullscreen)
        driver.set_fullscreen(handle, True)
        recorder.wait_for(lambda i: i is not None and i.title == "Slides" and i.fullscreen)
        driver.set_fullscreen(handle, False)
        recorder.wait_for(lambda i: i is not None and i.title == "Slides" and not i.fullscreen)

    def test_burst_ends_in_the_right_state(
        self, driver: WatcherDriver, watching: tuple[WindowWatcher, Recorder]
    ) -> None:
        _, recorder = watching
        handles = [
            driver.open_window("contractapp", f"Burst {n}", "ContractClass") for n in range(3)
        ]
        recorder.wait_for(titled("Burst 2"))
        before = len(recorder.events)
        for step in range(13):
            driver.activate(handles[step % 3])
        # The burst ends on "Burst 0"; renaming it afterwards is a marker: once the new
        # title is reported, every switch of the burst has been through the watcher.
        driver.set_title(handles[0], "Burst end")
        recorder.wait_for(titled("Burst end"))
        assert None not in recorder.events[before:], "no false 'no window' while switching"

    def test_reports_no_window_after_the_last_closes(
        self, driver: WatcherDriver, watching: tuple[WindowWatcher, Recorder]
    ) -> None:
        _, recorder = watching
        handle = driver.open_window("contractapp", "Lonely", "ContractClass")
        recorder.wait_for(titled("Lonely"))
        driver.close(handle)
        recorder.wait_for(lambda info: info is None)

    def test_stop_ends_the_thread_and_is_idempotent(self, driver: WatcherDriver) -> None:
        watcher = driver.make_watcher()
        recorder = Recorder()
        watcher.start(recorder)
        driver.open_window("contractapp", "Before stop", "ContractClass")
        recorder.wait_for(titled("Before stop"))
        watcher.stop()
        watcher.stop()
        reporters = recorder.reporters
        assert threading.current_thread() not in reporters, "reports come from its own thread"
        assert [thread.name for thread in reporters if thread.is_alive()] == []

    def test_no_failure_while_running_nor_after_stop(self, driver: WatcherDriver) -> None:
        """`failure` is for a back-end that ended on its own, never for a healthy one."""
        watcher = driver.make_watcher()
        recorder = Recorder()
        watcher.start(recorder)
        driver.open_window("contractapp", "Healthy", "ContractClass")
        recorder.wait_for(titled("Healthy"))
        assert watcher.failure is None
        watcher.stop()
        assert watcher.failure is None, "a stop asked for is not a failure"
