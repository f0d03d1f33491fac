""" "Open content folder" makes the user's folder and picks it up at once: indexed and
watched without a restart."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot
from tests.conftest import write_card

from cuecard.clock import FixedClock
from cuecard.content.library import LibrarySnapshot
from cuecard.context import AppContext
from cuecard.ui.bridge import LibraryService
from cuecard.ui.controller import TrayController
from cuecard.watch.base import BackendChoice

QuitAfter = Callable[[TrayController], TrayController]


def test_open_content_folder_is_indexed_and_watched_at_once(
    qtbot: QtBot,
    tmp_path: Path,
    content_root: Path,
    clock: FixedClock,
    quit_after: QuitAfter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[str] = []

    def open_url(url: QUrl) -> bool:  # only the desktop's file manager is stubbed
        opened.append(url.toLocalFile())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    settings = tmp_path / "settings.yaml"
    settings.write_text("content.builtin: false\n")
    context = AppContext.create(tmp_path / "data", settings, [content_root], clock=clock)
    folder = context.paths.user_content
    assert not folder.exists()
    service = LibraryService(context.open_library())  # with its file watcher
    controller = quit_after(
        TrayController(
            context,
            service,
            tray_available=False,
            watcher=BackendChoice("none", "test", None, False),
            use_hotkey=False,
        )
    )
    assert controller.no_tray is not None
    qtbot.addWidget(controller.no_tray)
    with qtbot.waitSignal(service.loading_finished, timeout=10_000):
        controller.start()

    def has_root(snapshot: LibrarySnapshot) -> bool:
        return any(root.path == folder.resolve() for root in snapshot.roots)

    with qtbot.waitSignal(service.snapshot_changed, check_params_cb=has_root, timeout=10_000):
        controller.actions.open_folder.trigger()
    assert opened == [str(folder)]
    assert folder.is_dir()
    roots = [root.path for root in service.snapshot.roots]
    assert roots == list(context.content_roots), "the user folder in its override place"
    with qtbot.waitSignal(
        service.snapshot_changed, check_params_cb=lambda s: "mine" in s.cards, timeout=10_000
    ):
        write_card(folder, "mine.md", "# My own card\n\nBody.\n")
    assert "calc/freeze" in service.snapshot.cards, "the other roots are still there"
    assert "3 cards" in controller.no_tray.status.text()
