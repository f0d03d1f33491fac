"""Quick log, the log window, My learning and What Cuecard stores, through the controller."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from tests.conftest import write_card
from tests.store.forget_support import MARKERS, leave_a_damaged_copy, markers_found
from tests.ui.test_tray_watcher import QuitAfter, make_controller

from cuecard.store.events import Event, EventKind
from cuecard.store.log import add_entry
from cuecard.ui.controller import TrayController
from cuecard.watch.base import BackendChoice

CARD_MARKER = "qzxowncardmarker"


@pytest.fixture
def controller(qtbot: QtBot, tmp_path: Path, content_root: Path) -> Iterator[TrayController]:
    made = make_controller(tmp_path, content_root, BackendChoice("none", "test", None, False))
    assert made.no_tray is not None
    qtbot.addWidget(made.no_tray)
    with qtbot.waitSignals([made.loop.state_loaded, made.service.loading_finished], timeout=10_000):
        made.start()
    yield made
    made.quit()


def test_quick_log_then_edit_and_delete(qtbot: QtBot, controller: TrayController) -> None:
    learning = controller.learning
    dialog = learning.show_quick_log()
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()
    qtbot.keyClicks(dialog.text, "Ctrl+R searches history")
    assert dialog.card.findData("calc/freeze") >= 0, "the cards are loaded: link one"
    dialog.card.setCurrentIndex(dialog.card.findData("calc/freeze"))
    with qtbot.waitSignal(learning.db_result):
        dialog.save_button.click()
    learning.show_log()
    assert learning.log_window is not None
    qtbot.addWidget(learning.log_window)
    qtbot.waitUntil(
        lambda: (
            learning.log_window.entries.count() == 1
            and "Ctrl+R" in learning.log_window.entries.item(0).text()
        )
    )
    entry = learning.log_window.entries.item(0).data(Qt.ItemDataRole.UserRole)
    with qtbot.waitSignal(learning.db_result):
        learning.log_window.edit_requested.emit(entry.id, "Ctrl+R searches shell history")
    qtbot.waitUntil(lambda: "shell history" in learning.log_window.entries.item(0).text())
    with qtbot.waitSignal(learning.db_result):
        learning.log_window.delete_requested.emit(entry.id)
    qtbot.waitUntil(lambda: "Nothing logged" in learning.log_window.entries.item(0).text())


def test_my_learning_shows_this_weeks_completions(qtbot: QtBot, controller: TrayController) -> None:
    controller.loop.record(EventKind.OPENED, "calc/freeze")
    controller.loop.record(EventKind.COMPLETED, "calc/freeze")
    controller.loop.record(EventKind.OPENED, "notes")
    learning = controller.learning
    learning.show_my_learning()
    window = learning.my_learning
    assert window is not None
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.headline.text().startswith("1 card completed this week"))
    assert window.chart.weeks[-1][1] == 1 and len(window.chart.weeks) == 12
    assert "notes" in window.details.text().lower() or "Plain note" in window.details.text()


def test_stored_data_window_and_forget(qtbot: QtBot, controller: TrayController) -> None:
    controller.loop.record(EventKind.COMPLETED, "calc/freeze")
    controller.record_missed_search("zebra")
    learning = controller.learning
    learning.show_stored()
    window = learning.stored
    assert window is not None
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.tabs.count() == 6)
    labels = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert labels == [
        "events (1)",
        "log (0)",
        "missed_searches (1)",
        "outbox (0)",  # sync is off: nothing queued for an LRS
        "sync_state (0)",
        "sync_runs (0)",
    ]
    assert "No window titles" in window.intro.text()
    with qtbot.waitSignal(learning.db_result):
        learning.forget()
    qtbot.waitUntil(lambda: window.tabs.tabText(0) == "events (0)")
    assert controller.loop.state is not None and not controller.loop.state.cards


def test_daily_prompt_is_off_by_default_and_schedules_when_set(
    controller: TrayController,
) -> None:
    from datetime import time

    learning = controller.learning
    assert not learning._daily.isActive(), "off by default"
    learning.schedule_daily_prompt(time(17, 0))
    assert learning._daily.isActive()
    assert 0 < learning._daily.remainingTime() <= 24 * 3600 * 1000
    learning.schedule_daily_prompt(None)
    assert not learning._daily.isActive(), "turning it off (or quitting) stops the timer"


def test_forget_in_the_app_leaves_none_of_the_users_text_in_the_data_dir(
    qtbot: QtBot, tmp_path: Path, content_root: Path, quit_after: QuitAfter
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    leave_a_damaged_copy(data_dir / "cuecard.db")
    deleted_card = write_card(content_root, "mine.md", f"# Mine\n\nMy own {CARD_MARKER}.\n")
    controller = quit_after(
        make_controller(tmp_path, content_root, BackendChoice("none", "test", None, False))
    )
    assert controller.no_tray is not None
    qtbot.addWidget(controller.no_tray)
    with qtbot.waitSignals(
        [controller.notice, controller.service.loading_finished], timeout=10_000
    ):
        controller.start()
    now = datetime.now(UTC)
    controller.writer.record(Event(EventKind.REPORTED_OUTDATED, now, "notes", None, MARKERS[1]))
    controller.writer.call(lambda db: add_entry(db, f"learned {MARKERS[0]}", now))
    controller.record_missed_search(MARKERS[2])
    deleted_card.unlink()  # the user deletes a card of their own: its text was indexed
    controller.service.library.apply_changes([deleted_card])
    controller.writer.flush()
    assert set(markers_found(data_dir, (*MARKERS, CARD_MARKER))) == {*MARKERS, CARD_MARKER}
    learning = controller.learning
    with qtbot.waitSignal(learning.db_result, timeout=10_000):
        learning.forget()
    controller.writer.flush()
    assert markers_found(data_dir, (*MARKERS, CARD_MARKER)) == {}
    rows = controller.writer.call(lambda db: db.execute("SELECT count(*) FROM log").fetchone())
    assert rows.result(timeout=10) == (0,)
    assert controller.service.library.snapshot.cards["notes"], "the index still works"
