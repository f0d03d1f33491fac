"""Cycles holding GUI objects are collected on the GUI thread, never by a worker."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from cuecard.ui.collector import GuiThreadCollector


class ClosedWindow:
    """Like a closed window: a QObject kept only by a reference cycle."""

    def __init__(self) -> None:
        self.qobject = QObject()
        self.itself = self


def allocate_in_a_worker(count: int) -> list[list[int]]:
    kept: list[list[int]] = []

    def allocate() -> None:
        kept.extend([] for _ in range(count))  # tracked objects, kept: counts rise

    worker = threading.Thread(target=allocate, name="worker")
    worker.start()
    worker.join()
    return kept


def test_a_worker_that_allocates_does_not_collect_the_guis_cycles(qtbot: QtBot) -> None:
    gc.enable()  # as in any Python process, before the app starts its collector
    collector = GuiThreadCollector(interval_ms=10)
    try:
        collected_in: list[str] = []
        weakref.finalize(
            ClosedWindow(), lambda: collected_in.append(threading.current_thread().name)
        )
        kept = allocate_in_a_worker(50 * gc.get_threshold()[0])
        assert collected_in == [], "the worker collected the GUI's garbage"
        qtbot.waitUntil(lambda: bool(collected_in), timeout=5000)
        assert collected_in == [threading.main_thread().name]
        assert len(kept) > 0
    finally:
        collector.stop()
        gc.disable()  # the test suite's own setting (tests/conftest.py)


def test_stopping_gives_collection_back_to_cpython(qtbot: QtBot) -> None:
    gc.enable()
    collector = GuiThreadCollector(interval_ms=10)
    assert not gc.isenabled()
    collector.stop()
    assert gc.isenabled()
    gc.disable()
