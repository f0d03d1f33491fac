"""The tray controller, list windows and background indexing, offscreen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from tests.conftest import write_card

from cuecard.clock import FixedClock
from cuecard.content.library import LibrarySnapshot
from cuecard.context import AppContext
from cuecard.ui.bridge import LibraryService
from cuecard.ui.controller import TrayController

QuitAfter = Callable[[TrayController], TrayController]


@pytest.fixture
def context(content_root: Path, data_dir: Path, tmp_path: Path, clock: FixedClock) -> AppContext:
    settings = tmp_path / "settings.yaml"
    settings.write_text("content:\n  builtin: false\n")
    return AppContext.create(data_dir, settings, [content_root], clock=clock)


def wait_loaded(qtbot: QtBot, service: LibraryService) -> LibrarySnapshot:
    with qtbot.waitSignal(service.loading_finished, timeout=10_000) as blocker:
        service.start()
    snapshot = blocker.args[0]
    assert isinstance(snapshot, LibrarySnapshot)
    return snapshot


def test_service_indexes_in_background_and_reloads(
    qtbot: QtBot, context: AppContext, content_root: Path
) -> None:
    service = LibraryService(context.open_library())
    snapshot = wait_loaded(qtbot, service)
    assert set(snapshot.cards) == {"calc/freeze", "notes"}
    with qtbot.waitSignal(
        service.snapshot_changed,
        timeout=5_000,
        check_params_cb=lambda snap: "new" in snap.cards,
    ):
        write_card(content_root, "new.md", "# New card\n\nBody.\n")
    service.stop()


def test_controller_without_tray_shows_window_and_counts(
    qtbot: QtBot, context: AppContext, content_root: Path, quit_after: QuitAfter
) -> None:
    write_card(content_root, "broken.md", "---\nminutes: 99\n---\n# Too long\n\nBody\n")
    service = LibraryService(context.open_library(), watch=False)
    controller = quit_after(TrayController(context, service, tray_available=False))
    assert controller.tray is None
    assert controller.no_tray is not None
    qtbot.addWidget(controller.no_tray)
    with qtbot.waitSignal(service.loading_finished, timeout=10_000):
        controller.start()
    assert controller.no_tray.isVisible()
    assert "no system tray" in controller.no_tray.findChild(object, "message").text()
    assert controller.actions.problems.text() == "Content problems (1)"
    assert "3 cards" in controller.no_tray.status.text()
    assert "1 error" in controller.no_tray.status.text()
    # No window yet: the submenu says so in a grey line instead of being a dead entry.
    (hint,) = controller.actions.cards_menu.actions()
    assert not hint.isEnabled() and hint.text() == "Cuecard has not seen a window yet"


def test_tray_problems_count_stale_cards_by_the_apps_clock(
    qtbot: QtBot, context: AppContext, clock: FixedClock, quit_after: QuitAfter
) -> None:
    clock.advance(timedelta(days=90))  # the fixture guide (reviewed 30 days ago) is now stale
    service = LibraryService(context.open_library(), watch=False)
    controller = quit_after(TrayController(context, service, tray_available=False))
    assert controller.no_tray is not None
    qtbot.addWidget(controller.no_tray)
    with qtbot.waitSignal(service.loading_finished, timeout=10_000):
        controller.start()
    assert controller.actions.problems.text() == "Content problems (1)"
    [problem] = controller.current_problems()
    assert problem.message.startswith("past its review date")


def test_controller_opens_search_problems_and_cards(
    qtbot: QtBot, context: AppContext, quit_after: QuitAfter
) -> None:
    service = LibraryService(context.open_library(), watch=False)
    controller = quit_after(TrayController(context, service, tray_available=True))
    assert controller.tray is not None
    with qtbot.waitSignal(service.loading_finished, timeout=10_000):
        controller.start()
    controller.actions.search.trigger()
    palette = controller.palette
    assert palette is not None
    qtbot.addWidget(palette)
    assert palette.isVisible()
    palette.query.setText("freeze")
    assert palette.results.count() == 1
    controller.actions.problems.trigger()
    assert controller.problems_window is not None
    qtbot.addWidget(controller.problems_window)
    card = service.snapshot.cards["calc/freeze"]
    window = controller.open_card(card)
    qtbot.addWidget(window)
    assert controller.open_card(card) is window, "one window per card"
    with qtbot.waitSignal(window.closed):
        window.close()
    assert "calc/freeze" not in controller.card_windows


def test_late_results_never_reach_a_deleted_window_or_a_stopped_loop(
    qtbot: QtBot, context: AppContext, quit_after: QuitAfter
) -> None:
    service = LibraryService(context.open_library(), watch=False)
    controller = quit_after(TrayController(context, service, tray_available=False))
    assert controller.no_tray is not None
    with qtbot.waitSignal(controller.no_tray.destroyed):
        controller.no_tray.deleteLater()
    assert controller.no_tray is None
    controller.on_candidates([])  # used to raise: the C++ label was already deleted
    controller.quit()
    with qtbot.assertNotEmitted(controller.loop.candidates_changed):
        controller.loop.on_window(None)
