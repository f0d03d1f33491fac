"""The UI Automation back-end against a double with the real API's shapes."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator

import pytest

from cuecard.a11y.base import ElementsUnavailable, FocusTarget
from cuecard.a11y.uia import UiaWatcher, create
from tests.a11y.conftest import Reports
from tests.a11y.uia_double import BUTTON, EDIT, WINDOW, Element, UiaDouble

APP = 4242
OTHER = 5151


def wait_until(condition: Callable[[], object], timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


@pytest.fixture
def uia() -> UiaDouble:
    return UiaDouble()


@pytest.fixture
def watching(uia: UiaDouble) -> Iterator[tuple[UiaWatcher, Reports]]:
    reports = Reports()
    watcher = UiaWatcher(uia, own_pid=1)
    watcher.start(reports)
    yield watcher, reports
    watcher.stop()


def tree() -> dict[str, Element]:
    main = Element("Budget - Pivot Demo", WINDOW, APP, class_name="PivotMain")
    search = Element("Search", EDIT, APP, main, value="q3 figures")
    dialog = Element("Insert Pivot Table", WINDOW, APP, main, is_dialog=True)
    source = Element("Source range", EDIT, APP, dialog, value="Sheet1!A1:D20")
    ok = Element("OK", BUTTON, APP, dialog)
    classic = Element("Print", WINDOW, APP, main, class_name="#32770")  # IsDialog unknown
    copies = Element("Copies", EDIT, APP, classic)
    secret = Element("Password", EDIT, APP, main, is_password=True, value="hunter2")
    return locals()


def test_nothing_is_subscribed_until_a_target_is_followed(
    uia: UiaDouble, watching: tuple[UiaWatcher, Reports]
) -> None:
    watcher, reports = watching
    uia.automation.move_focus(tree()["search"])
    assert reports.quiet(0.2) == []
    assert uia.automation.handlers == [] and not watcher.following


def test_follow_reports_the_focus_now_then_each_move_with_its_dialog(
    uia: UiaDouble, watching: tuple[UiaWatcher, Reports]
) -> None:
    watcher, reports = watching
    els = tree()
    uia.automation.focused = els["search"]
    watcher.follow(FocusTarget(APP, 1))
    found = reports.until("Search")
    assert (found.role, found.dialog, found.native_role, found.pid) == ("text", None, "Edit", APP)
    assert len(uia.automation.handlers) == 1
    uia.automation.move_focus(els["source"])
    assert reports.until("Source range").dialog == "Insert Pivot Table"
    uia.automation.move_focus(els["ok"])
    assert reports.until("OK").role == "button"
    uia.automation.move_focus(els["copies"])
    assert reports.until("Copies").dialog == "Print"  # a classic #32770 dialog
    uia.automation.move_focus(els["secret"])
    assert reports.until("Password").role == "password text"
    assert all(name.startswith("Current") for e in els.values() for name in e.reads)


def test_other_processes_and_our_own_are_ignored(
    uia: UiaDouble, watching: tuple[UiaWatcher, Reports]
) -> None:
    watcher, reports = watching
    els = tree()
    uia.automation.focused = els["search"]
    watcher.follow(FocusTarget(APP, 1))
    reports.until("Search")
    uia.automation.move_focus(Element("Address", EDIT, OTHER))
    uia.automation.move_focus(Element("Ours", EDIT, 1))
    assert reports.quiet(0.2) == []
    anyone = UiaWatcher(uia, own_pid=1)
    mine = Reports()
    anyone.start(mine)
    try:
        anyone.follow(FocusTarget(None))
        wait_until(lambda: anyone.following)
        uia.automation.move_focus(Element("Ours", EDIT, 1))
        uia.automation.move_focus(Element("Address", EDIT, OTHER))
        assert mine.until("Address").pid == OTHER
        assert all(e is None or e.name != "Ours" for e in mine.all)
    finally:
        anyone.stop()


def test_a_burst_ends_in_the_right_state_and_follow_none_unsubscribes(
    uia: UiaDouble, watching: tuple[UiaWatcher, Reports]
) -> None:
    watcher, reports = watching
    els = tree()
    uia.automation.focused = els["source"]
    watcher.follow(FocusTarget(APP, 1))
    reports.until("Source range")
    for _ in range(50):
        for name in ("ok", "source", "search"):
            uia.automation.move_focus(els[name])
    uia.automation.move_focus(els["ok"])
    burst = reports.settle()
    assert burst and burst[-1] is not None and burst[-1].name == "OK"
    watcher.follow(None)
    assert reports.next() is None
    wait_until(lambda: not watcher.following)
    assert uia.automation.handlers == []
    uia.automation.move_focus(els["search"])
    assert reports.quiet(0.2) == []


def test_an_element_gone_while_described_is_skipped(
    uia: UiaDouble, watching: tuple[UiaWatcher, Reports]
) -> None:
    watcher, reports = watching
    els = tree()
    uia.automation.focused = els["search"]
    watcher.follow(FocusTarget(APP, 1))
    reports.until("Search")
    els["ok"].gone = True
    uia.automation.move_focus(els["ok"])
    uia.automation.move_focus(els["source"])
    assert reports.until("Source range").name == "Source range"
    assert watcher.failure is None


def test_the_apartment_is_joined_and_left_on_the_watcher_thread(uia: UiaDouble) -> None:
    watcher = UiaWatcher(uia)
    watcher.start(Reports())
    watcher.follow(FocusTarget(APP, 1))
    wait_until(lambda: watcher.following)
    watcher.stop()
    assert uia.apartments == ["enter:a11y-uia", "leave:a11y-uia"]
    assert uia.automation.handlers == []


@pytest.mark.skipif(sys.platform == "win32", reason="off Windows only")
def test_create_says_why_it_cannot_run_here() -> None:
    with pytest.raises(ElementsUnavailable, match="only runs on Windows"):
        create({})
