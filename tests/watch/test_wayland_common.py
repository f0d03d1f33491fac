"""The reporting rules every Wayland back-end shares (watch/wayland_common.py)."""

from __future__ import annotations

import logging

import pytest

from cuecard.models import WindowInfo
from cuecard.watch.wayland_common import Reporter, make_info, rect_or_none
from tests.watch.contract import Recorder


def window(title: str, pid: int | None = None, fullscreen: bool = False) -> WindowInfo:
    return WindowInfo(app="app", title=title, window_class="App", pid=pid, fullscreen=fullscreen)


def test_reports_changes_only() -> None:
    recorder = Recorder()
    reporter = Reporter(recorder, settle=0.0)
    for info in (window("a"), window("a", pid=7), window("a", fullscreen=True), window("b")):
        reporter.offer(info)
    assert [(e.title, e.fullscreen) for e in recorder.events if e] == [
        ("a", False),
        ("a", True),
        ("b", False),
    ]
    assert reporter.current == window("b")


def test_no_window_waits_for_the_settle_time() -> None:
    recorder = Recorder()
    reporter = Reporter(recorder, settle=3600.0)
    reporter.offer(window("a"))
    reporter.offer(None)
    reporter.flush()
    assert recorder.events == [window("a")]
    due = reporter.due_in()
    assert due is not None and due > 3000
    reporter.offer(window("b"))  # focus moved on in time: no "no window" at all
    assert reporter.due_in() is None
    settled = Reporter(recorder, settle=0.0)
    settled.offer(window("c"))
    settled.offer(None)
    settled.flush()
    assert recorder.events[-2:] == [window("c"), None]


def test_empty_desktop_at_start_is_not_a_change() -> None:
    recorder = Recorder()
    reporter = Reporter(recorder, settle=0.0)
    reporter.offer(None)
    reporter.flush()
    reporter.lost()
    assert recorder.events == [] and reporter.due_in() is None


def test_own_windows_are_never_reported() -> None:
    recorder = Recorder()
    reporter = Reporter(recorder, own_pid=4242)
    reporter.offer(window("user's window", pid=1))
    reporter.offer(window("Cuecard card", pid=4242))
    assert recorder.events == [window("user's window", pid=1)]


def test_lost_reports_none_once() -> None:
    recorder = Recorder()
    reporter = Reporter(recorder)
    reporter.offer(window("a"))
    reporter.offer(None)
    reporter.lost()
    reporter.lost()
    assert recorder.events == [window("a"), None] and reporter.due_in() is None


def test_a_failing_callback_does_not_stop_the_watcher(caplog: pytest.LogCaptureFixture) -> None:
    def broken(info: WindowInfo | None) -> None:
        raise RuntimeError("bug in the consumer")

    reporter = Reporter(broken)
    with caplog.at_level(logging.ERROR):
        reporter.offer(window("a"))
        reporter.offer(window("b"))
    assert reporter.current == window("b")
    assert caplog.text.count("window change callback failed") == 2


def test_make_info_falls_back_to_the_class_without_a_pid() -> None:
    info = make_info(title="t", window_class="org.Mozilla.Firefox", pid=0)
    assert (info.app, info.pid, info.exe) == ("org.mozilla.firefox", None, "")
    assert make_info(title="t", window_class="X", pid=None, app_hint="Soffice").app == "soffice"
    assert rect_or_none(0, 0, 0, 10) is None and rect_or_none(1, 2, 3, 4) is not None
