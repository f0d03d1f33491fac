"""Element triggers in the just-in-time loop and in the running app: which app's focus is
followed, and the focused element feeding the same match -> decide path as windows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QIcon
from pytestqt.qtbot import QtBot
from tests.a11y.scripted import Chooser
from tests.conftest import write_card

from cuecard.a11y.base import FocusTarget
from cuecard.clock import FixedClock
from cuecard.content.library import ContentLibrary, LibrarySnapshot
from cuecard.context import AppContext
from cuecard.models import FocusedElement, WindowInfo
from cuecard.platform.dnd import StaticDnd
from cuecard.policy.model import PolicySettings
from cuecard.store.writer import StoreWriter
from cuecard.ui.bridge import LibraryService
from cuecard.ui.controller import TrayController
from cuecard.ui.elements import ElementBridge
from cuecard.ui.loop import NudgeLoop
from cuecard.ui.nudge import NudgeToast
from cuecard.watch.base import BackendChoice
from cuecard.watch.privacy import PrivacyRules, PrivateWatcher
from cuecard.watch.scripted import ScriptedWatcher

MAIN = WindowInfo(app="python3", title="Pivot Demo", window_class="pivotapp", pid=41, window_id=1)
DIALOG = WindowInfo(
    app="python3", title="Insert Pivot Table", window_class="pivotapp", pid=41, window_id=2
)
CALC = WindowInfo(app="soffice.bin", title="a.ods - LibreOffice Calc", pid=7, window_id=3)
SOURCE = FocusedElement("text", "Source range", "Insert Pivot Table", pid=41)
SEARCH = FocusedElement("text", "Search", None, pid=41)


def pivot_pack(root: Path) -> Path:
    write_card(
        root,
        "pivot.md",
        "---\nwhen:\n  - class: pivotapp\n    dialog: Insert Pivot Table\n"
        "    control: Source range\n---\n# Choose the source range\n\nBody.\n",
    )
    write_card(root, "calc.md", "---\nwhen: [{app: soffice.bin}]\n---\n# Calc basics\n\nBody.\n")
    return root


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def snapshot(tmp_path: Path) -> LibrarySnapshot:
    return ContentLibrary([pivot_pack(tmp_path / "pack")]).load()


@pytest.fixture
def loop_clock(clock: FixedClock) -> Clock:
    return Clock(clock.now())


@pytest.fixture
def loop(
    qtbot: QtBot, snapshot: LibrarySnapshot, tmp_path: Path, loop_clock: Clock
) -> Iterator[NudgeLoop]:
    writer = StoreWriter(tmp_path / "cuecard.db")
    writer.start()
    toast = NudgeToast(QIcon())
    qtbot.addWidget(toast)
    made = NudgeLoop(writer, toast, PolicySettings(), clock=loop_clock, dnd=StaticDnd(False))
    with qtbot.waitSignal(made.state_loaded):
        made.start()
    with qtbot.waitSignal(made.elements_wanted) as wanted, qtbot.waitSignal(made.index_ready):
        made.set_snapshot(snapshot)
    assert wanted.args == [True]
    yield made
    made.stop()
    writer.stop()


def ids(loop: NudgeLoop) -> list[str]:
    return [c.card.id for c in loop.candidates]


def test_focus_is_followed_only_in_apps_with_element_triggers(
    loop: NudgeLoop, qtbot: QtBot
) -> None:
    targets: list[FocusTarget | None] = []
    loop.focus_target_changed.connect(targets.append)
    loop.on_window(MAIN)
    loop.on_window(DIALOG)
    loop.on_window(CALC)
    loop.on_window(WindowInfo(app="", title="", private=True, window_id=9))
    loop.on_window(DIALOG)
    assert targets == [FocusTarget(41, 1), FocusTarget(41, 2), None, FocusTarget(41, 2)]


def test_the_dialog_field_offers_its_card_and_the_main_window_does_not(loop: NudgeLoop) -> None:
    loop.on_window(MAIN)
    loop.on_element(SEARCH)
    assert ids(loop) == []
    loop.on_window(DIALOG)
    loop.on_element(SOURCE)
    assert ids(loop) == ["pivot"]
    loop.on_element(FocusedElement("text", "Destination", "Insert Pivot Table", pid=41))
    assert ids(loop) == []
    loop.on_element(None)
    assert ids(loop) == []


def test_elements_of_other_apps_and_private_windows_are_ignored(loop: NudgeLoop) -> None:
    loop.on_window(DIALOG)
    loop.on_element(FocusedElement("text", "Source range", "Insert Pivot Table", pid=99))
    assert ids(loop) == [] and loop.element is None
    loop.on_element(SOURCE)
    assert ids(loop) == ["pivot"]
    loop.on_window(WindowInfo(app="", title="", private=True, window_id=9))
    assert loop.element is None and ids(loop) == []
    loop.on_element(SOURCE)  # arrives late, from before the switch
    assert loop.element is None and ids(loop) == []


def test_fast_focus_changes_end_in_the_right_state(loop: NudgeLoop) -> None:
    loop.on_window(DIALOG)
    names = ["Source range", "Destination", "OK"] * 30 + ["Source range"]
    for name in names:
        loop.on_element(FocusedElement("text", name, "Insert Pivot Table", pid=41))
    assert ids(loop) == ["pivot"]
    for name in [*names, "Destination"]:
        loop.on_element(FocusedElement("text", name, "Insert Pivot Table", pid=41))
    assert ids(loop) == []


def test_a_focus_change_that_changes_the_cards_restarts_the_dwell(
    loop: NudgeLoop, loop_clock: Clock
) -> None:
    loop.on_window(DIALOG)
    loop_clock.now += timedelta(seconds=10)  # the dialog has been open a while
    loop.on_element(SOURCE)
    decision = loop.evaluate()
    assert decision is not None and decision.card is None
    assert decision.reason == "waiting for the window to settle"
    loop_clock.now += timedelta(seconds=3)
    decision = loop.evaluate()
    assert decision is not None and decision.card is not None and decision.card.id == "pivot"


def test_a_library_without_element_triggers_wants_no_accessibility(
    loop: NudgeLoop, qtbot: QtBot, tmp_path: Path
) -> None:
    plain = tmp_path / "plain"
    write_card(plain, "calc.md", "---\nwhen: [{app: soffice.bin}]\n---\n# Calc\n\nBody.\n")
    with qtbot.waitSignal(loop.elements_wanted) as wanted:
        loop.set_snapshot(ContentLibrary([plain]).load())
    assert wanted.args == [False]


# The element bridge -------------------------------------------------------------


def test_the_bridge_runs_a_watcher_only_while_wanted(qtbot: QtBot) -> None:
    chooser = Chooser()
    bridge = ElementBridge(chooser, backoff=lambda _n: 0.01)
    bridge.follow(FocusTarget(41, 2))
    assert chooser.made == []  # not wanted: nothing made, nothing started
    bridge.set_wanted(True)
    [watcher] = chooser.made
    assert watcher.started.is_set() and watcher.targets == [FocusTarget(41, 2)]
    with qtbot.waitSignal(bridge.element_changed) as changed:
        watcher.push(SOURCE)
    assert changed.args == [SOURCE]
    bridge.follow(None)
    assert watcher.targets[-1] is None
    with qtbot.waitSignal(bridge.element_changed) as changed:
        bridge.set_wanted(False)
    assert changed.args == [None]
    qtbot.waitUntil(watcher.stopped.is_set)
    bridge.stop()


def test_a_failed_watcher_is_replaced_and_the_user_told_once(qtbot: QtBot) -> None:
    chooser = Chooser()
    bridge = ElementBridge(chooser, backoff=lambda _n: 0.01)
    notices: list[str] = []
    bridge.unavailable.connect(notices.append)
    bridge.set_wanted(True)
    bridge.follow(FocusTarget(41, 2))
    chooser.made[0].fail("the accessibility bus went away")
    qtbot.waitUntil(lambda: len(chooser.made) == 2)
    assert chooser.made[1].targets == [FocusTarget(41, 2)]
    chooser.made[1].fail("the accessibility bus went away")
    qtbot.waitUntil(lambda: len(chooser.made) == 3)
    assert len(notices) == 1 and "went away" in notices[0]
    bridge.stop()


def test_no_back_end_here_is_said_once(qtbot: QtBot) -> None:
    bridge = ElementBridge(Chooser(available=False))
    notices: list[str] = []
    bridge.unavailable.connect(notices.append)
    bridge.set_wanted(True)
    assert bridge.watcher is None
    assert len(notices) == 1 and "not available" in notices[0]
    bridge.stop()


# The running app ------------------------------------------------------------------


def test_the_app_follows_the_focus_and_offers_the_dialog_card(
    qtbot: QtBot, tmp_path: Path, quit_after: Callable[[TrayController], TrayController]
) -> None:
    settings = tmp_path / "settings.yaml"
    settings.write_text("content.builtin: false\n")
    context = AppContext.create(tmp_path / "data", settings, [pivot_pack(tmp_path / "pack")])
    windows = ScriptedWatcher()
    choice = BackendChoice("scripted", "test", PrivateWatcher(windows, PrivacyRules.create()))
    chooser = Chooser()
    controller = quit_after(
        TrayController(
            context,
            LibraryService(context.open_library(), watch=False),
            tray_available=False,
            watcher=choice,
            choose_focus=chooser,
        )
    )
    assert controller.no_tray is not None
    qtbot.addWidget(controller.no_tray)
    with qtbot.waitSignal(controller.loop.index_ready, timeout=10_000):
        controller.start()
    [elements] = chooser.made  # the library names a dialog: the watcher runs
    with qtbot.waitSignal(controller.loop.focus_target_changed):
        windows.push(DIALOG)
    assert elements.targets[-1] == FocusTarget(41, 2)
    elements.push(SOURCE)
    qtbot.waitUntil(lambda: ids(controller.loop) == ["pivot"])
    text = controller.copy_trigger()
    assert "dialog: Insert Pivot Table" in text and "control: Source range" in text
    with qtbot.waitSignal(controller.loop.focus_target_changed):
        windows.push(CALC)
    assert elements.targets[-1] is None
    assert ids(controller.loop) == ["calc"]
    # IT switches the feature off: applied at once, the watcher stops (tree switched off).
    settings.write_text("content.builtin: false\naccessibility.follow_focus: false\n")
    controller.apply_context(AppContext.create(tmp_path / "data", settings, [tmp_path / "pack"]))
    qtbot.waitUntil(elements.stopped.is_set)
    settings.write_text("content.builtin: false\n")
    controller.apply_context(AppContext.create(tmp_path / "data", settings, [tmp_path / "pack"]))
    assert len(chooser.made) == 2  # and back on
    controller.quit()
    assert chooser.made[1].stopped.is_set()


def test_the_setting_off_keeps_the_bridge_from_ever_running(qtbot: QtBot) -> None:
    chooser = Chooser()
    bridge = ElementBridge(chooser, enabled=False)
    bridge.set_wanted(True)
    bridge.follow(FocusTarget(41, 2))
    assert chooser.made == [] and bridge.watcher is None
    bridge.stop()
