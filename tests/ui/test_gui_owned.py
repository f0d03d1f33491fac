"""A QObject whose last reference a worker thread drops is deleted on the GUI thread."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer
from pytestqt.qtbot import QtBot

from cuecard.ui.bridge import GuiRelay
from cuecard.ui.card_window import CardWindow
from cuecard.ui.collector import GuiThreadCollector
from cuecard.ui.gui_owned import GuiThreadOwned, release_deferred, waiting_release
from cuecard.ui.style import EscapeClosable


class Relay(GuiRelay):
    """A relay with a child timer, as the real bridges have."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)


def deleted_in(relay: QObject) -> list[str]:
    """The names of the threads that delete `relay`'s C++ object (one, once it is)."""
    threads: list[str] = []
    relay.destroyed.connect(
        lambda: threads.append(threading.current_thread().name),
        Qt.ConnectionType.DirectConnection,
    )
    return threads


def let_go_in_a_worker(make: Callable[[], QObject]) -> tuple[weakref.ref[QObject], list[str]]:
    """Make an object, hand it to a worker, drop the GUI's reference, and have the worker
    drop the last one (as a finished loader's callback does)."""
    box = [make()]
    alive = weakref.ref(box[0])
    threads = deleted_in(box[0])
    gui_let_go = threading.Event()

    def work(held: list[QObject]) -> None:
        relay = held.pop()
        gui_let_go.wait(5)
        del relay  # the last reference

    worker = threading.Thread(target=work, args=(box,), name="worker")
    worker.start()
    gui_let_go.set()
    worker.join(5)
    return alive, threads


def test_a_relay_the_worker_lets_go_of_last_is_deleted_on_the_gui_thread() -> None:
    release_deferred()
    alive, threads = let_go_in_a_worker(Relay)
    assert threads == [], f"deleted on the {threads} thread"
    relay = alive()
    assert relay is not None and waiting_release() == 1
    assert relay.timer.parent() is relay  # still whole: its children too
    del relay
    assert release_deferred() == 1
    assert alive() is None
    assert threads == [threading.main_thread().name]


def test_one_the_gui_lets_go_of_last_is_deleted_at_once() -> None:
    relay = Relay()
    alive = weakref.ref(relay)
    threads = deleted_in(relay)
    del relay
    assert alive() is None and threads == [threading.main_thread().name]
    assert waiting_release() == 0


def test_the_apps_collector_frees_them_on_its_timer(qtbot: QtBot) -> None:
    collector = GuiThreadCollector(interval_ms=10)
    try:
        alive, threads = let_go_in_a_worker(Relay)
        assert alive() is not None
        qtbot.waitUntil(lambda: alive() is None, timeout=5000)
        assert threads == [threading.main_thread().name]
    finally:
        collector.stop()


def test_windows_and_relays_are_guarded() -> None:
    # The card window renders on a thread of its own; other windows are held by the
    # store writer's callbacks (a log window's refresh, say).
    assert issubclass(CardWindow, GuiThreadOwned) and issubclass(EscapeClosable, GuiThreadOwned)
    assert issubclass(GuiRelay, GuiThreadOwned)


def test_a_window_the_worker_lets_go_of_last_is_deleted_on_the_gui_thread(qtbot: QtBot) -> None:
    release_deferred()
    alive, threads = let_go_in_a_worker(EscapeClosable)
    assert threads == [] and alive() is not None
    assert release_deferred() == 1
    assert alive() is None and threads == [threading.main_thread().name]
