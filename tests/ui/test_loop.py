"""The just-in-time loop with a fake clock: dwell, offer, choices, restart, quiet, snooze."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon
from pytestqt.qtbot import QtBot
from tests.conftest import write_card

from cuecard.content.library import ContentLibrary, LibrarySnapshot
from cuecard.models import WindowInfo
from cuecard.platform.dnd import DndMonitor, StaticDnd
from cuecard.policy.model import PolicySettings
from cuecard.rules.index import TriggerIndex
from cuecard.store.db import open_db
from cuecard.store.events import EventKind
from cuecard.store.writer import StoreWriter
from cuecard.ui.loop import NudgeLoop
from cuecard.ui.nudge import NudgeToast
from cuecard.watch.app_names import AppNames

CALC = WindowInfo(
    app="soffice.bin",
    title="q3.ods - LibreOffice Calc",
    window_class="libreoffice-calc",
    window_id=7,
)
CALC_DESKTOP = "[Desktop Entry]\nName=LibreOffice Calc\nStartupWMClass=libreoffice-calc\n"


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 3, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture
def library(tmp_path: Path) -> ContentLibrary:
    root = tmp_path / "cards"
    for name in ("freeze", "sort"):
        write_card(
            root,
            f"{name}.md",
            f"---\nminutes: 2\nwhen: [{{app: soffice.bin, title: "
            f"'*LibreOffice Calc'}}]\n---\n# {name.title()} rows\n\n1. one\n2. two\n",
        )
    lib = ContentLibrary([root])
    lib.load()
    return lib


class Harness:
    def __init__(self, qtbot: QtBot, library: ContentLibrary, db: Path, clock: FakeClock):
        self.writer = StoreWriter(db)
        self.writer.start()
        apps = db.parent / "applications"
        write_card(apps, "libreoffice-calc.desktop", CALC_DESKTOP)
        names = AppNames("linux", folders=lambda: [apps], env={})
        self.toast = NudgeToast(QIcon(), name_app=names.name)
        qtbot.addWidget(self.toast)
        self.loop = NudgeLoop(
            self.writer, self.toast, PolicySettings(), clock=clock, dnd=StaticDnd(False)
        )
        with qtbot.waitSignal(self.loop.state_loaded):
            self.loop.start()
        with qtbot.waitSignal(self.loop.index_ready):
            self.loop.set_snapshot(library.snapshot)

    def events(self) -> list[tuple[str, str | None, str | None]]:
        self.writer.flush()
        db = open_db(self.writer.path).db
        return [
            tuple(r)
            for r in db.execute(  # type: ignore[misc]
                "SELECT kind, card_id, value FROM events ORDER BY id"
            ).fetchall()
        ]

    def close(self) -> None:
        self.loop.stop()  # its dwell timer must not fire into a later test
        self.writer.stop()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def harness(
    qtbot: QtBot, library: ContentLibrary, tmp_path: Path, clock: FakeClock
) -> Iterator[Harness]:
    made = Harness(qtbot, library, tmp_path / "cuecard.db", clock)
    yield made
    made.close()


def test_nudge_after_dwell_then_later(harness: Harness, clock: FakeClock, qtbot: QtBot) -> None:
    harness.loop.on_window(CALC)
    assert [c.card.title for c in harness.loop.candidates] == ["Freeze rows", "Sort rows"]
    assert not harness.toast.isVisible(), "no nudge before the dwell"
    clock.advance(seconds=3)
    decision = harness.loop.evaluate()
    assert decision is not None and decision.card is not None
    assert harness.toast.isVisible()
    assert harness.toast.heading.text() == "Tip for LibreOffice Calc"
    assert harness.toast.card_title.text() == "Freeze rows"
    with qtbot.waitSignal(harness.toast.later):
        harness.toast.later_button.click()
    assert not harness.toast.isVisible()
    assert harness.events() == [("shown", "freeze", "proactive"), ("dismissed", "freeze", "later")]


def test_budget_gap_then_next_card(harness: Harness, clock: FakeClock) -> None:
    harness.loop.on_window(CALC)
    clock.advance(seconds=3)
    harness.loop.evaluate()
    harness.toast.never_button.click()
    clock.advance(minutes=5)
    harness.loop.on_window(replace(CALC, window_id=8))
    clock.advance(seconds=3)
    decision = harness.loop.evaluate()
    assert decision is not None and decision.reason == "too soon after the last nudge"
    clock.advance(minutes=6)
    decision = harness.loop.evaluate()
    assert decision is not None and decision.card is not None
    assert decision.card.id == "sort", "'Don't show again' is forever"


def test_completed_card_is_not_nudged_after_restart(
    qtbot: QtBot, library: ContentLibrary, tmp_path: Path, clock: FakeClock
) -> None:
    first = Harness(qtbot, library, tmp_path / "db.sqlite", clock)
    first.loop.on_window(CALC)
    clock.advance(seconds=3)
    first.loop.evaluate()
    first.toast.show_button.click()
    first.loop.record(EventKind.COMPLETED, "freeze")
    first.close()
    clock.advance(hours=2)
    second = Harness(qtbot, library, tmp_path / "db.sqlite", clock)
    second.loop.on_window(CALC)
    clock.advance(seconds=3)
    decision = second.loop.evaluate()
    assert decision is not None and decision.card is not None
    assert decision.card.id == "sort"
    second.close()


def test_fullscreen_and_private_windows_stay_quiet(harness: Harness, clock: FakeClock) -> None:
    harness.loop.on_window(replace(CALC, fullscreen=True))
    clock.advance(seconds=10)
    decision = harness.loop.evaluate()
    assert decision is not None and decision.card is None and "fullscreen" in decision.reason
    assert not harness.toast.isVisible()
    harness.loop.on_window(WindowInfo(app="", title="", private=True))
    assert harness.loop.candidates == []


def test_snooze_survives_restart_and_expires(
    qtbot: QtBot, library: ContentLibrary, tmp_path: Path, clock: FakeClock
) -> None:
    first = Harness(qtbot, library, tmp_path / "db.sqlite", clock)
    first.loop.snooze(clock.now + timedelta(hours=1))
    first.close()
    second = Harness(qtbot, library, tmp_path / "db.sqlite", clock)
    second.loop.on_window(CALC)
    clock.advance(seconds=30)
    decision = second.loop.evaluate()
    assert decision is not None and decision.reason == "snoozed"
    assert second.loop.snoozed_until == datetime(2026, 11, 3, 11, 0, tzinfo=UTC)
    clock.advance(hours=1)
    decision = second.loop.evaluate()
    assert decision is not None and decision.card is not None
    second.close()


def test_do_not_disturb_is_respected(harness: Harness, clock: FakeClock) -> None:
    harness.loop.dnd = StaticDnd(True)
    harness.loop.on_window(CALC)
    clock.advance(seconds=3)
    decision = harness.loop.evaluate()
    assert decision is not None and decision.card is None and "do not disturb" in decision.reason


def test_snooze_chosen_before_the_saved_state_arrives_is_kept(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    writer = StoreWriter(tmp_path / "cuecard.db")
    writer.start()
    toast = NudgeToast(QIcon())
    qtbot.addWidget(toast)
    loop = NudgeLoop(writer, toast, PolicySettings(), clock=clock, dnd=StaticDnd(False))
    until = clock() + timedelta(hours=1)
    try:
        with qtbot.waitSignal(loop.state_loaded):
            loop.start()
            loop.snooze(until)  # the state is still on its way from the writer thread
        assert loop.snoozed_until == until
    finally:
        loop.stop()
        writer.stop()


def test_an_index_built_for_an_older_snapshot_is_discarded(
    harness: Harness, library: ContentLibrary, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    older = library.snapshot
    sort_card = library.root_paths[0] / "sort.md"
    sort_card.unlink()
    newer = library.apply_changes([sort_card])
    assert set(older.cards) == {"freeze", "sort"} and set(newer.cards) == {"freeze"}
    release = threading.Event()
    slow_builds: list[threading.Thread] = []
    build = TriggerIndex.from_snapshot

    def older_finishes_last(snapshot: LibrarySnapshot) -> TriggerIndex:
        if snapshot is older:
            slow_builds.append(threading.current_thread())
            assert release.wait(10), "the test never let the older build finish"
        return build(snapshot)

    monkeypatch.setattr(TriggerIndex, "from_snapshot", older_finishes_last)
    harness.loop.set_snapshot(older)
    qtbot.waitUntil(lambda: bool(slow_builds))
    with qtbot.waitSignal(harness.loop.index_ready) as ready:
        harness.loop.set_snapshot(newer)
    assert ready.args == [(newer, harness.loop.index)]
    release.set()
    slow_builds[0].join(10)
    QCoreApplication.processEvents()  # deliver the older build's result, posted by now
    assert set(harness.loop.cards) == {"freeze"}
    harness.loop.on_window(CALC)
    assert [c.card.id for c in harness.loop.candidates] == ["freeze"]


def test_do_not_disturb_is_read_off_the_gui_thread(
    qtbot: QtBot, library: ContentLibrary, tmp_path: Path, clock: FakeClock
) -> None:
    """The desktop's answer can take seconds (a subprocess, a D-Bus call): the loop
    decides with the last answer while a monitor thread reads, and hears of changes."""
    gui = threading.current_thread()
    readers: list[threading.Thread] = []
    answers: queue.Queue[bool] = queue.Queue()

    def probe() -> bool:  # a desktop that answers only when the test says so
        readers.append(threading.current_thread())
        return answers.get(timeout=30)

    writer = StoreWriter(tmp_path / "cuecard.db")
    writer.start()
    toast = NudgeToast(QIcon())
    qtbot.addWidget(toast)
    loop = NudgeLoop(writer, toast, PolicySettings(), clock=clock, dnd=DndMonitor(probe, min_gap=0))
    try:
        with qtbot.waitSignal(loop.state_loaded):
            loop.start()
        with qtbot.waitSignal(loop.index_ready):
            loop.set_snapshot(library.snapshot)
        qtbot.waitUntil(lambda: len(readers) == 1)  # the monitor waits inside the probe
        loop.on_window(CALC)  # asks for a fresh read: the next one, after this
        clock.advance(seconds=3)
        decision = loop.evaluate()  # returns although the probe has not answered
        assert decision is not None and decision.card is not None, "no answer yet: not quiet"
        with qtbot.waitSignal(loop.dnd_changed) as changed:
            answers.put(True)
        assert changed.args == [True]
        decision = loop.evaluate()
        assert decision is not None and decision.reason == "quiet: do not disturb is on"
        qtbot.waitUntil(lambda: len(readers) == 2)  # the read the window change asked for
        with qtbot.waitSignal(loop.decided) as decided:  # do-not-disturb ends: decide again
            answers.put(False)
        assert decided.args[0].reason != "quiet: do not disturb is on"
        assert gui not in readers, "never read on the GUI thread"
    finally:
        loop.stop()
        answers.put(False)  # let a read under way end
        writer.stop()
