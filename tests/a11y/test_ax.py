"""The macOS AX back-end against a double of the AX API and CFRunLoop."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator

import pytest

from cuecard.a11y.ax import AxWatcher, create
from cuecard.a11y.base import ElementsUnavailable, FocusTarget
from tests.a11y.ax_double import AxDouble, AxElement
from tests.a11y.conftest import Reports

APP = 777
OTHER = 888


def wait_until(condition: Callable[[], object], timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


@pytest.fixture
def ax() -> AxDouble:
    return AxDouble()


@pytest.fixture
def watching(ax: AxDouble) -> Iterator[tuple[AxWatcher, Reports]]:
    reports = Reports()
    watcher = AxWatcher(ax, own_pid=1)
    watcher.start(reports)
    yield watcher, reports
    watcher.stop()


def tree() -> dict[str, AxElement]:
    window = AxElement("AXWindow", AXSubrole="AXStandardWindow", AXTitle="Budget.numbers")
    search = AxElement("AXTextField", window, AXDescription="Search", AXValue="q3")
    sheet = AxElement("AXSheet", window, AXTitle="Insert Pivot Table")
    label = AxElement("AXStaticText", sheet, AXValue="Source range")
    source = AxElement("AXTextField", sheet, AXTitleUIElement=label, AXValue="A1:D20")
    ok = AxElement("AXButton", sheet, AXTitle="OK")
    panel = AxElement("AXWindow", AXSubrole="AXDialog", AXTitle="Print")
    secret = AxElement("AXTextField", panel, AXSubrole="AXSecureTextField", AXTitle="PIN")
    tab = AxElement("AXRadioButton", panel, AXSubrole="AXTabButton", AXTitle="Layout")
    return locals()


def test_nothing_is_observed_until_a_target_is_followed(
    ax: AxDouble, watching: tuple[AxWatcher, Reports]
) -> None:
    watcher, reports = watching
    ax.ax.move_focus(APP, tree()["search"])
    assert reports.quiet(0.2) == []
    assert ax.ax.observers == [] and not watcher.following


def test_follow_reports_the_focus_now_then_each_move_with_its_dialog(
    ax: AxDouble, watching: tuple[AxWatcher, Reports]
) -> None:
    watcher, reports = watching
    els = tree()
    ax.ax.app(APP, els["search"])
    watcher.follow(FocusTarget(APP, 1))
    found = reports.until("Search")
    assert (found.role, found.dialog, found.native_role) == ("text", None, "AXTextField")
    assert watcher.following and len(ax.ax.listening(APP)) == 1
    ax.ax.move_focus(APP, els["source"])
    found = reports.until("Source range")  # named by its label, not by its value
    assert (found.role, found.dialog) == ("text", "Insert Pivot Table")
    ax.ax.move_focus(APP, els["ok"])
    assert reports.until("OK").role == "button"
    ax.ax.move_focus(APP, els["secret"])
    found = reports.until("PIN")
    assert (found.role, found.dialog) == ("password text", "Print")
    ax.ax.move_focus(APP, els["tab"])
    assert reports.until("Layout").role == "tab"
    assert all("AXValue" not in e.reads for n, e in els.items() if n != "label")


def test_another_app_is_not_heard_and_follow_none_stops_listening(
    ax: AxDouble, watching: tuple[AxWatcher, Reports]
) -> None:
    watcher, reports = watching
    els = tree()
    ax.ax.app(APP, els["search"])
    watcher.follow(FocusTarget(APP, 1))
    reports.until("Search")
    ax.ax.move_focus(OTHER, AxElement("AXTextField", AXTitle="Address"))
    assert reports.quiet(0.2) == []
    watcher.follow(None)
    assert reports.next() is None
    wait_until(lambda: not ax.ax.listening(APP))
    ax.ax.move_focus(APP, els["ok"])
    assert reports.quiet(0.2) == []
    watcher.follow(FocusTarget(1, 1))  # our own process: never followed
    assert reports.quiet(0.2) == [] and not ax.ax.listening(1)


def test_a_burst_ends_in_the_right_state(ax: AxDouble, watching: tuple[AxWatcher, Reports]) -> None:
    watcher, reports = watching
    els = tree()
    ax.ax.app(APP, els["search"])
    watcher.follow(FocusTarget(APP, 1))
    reports.until("Search")
    for _ in range(50):
        for name in ("source", "ok", "search"):
            ax.ax.move_focus(APP, els[name])
    ax.ax.move_focus(APP, els["ok"])
    burst = reports.settle()
    assert burst and burst[-1] is not None and burst[-1].name == "OK"


def test_without_the_permission_nothing_is_followed(ax: AxDouble) -> None:
    ax.ax.trusted = False
    reports = Reports()
    watcher = AxWatcher(ax, own_pid=1)
    watcher.start(reports)
    try:
        watcher.follow(FocusTarget(APP, 1))
        assert reports.quiet(0.2) == []
        assert not watcher.following and watcher.failure is None
    finally:
        watcher.stop()


@pytest.mark.skipif(sys.platform == "darwin", reason="off macOS only")
def test_create_says_why_it_cannot_run_here() -> None:
    with pytest.raises(ElementsUnavailable, match="only runs on macOS"):
        create({})
