"""The running app's files (record, index cache, window state) are 0600 in a 0700 dir."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cuecard.context import AppContext
from cuecard.store.events import EventKind
from cuecard.ui.bridge import LibraryService
from cuecard.ui.controller import TrayController

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_the_app_writes_nothing_others_can_read(
    qtbot: QtBot,
    tmp_path: Path,
    content_root: Path,
    umask_022: None,
    quit_after: Callable[[TrayController], TrayController],
) -> None:
    settings = tmp_path / "settings.yaml"
    settings.write_text("content:\n  builtin: false\n")
    data = tmp_path / "fresh-data"
    context = AppContext.create(data, settings, [content_root])
    service = LibraryService(context.open_library(), watch=False)
    controller = quit_after(TrayController(context, service, tray_available=True))
    with qtbot.waitSignal(service.loading_finished, timeout=10_000):
        controller.start()
    controller.loop.record(EventKind.COMPLETED, "calc/freeze")
    controller.state.setValue("palette/geometry", "private")
    controller.quit()  # flushes the record and writes the window state
    files = {path.name: path.lstat().st_mode & 0o777 for path in (data, *data.rglob("*"))}
    assert {"cuecard.db", "index.sqlite", "window-state.ini"} <= set(files), files
    assert {name: oct(bits) for name, bits in files.items() if bits & 0o077} == {}
