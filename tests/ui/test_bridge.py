"""bridge.py: snapshots reach the GUI thread newest-last, whatever order threads post in."""

from __future__ import annotations

import threading
from pathlib import Path

from pytestqt.qtbot import QtBot
from tests.conftest import write_card

from cuecard.content.library import ContentLibrary, LibrarySnapshot
from cuecard.ui.bridge import LibraryService


class EditedWhileLoading(ContentLibrary):
    """A library where a card is saved right after indexing, before the load reports."""

    def __init__(self, root: Path) -> None:
        super().__init__([root])
        self.root = root
        self.newer_passed_on = threading.Event()

    def load(self) -> LibrarySnapshot:
        snapshot = super().load()
        write_card(self.root, "late.md", "# Late card\n\nSaved while indexing ended.\n")
        # The file watcher's reload now publishes a newer snapshot and posts it first.
        assert self.newer_passed_on.wait(10), "the reload never reached the GUI thread"
        return snapshot


def test_an_older_snapshot_never_follows_a_newer_one(qtbot: QtBot, tmp_path: Path) -> None:
    root = tmp_path / "cards"
    write_card(root, "first.md", "# First card\n\nBody.\n")
    library = EditedWhileLoading(root)
    service = LibraryService(library)
    passed_on: list[int] = []

    def record(snapshot: LibrarySnapshot) -> None:
        passed_on.append(snapshot.generation)
        if "late" in snapshot.cards:
            library.newer_passed_on.set()

    service.snapshot_changed.connect(record)
    try:
        with qtbot.waitSignal(service.loading_finished, timeout=10_000) as finished:
            service.start()
    finally:
        service.stop()
    assert finished.args[0].generation == 1 and "late" not in finished.args[0].cards
    assert passed_on == sorted(set(passed_on)), "a snapshot went out after a newer one"
    assert passed_on[-1] == library.snapshot.generation
