"""The AT-SPI back-end on a real accessibility bus with real PySide6 and GTK 3 apps."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable

import pytest

from cuecard.a11y.atspi import AtspiWatcher
from cuecard.a11y.base import FocusTarget
from tests.a11y.conftest import Reports, start_app
from tests.a11y.session import A11ySession, BusMonitor, DemoApp, accessibility_address

pytestmark = pytest.mark.x11

# (kind, the main window's field, the dialog, its first field, another field, a button)
APPS = {
    "qt": ("Search", "Insert Pivot Table", "Source range", "destination", "ok"),
    "gtk": ("Search", "Print Setup", "Copies", "print", "print"),
}
NAMES = {"destination": "Destination", "ok": "OK", "print": "Print"}


def wait_until(condition: Callable[[], object], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


READING_VALUES = ("org.a11y.atspi.Text", "org.a11y.atspi.EditableText", "org.a11y.atspi.Value")


@pytest.mark.parametrize("kind", ["qt", "gtk"])
def test_focus_moves_are_seen_with_role_name_and_dialog(
    kind: str,
    a11y: A11ySession,
    apps: list[DemoApp],
    watcher: tuple[AtspiWatcher, Reports],
) -> None:
    main_field, dialog, first, other, button = APPS[kind]
    monitor = BusMonitor(accessibility_address(a11y))
    app = start_app(a11y, apps, kind)
    atspi, reports = watcher
    atspi.follow(FocusTarget(app.pid, 1))
    # No event says where the focus already is: the watcher looks for it.
    found = reports.until(main_field)
    assert (found.role, found.dialog, found.pid) == ("text", None, app.pid)
    app.send("dialog")
    found = reports.until(first)
    assert (found.role, found.dialog) == ("text", dialog)
    app.send(f"focus {other}")
    found = reports.until(NAMES[other])
    assert found.dialog == dialog
    app.send(f"focus {button}")
    if button != other:
        found = reports.until(NAMES[button])
    assert (found.role, found.native_role) == ("button", "push button")
    app.send("close")
    assert reports.until(main_field).dialog is None
    ours = monitor.involving(atspi.bus_name)
    monitor.close()
    assert ours, "the monitor saw our calls"
    assert not [m for m in ours if m[2] in READING_VALUES], "a text value was read"


@pytest.mark.parametrize("kind", ["qt", "gtk"])
def test_fast_focus_changes_end_in_the_right_state(
    kind: str, a11y: A11ySession, apps: list[DemoApp], watcher: tuple[AtspiWatcher, Reports]
) -> None:
    main_field, _, first, other, _ = APPS[kind]
    app = start_app(a11y, apps, kind)
    atspi, reports = watcher
    atspi.follow(FocusTarget(app.pid, 1))
    reports.until(main_field)
    app.send("dialog")
    reports.until(first)
    app.send(f"burst {other}")  # 40 focus changes in one go, ending on `other`
    last = reports.until(NAMES[other])
    later = reports.quiet(0.5)
    assert later == [], "the last report must be the final focus"
    assert last.name == NAMES[other]
    app.send("burst source" if kind == "qt" else "burst copies")  # back to the first field
    assert reports.until(first).name == first
    assert reports.quiet(0.5) == []


def test_no_accessibility_traffic_unless_following(
    a11y: A11ySession, apps: list[DemoApp], watcher: tuple[AtspiWatcher, Reports]
) -> None:
    atspi, reports = watcher
    app = start_app(a11y, apps, "qt")
    monitor = BusMonitor(accessibility_address(a11y))
    app.send("dialog")
    app.send("focus destination")
    app.send("focus source")
    assert reports.quiet(0.3) == []
    assert monitor.involving(atspi.bus_name) == [], "nothing to or from us while not following"
    assert not atspi.following
    atspi.follow(FocusTarget(app.pid, 2))
    reports.until("Source range")
    assert atspi.following
    assert monitor.involving(atspi.bus_name)
    assert (atspi.bus_name, "Object:StateChanged:Focused") in a11y.registered_events()
    atspi.follow(None)
    assert reports.next() is None
    wait_until(lambda: not atspi.following)
    reports.quiet(0.3)  # the monitor has seen the last of the unsubscribing by now
    settled = len(monitor.involving(atspi.bus_name))
    app.send("focus destination")
    app.send("focus ok")
    assert reports.quiet(0.3) == []
    assert len(monitor.involving(atspi.bus_name)) == settled, "traffic after follow(None)"
    monitor.close()
    # The registry was told too: apps' bridges learn from it that nobody listens.
    assert not [e for e in a11y.registered_events() if e[0] == atspi.bus_name]


def test_other_apps_and_our_own_process_are_ignored(
    a11y: A11ySession, apps: list[DemoApp], watcher: tuple[AtspiWatcher, Reports]
) -> None:
    atspi, reports = watcher
    qt = start_app(a11y, apps, "qt")
    gtk = start_app(a11y, apps, "gtk")  # started last: its window is the active one
    # A second watcher follows whichever app has the focus, but takes the Qt app's
    # process for its own: it shows the GTK app's events really happen.
    anyone = AtspiWatcher(a11y.env, own_pid=qt.pid)
    seen = Reports()
    anyone.start(seen)
    try:
        anyone.follow(FocusTarget(None))
        wait_until(lambda: anyone.following)
        gtk.send("dialog")
        assert seen.until("Copies").pid == gtk.pid
        wait_until(lambda: not a11y.has_active_window(qt.pid))  # Qt has seen it lost focus
        atspi.follow(FocusTarget(qt.pid, 1))
        wait_until(lambda: atspi.following)
        gtk.send("focus print")
        assert seen.until("Print").pid == gtk.pid
        assert [e for e in reports.quiet(0.5) if e is not None] == [], "another app's focus"
        qt.send("dialog")  # now the Qt app has the focus
        assert reports.until("Source range").pid == qt.pid
        assert all(e is None or e.pid != qt.pid for e in seen.quiet(0.5)), "our own focus"
    finally:
        anyone.stop()


def test_the_tree_is_switched_on_while_running_and_back_off_after(a11y: A11ySession) -> None:
    assert not a11y.tree_enabled()
    atspi = AtspiWatcher(a11y.env)
    atspi.start(Reports())
    wait_until(a11y.tree_enabled)
    assert atspi.enabled_tree
    atspi.stop()
    assert not a11y.tree_enabled()
    # Switched on by someone else (a screen reader): left on.
    a11y.set_tree_enabled(True)
    again = AtspiWatcher(a11y.env)
    again.start(Reports())
    wait_until(lambda: again.bus_name)
    again.stop()
    assert a11y.tree_enabled() and not again.enabled_tree


def test_a_qt_app_started_before_the_tree_was_on_is_seen(
    a11y: A11ySession, apps: list[DemoApp]
) -> None:
    app = start_app(a11y, apps, "qt")  # exports nothing: IsEnabled is off
    reports = Reports()
    atspi = AtspiWatcher(a11y.env)
    atspi.start(reports)
    try:
        atspi.follow(FocusTarget(app.pid, 1))
        assert reports.until("Search").role == "text"
    finally:
        atspi.stop()


def test_a_bus_that_goes_away_is_a_failure_reported_once(
    a11y: A11ySession, apps: list[DemoApp], watcher: tuple[AtspiWatcher, Reports]
) -> None:
    atspi, reports = watcher
    app = start_app(a11y, apps, "qt")
    atspi.follow(FocusTarget(app.pid, 1))
    reports.until("Search")
    assert atspi.failure is None
    os.kill(a11y.accessibility_bus_pid(), signal.SIGKILL)
    assert reports.next() is None
    assert atspi.failure is not None and "went away" in atspi.failure
