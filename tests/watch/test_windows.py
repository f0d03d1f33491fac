"""The Windows watcher: its event logic and the whole watcher against a fake Win32Api
(tests/watch/windows_fake.py), on any OS; the tests at the end use the real ctypes API
and run only on Windows.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import Any

import psutil
import pytest

from cuecard.models import Rect, WindowInfo
from cuecard.watch.base import BackendUnavailable, WindowWatcher
from cuecard.watch.windows import (
    EVENT_OBJECT_DESTROY,
    EVENT_OBJECT_LOCATIONCHANGE,
    EVENT_OBJECT_NAMECHANGE,
    EVENT_SYSTEM_FOREGROUND,
    KEEP,
    OBJID_WINDOW,
    WindowsEventLogic,
    covers,
    create,
)
from tests.watch.contract import Recorder, WatcherContract, titled
from tests.watch.windows_fake import (
    MONITOR,
    NORMAL,
    OBJID_CLIENT,
    OWN_PID,
    FakeWin32,
    FakeWindow,
    FakeWindowsDriver,
)


class TestWindowsWatcherContract(WatcherContract):
    @pytest.fixture
    def driver(self) -> FakeWindowsDriver:
        return FakeWindowsDriver()


# -- the event logic on its own ---------------------------------------------------------


@pytest.fixture
def api() -> FakeWin32:
    return FakeWin32()


def logic_for(api: FakeWin32, sleep: Any = lambda _s: None) -> WindowsEventLogic:
    return WindowsEventLogic(api, OWN_PID, sleep=sleep, clock=lambda: 42.0)


def open_(api: FakeWin32, title: str, pid: int = 10, exe: str = r"C:\Apps\Word.EXE") -> int:
    api.exes.setdefault(pid, exe)
    hwnd = api.add(FakeWindow(title, "OpusApp", pid))
    api.foreground = hwnd
    return hwnd


def test_foreground_switch_reports_app_class_pid_exe_and_geometry(api: FakeWin32) -> None:
    logic = logic_for(api)
    hwnd = open_(api, "Report.docx - Word")
    info = logic.handle(EVENT_SYSTEM_FOREGROUND, hwnd, OBJID_WINDOW, 0, 1234)
    assert info == WindowInfo(
        app="word",
        title="Report.docx - Word",
        window_class="OpusApp",
        pid=10,
        exe=r"C:\Apps\Word.EXE",
        geometry=NORMAL,
        timestamp=42.0,
        window_id=hwnd,
        source_time_ms=1234,
    )
    assert logic.follow_pid == 10
    other = open_(api, "Inbox - Outlook", pid=11, exe=r"C:\Apps\OUTLOOK.EXE")
    switched = logic.handle(EVENT_SYSTEM_FOREGROUND, other, OBJID_WINDOW, 0, 1300)
    assert isinstance(switched, WindowInfo) and switched.app == "outlook"
    assert logic.follow_pid == 11


def test_title_change_of_the_foreground_window_only(api: FakeWin32) -> None:
    logic = logic_for(api)
    background = open_(api, "Background")
    front = open_(api, "Front")
    assert isinstance(logic.refresh(), WindowInfo)
    api.windows[background].title = "Background renamed"
    assert logic.handle(EVENT_OBJECT_NAMECHANGE, background, OBJID_WINDOW, 0, 1) is KEEP
    api.windows[front].title = "Front renamed"
    # a child object's name (a button, the client area) is not the window title
    assert logic.handle(EVENT_OBJECT_NAMECHANGE, front, OBJID_CLIENT, 0, 1) is KEEP
    assert logic.handle(EVENT_OBJECT_NAMECHANGE, front, OBJID_WINDOW, 5, 1) is KEEP
    info = logic.handle(EVENT_OBJECT_NAMECHANGE, front, OBJID_WINDOW, 0, 1)
    assert isinstance(info, WindowInfo) and info.title == "Front renamed"


def test_uwp_frame_host_reports_the_app_inside(api: FakeWin32) -> None:
    logic = logic_for(api)
    api.exes[900] = r"C:\Windows\System32\ApplicationFrameHost.exe"
    api.exes[901] = r"C:\Program Files\WindowsApps\Microsoft.Calc\CalculatorApp.exe"
    core = api.add(FakeWindow("Calculator", "Windows.UI.Core.CoreWindow", 901))
    inner = api.add(FakeWindow("", "ApplicationFrameInputSinkWindow", 900))
    frame = api.add(FakeWindow("Calculator", "ApplicationFrameWindow", 900, children=[inner, core]))
    api.foreground = frame
    info = logic.refresh()
    assert isinstance(info, WindowInfo)
    assert (info.app, info.pid, info.exe) == ("calculatorapp", 901, api.exes[901])
    assert (info.window_class, info.window_id, info.title) == (
        "ApplicationFrameWindow",
        frame,
        "Calculator",
    )
    assert logic.follow_pid == 900  # the frame's title events come from the frame host


def test_uwp_frame_without_its_app_yet_reports_the_frame_host(api: FakeWin32) -> None:
    api.exes[900] = r"C:\Windows\System32\ApplicationFrameHost.exe"
    api.foreground = api.add(FakeWindow("Starting", "ApplicationFrameWindow", 900))
    info = logic_for(api).refresh()
    assert isinstance(info, WindowInfo) and info.app == "applicationframehost"


def test_own_windows_are_ignored(api: FakeWin32) -> None:
    logic = logic_for(api)
    word = open_(api, "Word")
    assert isinstance(logic.refresh(), WindowInfo)
    mine = api.add(FakeWindow("Cuecard", "Qt6QWindowIcon", OWN_PID))
    api.foreground = mine
    assert logic.handle(EVENT_SYSTEM_FOREGROUND, mine, OBJID_WINDOW, 0, 1) is KEEP
    assert logic.follow_pid == 10
    api.foreground = word
    assert logic.handle(EVENT_SYSTEM_FOREGROUND, word, OBJID_WINDOW, 0, 1) is KEEP  # unchanged


def test_elevated_process_without_exe_path_still_has_its_name(api: FakeWin32) -> None:
    api.names[66] = "taskmgr"
    api.exes[66] = ""  # OpenProcess was refused
    api.foreground = api.add(FakeWindow("Task Manager", "TaskManagerWindow", 66))
    info = logic_for(api).refresh()
    assert isinstance(info, WindowInfo)
    assert (info.app, info.exe, info.pid, info.title) == ("taskmgr", "", 66, "Task Manager")


def test_fullscreen_needs_the_whole_monitor_and_no_caption(api: FakeWin32) -> None:
    logic = logic_for(api)
    hwnd = open_(api, "Slides")
    assert isinstance(info := logic.refresh(), WindowInfo) and not info.fullscreen
    api.windows[hwnd].rect = Rect(-8, -8, 1936, 1096)  # maximised with its caption
    assert logic.handle(EVENT_OBJECT_LOCATIONCHANGE, hwnd, OBJID_WINDOW, 0, 1) is KEEP
    api.windows[hwnd].caption = False
    info = logic.handle(EVENT_OBJECT_LOCATIONCHANGE, hwnd, OBJID_WINDOW, 0, 1)
    assert isinstance(info, WindowInfo) and info.fullscreen
    assert covers(MONITOR, MONITOR) and not covers(NORMAL, MONITOR)
    assert not covers(Rect(0, 0, 1920, 1080), Rect(1920, 0, 1920, 1080))  # other monitor


def test_unchanged_states_are_reported_once(api: FakeWin32) -> None:
    logic = logic_for(api)
    hwnd = open_(api, "Same")
    assert isinstance(logic.refresh(), WindowInfo)
    assert logic.handle(EVENT_SYSTEM_FOREGROUND, hwnd, OBJID_WINDOW, 0, 2) is KEEP
    api.windows[hwnd].rect = Rect(5, 5, 800, 600)  # moved: nothing a trigger can see
    assert logic.handle(EVENT_OBJECT_LOCATIONCHANGE, hwnd, OBJID_WINDOW, 0, 3) is KEEP


def test_desktop_and_no_foreground_settle_before_reporting_none(api: FakeWin32) -> None:
    sleeps: list[float] = []
    logic = WindowsEventLogic(api, OWN_PID, settle_delays=(0.05, 0.15), sleep=sleeps.append)
    hwnd = open_(api, "Closing")
    assert isinstance(logic.refresh(), WindowInfo)
    api.foreground = 0
    assert logic.handle(EVENT_OBJECT_DESTROY, hwnd, OBJID_WINDOW, 0, 9) is None
    assert sleeps == [0.05, 0.15]
    assert logic.handle(EVENT_SYSTEM_FOREGROUND, FakeWin32.DESKTOP, OBJID_WINDOW, 0, 9) is KEEP


def test_a_switch_through_nothing_does_not_report_none(api: FakeWin32) -> None:
    later = api.add(FakeWindow("Arrived", "Chrome_WidgetWin_1", 12))

    def switch_completes(_delay: float) -> None:
        api.foreground = later

    logic = logic_for(api, sleep=switch_completes)
    api.foreground = 0
    info = logic.handle(EVENT_SYSTEM_FOREGROUND, 0, OBJID_WINDOW, 0, 1)
    assert isinstance(info, WindowInfo) and info.title == "Arrived"


def test_task_switcher_and_taskbar_keep_the_last_state(api: FakeWin32) -> None:
    logic = logic_for(api)
    open_(api, "Work")
    assert isinstance(logic.refresh(), WindowInfo)
    for window_class in ("MultitaskingViewFrame", "XamlExplorerHostIslandWindow", "Shell_TrayWnd"):
        api.foreground = api.add(FakeWindow("", window_class, 500))
        assert logic.handle(EVENT_SYSTEM_FOREGROUND, api.foreground, 0, 0, 1) is KEEP


def test_destroy_of_another_window_is_ignored(api: FakeWin32) -> None:
    logic = logic_for(api)
    other = open_(api, "Other")
    open_(api, "Front")
    assert isinstance(logic.refresh(), WindowInfo)
    assert logic.handle(EVENT_OBJECT_DESTROY, other, OBJID_WINDOW, 0, 1) is KEEP


# -- the watcher around it ----------------------------------------------------------------


def test_watcher_follows_the_foreground_process_and_unhooks_on_stop() -> None:
    driver = FakeWindowsDriver()
    watcher = driver.make_watcher()
    assert isinstance(watcher, WindowWatcher) and watcher.name == "windows"
    recorder = Recorder()
    watcher.start(recorder)
    driver.open_window("excel", "Book1", "XLMAIN")
    recorder.wait_for(titled("Book1"))
    driver.open_window("notepad", "notes.txt", "Notepad")
    recorder.wait_for(titled("notes.txt"))
    follow = [
        pid for low, _, pid, _ in driver.api.hooks.values() if low == EVENT_OBJECT_LOCATIONCHANGE
    ]
    assert follow == [driver.pids["notepad"]]
    watcher.stop()
    watcher.stop()
    assert driver.api.hooks == {}
    assert set(recorder.threads) == {"watch-windows"}


def test_watcher_reports_the_initial_window_but_not_an_empty_desktop() -> None:
    driver = FakeWindowsDriver()
    first = driver.make_watcher()
    recorder = Recorder()
    first.start(recorder)
    assert driver.api.pumping.wait(5), "the watcher looked at the desktop and waits for events"
    first.stop()
    assert recorder.events == [] and first.current() is None
    driver.open_window("word", "Already open", "OpusApp")
    second = driver.make_watcher()
    second.start(recorder)
    recorder.wait_for(titled("Already open"))
    second.stop()


@pytest.mark.skipif(sys.platform == "win32", reason="only off Windows")
def test_create_is_unavailable_off_windows() -> None:
    with pytest.raises(BackendUnavailable, match="only runs on Windows"):
        create({})
    import cuecard.watch.windows_api as windows_api  # imports anywhere, defines nothing here

    assert not hasattr(windows_api, "CtypesWin32Api")


# -- on real Windows -----------------------------------------------------------------------

on_windows = pytest.mark.skipif(sys.platform != "win32", reason="needs Windows")


@on_windows
def test_real_api_describes_this_process_and_the_desktop() -> None:
    import ctypes

    from cuecard.watch.windows_api import CtypesWin32Api

    api = CtypesWin32Api()
    assert api.exe_path(os.getpid()).lower().endswith(".exe")
    assert api.process_name(os.getpid()).startswith("python")
    desktop = ctypes.windll.user32.GetDesktopWindow()
    assert api.class_name(desktop) == "#32769"
    assert api.rect(desktop) is not None and api.monitor_rect(desktop) is not None


@on_windows
def test_real_watcher_reports_a_window_of_another_process() -> None:
    watcher = create({})
    recorder = Recorder()
    watcher.start(recorder)
    probe = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import tkinter as t; r = t.Tk(); r.title('Cuecard probe');"
            "r.after(20000, r.destroy); r.lift(); r.focus_force(); r.mainloop()",
        ]
    )
    try:
        from cuecard.watch.windows_api import CtypesWin32Api

        api = CtypesWin32Api()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            # a venv's python.exe is a launcher: the window belongs to its child
            probe_pids = {probe.pid, *(c.pid for c in psutil.Process(probe.pid).children())}
            if any(i is not None and i.title == "Cuecard probe" for i in recorder.events):
                break
            time.sleep(0.1)
        else:
            if api.pid(api.foreground_window()) in probe_pids:
                pytest.fail(f"the probe window is in front but was not reported: {recorder.events}")
            pytest.skip("Windows did not bring the probe window to the front on this machine")
        info = next(i for i in recorder.events if i is not None and i.title == "Cuecard probe")
        assert info.pid in probe_pids and info.app.startswith("python")
    finally:
        probe.kill()
        watcher.stop()
        watcher.stop()
