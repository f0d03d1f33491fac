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
    assert dialog.save_button.text() == "Add to log" and dialog.save_button.icon().isNull()
    assert not dialog.windowFlags() & Qt.WindowType.WindowMaximizeButtonHint
    qtbot.keyClicks(dialog.text, "Ctrl+R searches history")
    assert dialog.card.findData("calc/freeze") >= 0, "the cards are loaded: link one"
    dialog.card.setCurrentIndex(dialog.card.findData("calc/freeze"))
    with qtbot.waitSignal(learning.db_result):
        dialog.save_button.click()
    learning.show_log()
    log = learning.log_window
    assert log is not None
    qtbot.addWidget(log)
    qtbot.waitUntil(
        lambda: (
            log.entries.topLevelItemCount() == 1 and "Ctrl+R" in log.entries.topLevelItem(0).text(1)
        )
    )
    row = log.entries.topLevelItem(0)
    assert row.text(2) == "Freeze the header row", "the row names the card it is about"
    assert not log.edit_button.isEnabled() and not log.delete_button.isEnabled()
    assert log.edit_button.toolTip() == "Select an entry first."
    log.entries.setCurrentItem(row)
    assert log.edit_button.isEnabled() and log.delete_button.isEnabled()
    entry = row.data(0, Qt.ItemDataRole.UserRole)
    with qtbot.waitSignal(learning.db_result):
        log.edit_requested.emit(entry.id, "Ctrl+R searches shell history")
    qtbot.waitUntil(lambda: "shell history" in log.entries.topLevelItem(0).text(1))
    with qtbot.waitSignal(learning.db_result):
        log.delete_requested.emit(entry.id)
    qtbot.waitUntil(lambda: log.pages.currentWidget() is log.empty)
    assert log.entries.topLevelItemCount() == 0, "the empty state is not a row"
    assert "Nothing logged yet" in log.empty.text()
    assert not log.edit_button.isEnabled() and not log.export_button.isEnabled()


def test_my_learning_lists_progress_and_completions_with_links(
    qtbot: QtBot, controller: TrayController
) -> None:
    learning = controller.learning
    learning.show_my_learning()
    window = learning.my_learning
    assert window is not None
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.headline.text().startswith("A fresh week"))
    assert window.chart.empty, "nothing completed: the chart says so"
    assert "Nothing completed yet" in window.details.text()
    assert window.review_button.isHidden(), "no greyed Review now: nothing is due"
    controller.loop.record(EventKind.OPENED, "notes")
    controller.loop.record(EventKind.COMPLETED, "notes")
    controller.loop.record(EventKind.OPENED, "gone/card")  # only opened: not in progress
    controller.loop.record(EventKind.OPENED, "calc/freeze")
    controller.loop.record(EventKind.STEP_DONE, "calc/freeze", "0")
    learning.refresh()
    qtbot.waitUntil(lambda: window.headline.text().startswith("1 card completed this week"))
    assert "1 cards" not in window.headline.text() + window.subline.text()
    assert window.subline.text() == "1 card completed in all · 1 in progress"
    assert window.chart.weeks[-1][1] == 1 and len(window.chart.weeks) == 12
    assert not window.chart.empty
    details = window.details.text()
    progress = details[details.index("In progress") : details.index("Completed")]
    assert "Freeze the header row" in progress and "1 of 3 steps done" in progress
    assert "gone/card" not in details, "a card only opened is not in progress"
    completed = details[details.index("Completed") :]
    assert "Plain note" in completed
    with qtbot.waitSignal(learning.card_requested) as clicked:
        window.details.linkActivated.emit("cuecard-card:1")  # the second link: completed
    assert clicked.args == ["notes"]
    assert "notes" in controller.card_windows, "the link opens the card"
    qtbot.addWidget(controller.card_windows["notes"])


def test_stored_data_in_words_and_forget(qtbot: QtBot, controller: TrayController) -> None:
    controller.loop.record(EventKind.STEP_DONE, "calc/freeze", "0")
    controller.loop.record(EventKind.COMPLETED, "calc/freeze")
    controller.record_missed_search("zebra")
    freeze = controller.service.snapshot.cards["calc/freeze"]
    controller.picks.note("freeze header", freeze)
    learning = controller.learning
    learning.show_stored()
    window = learning.stored
    assert window is not None
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.tree.topLevelItemCount() == 8)
    titles = [window.tree.topLevelItem(i).text(0) for i in range(8)]
    assert titles[:4] == [
        "What you saw and did",
        "Your learning log",
        "Searches that found nothing",
        "Cards you opened from a search",
    ]
    assert not any("_" in title for title in titles), "no table names"
    events = window.tree.topLevelItem(0)
    assert events.child(0).text(0) == "2 things you saw or did: 1 completed."
    lines = [events.child(i).text(1) for i in range(1, events.childCount())]
    assert lines == [
        "You completed “Freeze the header row”",
        "You ticked step 1 of “Freeze the header row”",  # steps counted from 1
    ]
    when = events.child(1).text(0)
    now = controller.context.clock.now().astimezone()
    assert when == f"{now:%a %d %b %Y, %H:%M}", "local time, no microseconds"
    searches = window.tree.topLevelItem(2)
    assert searches.child(1).text(0) == "“zebra”: 1 time", "no time: the row spans both columns"
    assert searches.child(1).isFirstColumnSpanned()
    window.resize(420, 500)  # a section's sentence wraps, none is cut with "…"
    window.show()
    qtbot.waitExposed(window)
    note = window.tree.visualItemRect(searches.child(0))
    assert note.height() >= 2 * window.tree.fontMetrics().height(), "wrapped on two lines"
    assert "never keeps window titles" in window.intro.text()
    assert window.export_button.text() == "Export raw data (JSON)…"
    assert controller.picks.weights("freeze header") == {"calc/freeze": 1.0}
    with qtbot.waitSignal(learning.db_result):
        learning.forget()
    qtbot.waitUntil(
        lambda: window.tree.topLevelItem(0).child(0).text(0) == "Nothing you saw or did yet."
    )
    assert controller.loop.state is not None and not controller.loop.state.cards
    assert controller.picks.weights("freeze header") == {}, "forgotten in memory too"


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
