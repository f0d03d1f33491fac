"""The polling fallback passes the contract; its X11 sampler works without EWMH hints."""

from __future__ import annotations

import threading

import pytest

from cuecard.models import WindowInfo
from cuecard.watch.base import BackendUnavailable
from cuecard.watch.poll import MAX_FAILED_SAMPLES, PollingWatcher, x11_focus_sampler
from cuecard.watch.poll import create as poll_create
from tests.e2e.xsession import XSession
from tests.watch.contract import Recorder, WatcherContract, titled
from tests.watch.test_scripted import ScriptedDriver
from tests.watch.x11_driver import X11Driver


class SampledDriver(ScriptedDriver):
    """The scripted window stack, read by a fast poller instead of pushed."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()

    def make_watcher(self) -> PollingWatcher:  # type: ignore[override]
        def sample() -> WindowInfo | None:
            with self._lock:
                return self.windows[-1] if self.windows else None

        return PollingWatcher(sample, interval=0.01)

    def _push(self) -> None:
        pass  # the poller samples the stack itself


class TestPollingContract(WatcherContract):
    @pytest.fixture
    def driver(self) -> SampledDriver:
        return SampledDriver()


@pytest.mark.x11
def test_x11_focus_sampler_reads_the_focused_window(x_without_tray: XSession) -> None:
    driver = X11Driver(x_without_tray)
    watcher = PollingWatcher(x11_focus_sampler(x_without_tray.display), interval=0.05)
    recorder = Recorder()
    watcher.start(recorder)
    try:
        driver.open_window("xterm", "Focused by input", "FocusTest")
        info = recorder.wait_for(titled("Focused by input"))
        assert info is not None and info.window_class == "FocusTest"
    finally:
        watcher.stop()
        driver.close_all()


def test_a_sampler_that_keeps_failing_ends_the_poller_with_a_reason() -> None:
    """A lost display makes every sample raise: say "no window" once, stop, say why."""
    calls: list[int] = []

    def sample() -> WindowInfo | None:
        calls.append(1)
        if len(calls) == 1:
            return WindowInfo(app="xterm", title="Before")
        raise ConnectionResetError("display gone")

    watcher = PollingWatcher(sample, interval=0.01)
    recorder = Recorder()
    watcher.start(recorder)
    recorder.wait_for(lambda info: info is None)
    assert watcher._thread is not None
    watcher._thread.join(timeout=5)
    assert watcher.failure is not None and "ConnectionResetError" in watcher.failure
    assert len(calls) == 1 + MAX_FAILED_SAMPLES
    assert recorder.events.count(None) == 1
    watcher.stop()


def test_poll_is_not_chosen_for_a_display_that_is_gone() -> None:
    with pytest.raises(BackendUnavailable):
        poll_create({"DISPLAY": ":4242"})
