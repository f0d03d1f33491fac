"""The polling fallback passes the contract; its X11 sampler works without EWMH hints."""

from __future__ import annotations

import threading

import pytest

from cuecard.models import WindowInfo
from cuecard.watch.poll import PollingWatcher, x11_focus_sampler
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
