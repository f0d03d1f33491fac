"""The macOS watcher: its decision logic and the whole watcher against a fake MacApi
(tests/watch/macos_fake.py), on any OS; the tests at the end use PyObjC and run only on
macOS.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import Any

import pytest

from cuecard.models import WindowInfo
from cuecard.watch.base import BackendUnavailable, WindowWatcher
from cuecard.watch.macos import KEEP, PERMISSION_HINT, MacEventLogic, MacWatcher, create
from cuecard.watch.macos_api import AxAnswer, AxWindow, MacApp
from tests.watch.contract import Recorder, WatcherContract, titled
from tests.watch.macos_fake import OWN_PID, FakeAxWindow, FakeMac, FakeMacDriver

SAFARI = MacApp("Safari", "com.apple.Safari", 70, "/Applications/Safari.app/Contents/MacOS/Safari")
NOTES = MacApp("Notes", "com.apple.Notes", 71)


class TestMacWatcherContract(WatcherContract):
    @pytest.fixture
    def driver(self) -> FakeMacDriver:
        return FakeMacDriver()


# -- the decision logic on its own ------------------------------------------------------


def logic_for(api: FakeMac, sleep: Any = lambda _s: None) -> MacEventLogic:
    return MacEventLogic(api, OWN_PID, sleep=sleep, clock=lambda: 7.0)


@pytest.fixture
def api() -> FakeMac:
    fake = FakeMac()
    fake.apps = {SAFARI.pid: SAFARI, NOTES.pid: NOTES}
    fake.windows = {SAFARI.pid: [FakeAxWindow(11, "Apple")], NOTES.pid: [FakeAxWindow(12, "Todo")]}
    return fake


def test_activation_reports_app_bundle_pid_and_title(api: FakeMac) -> None:
    logic = logic_for(api)
    assert logic.activated(SAFARI) == WindowInfo(
        app="safari",
        title="Apple",
        window_class="com.apple.Safari",
        pid=70,
        exe=SAFARI.exe,
        timestamp=7.0,
        window_id=11,
    )
    assert logic.observe_pid == 70
    info = logic.activated(NOTES)
    assert isinstance(info, WindowInfo) and (info.app, info.title) == ("notes", "Todo")


def test_title_change_and_dedup(api: FakeMac) -> None:
    logic = logic_for(api)
    logic.activated(SAFARI)
    assert logic.refresh() is KEEP
    api.windows[SAFARI.pid][-1].title = "Apple — Start"
    info = logic.refresh()
    assert isinstance(info, WindowInfo) and info.title == "Apple — Start"
    assert logic.activated(SAFARI) is KEEP


def test_without_permission_titles_are_empty_and_the_hint_says_how(api: FakeMac) -> None:
    api.trusted = False
    logic = logic_for(api)
    info = logic.activated(SAFARI)
    assert isinstance(info, WindowInfo) and (info.app, info.title) == ("safari", "")
    assert info.window_class == "com.apple.Safari" and info.pid == 70
    assert logic.observe_pid == 0
    watcher = MacWatcher(api, own_pid=OWN_PID)
    assert watcher.permission_hint == PERMISSION_HINT
    assert "Privacy & Security > Accessibility" in watcher.permission_hint
    api.trusted = True  # granted while running: titles from the next look on
    assert watcher.permission_hint == ""
    refreshed = logic.refresh()
    assert isinstance(refreshed, WindowInfo) and refreshed.title == "Apple"
    assert logic.observe_pid == 70


def test_fullscreen_from_ax(api: FakeMac) -> None:
    logic = logic_for(api)
    logic.activated(SAFARI)
    api.windows[SAFARI.pid][-1].fullscreen = True
    info = logic.refresh()
    assert isinstance(info, WindowInfo) and info.fullscreen


def test_no_window_settles_then_reports_none(api: FakeMac) -> None:
    sleeps: list[float] = []
    logic = MacEventLogic(api, OWN_PID, settle_delays=(0.05, 0.15), sleep=sleeps.append)
    logic.activated(SAFARI)
    api.windows[SAFARI.pid].clear()
    assert logic.refresh() is None
    assert sleeps == [0.05, 0.15]


def test_a_window_that_appears_while_settling_is_reported(api: FakeMac) -> None:
    api.windows[SAFARI.pid].clear()

    def window_opens(_delay: float) -> None:
        api.windows[SAFARI.pid].append(FakeAxWindow(13, "New window"))

    info = logic_for(api, sleep=window_opens).activated(SAFARI)
    assert isinstance(info, WindowInfo) and info.title == "New window"


def test_an_app_that_does_not_answer_still_reports_its_name(api: FakeMac) -> None:
    api.unresponsive.add(SAFARI.pid)
    info = logic_for(api).activated(SAFARI)
    assert isinstance(info, WindowInfo) and (info.app, info.title) == ("safari", "")


def test_own_app_and_no_app(api: FakeMac) -> None:
    logic = logic_for(api)
    logic.activated(SAFARI)
    assert logic.activated(MacApp("Cuecard", "org.cuecard", OWN_PID)) is KEEP
    assert logic.observe_pid == 0
    assert logic.activated(SAFARI) is KEEP  # back where we were: nothing changed
    assert logic.activated(None) is None


# -- the watcher around it ----------------------------------------------------------------


def test_watcher_handles_activations_on_its_own_thread_and_follows_the_app() -> None:
    driver = FakeMacDriver()
    watcher = driver.make_watcher()
    assert isinstance(watcher, WindowWatcher) and watcher.name == "macos"
    recorder = Recorder()
    watcher.start(recorder)
    mail = driver.open_window("Mail", "Inbox", "com.apple.mail")
    recorder.wait_for(titled("Inbox"))
    driver.open_window("Terminal", "zsh", "com.apple.Terminal")
    recorder.wait_for(titled("zsh"))
    driver.activate(mail)
    recorder.wait_for(titled("Inbox"))
    assert driver.api.observed is not None and driver.api.observed[0] == mail[0]
    watcher.stop()
    watcher.stop()
    assert driver.api.observed is None
    assert set(recorder.threads) == {"watch-macos"}


def test_watcher_reports_the_frontmost_app_at_start() -> None:
    driver = FakeMacDriver()
    driver.open_window("Finder", "Downloads", "com.apple.finder")
    watcher = driver.make_watcher()
    recorder = Recorder()
    watcher.start(recorder)
    info = recorder.wait_for(titled("Downloads"))
    assert info is not None and watcher.current() == info
    watcher.stop()


def test_watcher_without_permission_never_observes() -> None:
    driver = FakeMacDriver(trusted=False)
    watcher = driver.make_watcher()
    recorder = Recorder()
    watcher.start(recorder)
    driver.open_window("Mail", "Inbox", "com.apple.mail")
    recorder.wait_for(lambda i: i is not None and i.app == "mail" and i.title == "")
    assert watcher.permission_hint == PERMISSION_HINT
    assert driver.api.observe_calls == []
    watcher.stop()


@pytest.mark.skipif(sys.platform == "darwin", reason="only off macOS")
def test_create_is_unavailable_off_macos() -> None:
    with pytest.raises(BackendUnavailable, match="only runs on macOS"):
        create({})
    from cuecard.watch.macos_api import PyObjCMacApi  # imports anywhere; PyObjC only when built

    with pytest.raises(ImportError):
        PyObjCMacApi()


# -- on real macOS -------------------------------------------------------------------------

on_macos = pytest.mark.skipif(sys.platform != "darwin", reason="needs macOS")


@on_macos
def test_real_api_runs_its_run_loop_and_reads_apps() -> None:
    from cuecard.watch.macos_api import PyObjCMacApi

    api = PyObjCMacApi()
    ran_on: list[str] = []
    thread = threading.Thread(target=lambda: (api.attach(), api.run_loop()), name="loop")
    thread.start()
    time.sleep(0.2)
    api.call_soon(lambda: ran_on.append(threading.current_thread().name))
    deadline = time.monotonic() + 5
    while not ran_on and time.monotonic() < deadline:
        time.sleep(0.05)
    api.stop_loop()
    thread.join(5)
    assert ran_on == ["loop"] and not thread.is_alive()
    front = api.frontmost_app()
    assert front is None or (front.pid > 0 and front.name)
    answer = api.focused_window(os.getpid())
    assert isinstance(answer, (AxWindow, AxAnswer))


@on_macos
def test_real_watcher_starts_reports_and_stops() -> None:
    watcher = create({})
    assert watcher.permission_hint in ("", PERMISSION_HINT)
    recorder = Recorder()
    watcher.start(recorder)
    time.sleep(1.0)
    current = watcher.current()  # the frontmost app at start, if the runner has one
    assert current is None or (current.app and current.pid)
    watcher.stop()
    watcher.stop()
