"""The X11 watcher against a real Xvfb + openbox with real xterm, Tk and Qt windows."""

from __future__ import annotations

import itertools
import os
import subprocess
import time
from collections.abc import Iterator

import pytest

pytest.importorskip("Xlib", reason="python-xlib is a dependency on Linux only")

from Xlib import X
from Xlib import display as xdisplay

from cuecard.watch.privacy import PrivacyRules, PrivateWatcher
from cuecard.watch.x11 import X11Watcher
from tests.e2e.conftest import _require_x
from tests.e2e.xsession import XSession
from tests.watch.contract import Recorder, WatcherContract, titled
from tests.watch.x11_driver import X11Driver

pytestmark = pytest.mark.x11


@pytest.fixture
def session() -> Iterator[XSession]:
    _require_x()
    with XSession(with_tray=False) as x_session:
        yield x_session


@pytest.fixture
def x11(session: XSession) -> Iterator[X11Driver]:
    driver = X11Driver(session)
    yield driver
    driver.close_all()


@pytest.fixture
def watching(x11: X11Driver) -> Iterator[tuple[X11Watcher, Recorder]]:
    watcher = x11.make_watcher()
    recorder = Recorder()
    watcher.start(recorder)
    yield watcher, recorder
    watcher.stop()


class TestX11Contract(WatcherContract):
    @pytest.fixture
    def driver(self, x11: X11Driver) -> X11Driver:
        return x11


def test_reports_pid_app_geometry_and_server_time(
    x11: X11Driver, watching: tuple[X11Watcher, Recorder]
) -> None:
    _, recorder = watching
    handle = x11.open_qt("Qt window with pid")
    info = recorder.wait_for(titled("Qt window with pid"))
    assert info is not None
    assert info.pid == handle.process.pid
    assert info.app.startswith("python")
    assert info.exe
    assert info.geometry is not None and info.geometry.width >= 300
    assert info.source_time_ms is not None and info.source_time_ms > 0


def test_tk_window_without_net_wm_pid_gets_pid_from_xres(
    x11: X11Driver, watching: tuple[X11Watcher, Recorder]
) -> None:
    _, recorder = watching
    handle = x11.open_tk("Tk window", "TkProbe")
    info = recorder.wait_for(titled("Tk window"))
    assert info is not None
    assert info.window_class.lower() == "tkprobe"
    assert info.pid == handle.process.pid


def test_string_and_utf8_titles(x11: X11Driver, watching: tuple[X11Watcher, Recorder]) -> None:
    _, recorder = watching
    handle = x11.open_window("xterm", "Plain title", "TitleTest")
    recorder.wait_for(titled("Plain title"))
    x11.set_string_title(handle, "Caf\u00e9 ASCII-ish")
    # xdotool writes STRING; a window with an older _NET_WM_NAME would shadow it, xterm
    # has none, so WM_NAME is what the watcher must read, as Latin-1.
    recorder.wait_for(titled("Caf\u00e9 ASCII-ish"))
    x11.set_title(handle, "Grüße — 日本語 ✓")
    recorder.wait_for(titled("Grüße — 日本語 ✓"))


def test_six_switches_a_second_none_missed(
    x11: X11Driver, watching: tuple[X11Watcher, Recorder]
) -> None:
    _, recorder = watching
    first = x11.open_window("xterm", "Pace A", "Pace")
    second = x11.open_window("xterm", "Pace B", "Pace")
    recorder.wait_for(titled("Pace B"))
    start = len(recorder.events)
    switches = 18
    for step in range(switches):
        target = first if step % 2 == 0 else second
        x11.activate(target)
        recorder.wait_for(titled("Pace A" if step % 2 == 0 else "Pace B"), timeout=5)
        time.sleep(1 / 6)  # pacing the user, not an assertion
    titles = [e.title for e in recorder.events[start:] if e is not None]
    changes = sum(1 for a, b in itertools.pairwise(titles) if a != b) + 1
    assert changes >= switches
    assert None not in recorder.events[start:]


def test_own_windows_are_ignored(
    x11: X11Driver, watching: tuple[X11Watcher, Recorder], session: XSession
) -> None:
    _, recorder = watching
    x11.open_window("xterm", "User window", "UserWin")
    recorder.wait_for(titled("User window"))
    connection = xdisplay.Display(session.display)
    try:
        screen = connection.screen()
        window = screen.root.create_window(
            50, 50, 200, 100, 0, screen.root_depth, X.InputOutput, X.CopyFromParent
        )
        window.set_wm_name("Cuecard own window")
        window.change_property(
            connection.intern_atom("_NET_WM_PID"),
            connection.intern_atom("CARDINAL"),
            32,
            [os.getpid()],
        )
        window.map()
        connection.sync()
        wid = window.id
        subprocess.run(
            ["xdotool", "windowactivate", "--sync", str(wid)],
            env=session.env,
            check=False,
            timeout=10,
        )
        assert recorder.last is not None and recorder.last.title == "User window"
        # Events arrive in order: once the next user window is reported, the watcher has
        # been through our own window's activation, and must have stayed silent on it.
        x11.open_window("xterm", "Next user window", "UserWin")
        recorder.wait_for(titled("Next user window"))
        assert all(e is None or e.title != "Cuecard own window" for e in recorder.events)
    finally:
        connection.close()


def test_excluded_window_reported_private(x11: X11Driver) -> None:
    watcher = PrivateWatcher(x11.make_watcher(), PrivacyRules.create(titles=["*Secret vault*"]))
    recorder = Recorder()
    watcher.start(recorder)
    try:
        x11.open_window("xterm", "Normal", "Normal")
        recorder.wait_for(titled("Normal"))
        x11.open_window("xterm", "My Secret vault", "Vault")
        info = recorder.wait_for(lambda i: i is not None and i.private)
        assert info is not None and info.title == "" and info.app == "" and info.pid is None
        assert all(e is None or "Secret" not in e.title for e in recorder.events)
    finally:
        watcher.stop()


def test_long_private_title_is_redacted_whole(x11: X11Driver) -> None:
    """A web page can make the title as long as it likes: the marker at its end counts."""
    watcher = PrivateWatcher(x11.make_watcher(), PrivacyRules.create())
    recorder = Recorder()
    watcher.start(recorder)
    try:
        handle = x11.open_window("xterm", "Plain start", "Browser")
        recorder.wait_for(titled("Plain start"))
        x11.set_title(handle, "x" * 5_000 + " — Mozilla Firefox Private Browsing")
        info = recorder.wait_for(lambda i: i is not None and i.private)
        assert info is not None and info.title == ""
        assert all(e is None or "Private" not in e.title for e in recorder.events)
    finally:
        watcher.stop()


def test_survives_the_x_server_going_away(session: XSession) -> None:
    driver = X11Driver(session)
    watcher = driver.make_watcher()
    recorder = Recorder()
    watcher.start(recorder)
    driver.open_window("xterm", "Before the crash", "Crash")
    recorder.wait_for(titled("Before the crash"))
    cpu_before = time.process_time()
    session.stop()
    recorder.wait_for(lambda info: info is None)
    assert watcher._thread is not None
    watcher._thread.join(timeout=5)
    assert not watcher._thread.is_alive()
    assert watcher.failure is not None and "lost the X display" in watcher.failure
    assert time.process_time() - cpu_before < 1.0, "no busy loop after the server died"
    watcher.stop()
