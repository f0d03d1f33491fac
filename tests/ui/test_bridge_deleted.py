"""A worker that finishes after its relay was deleted (the app ending) posts quietly."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import Signal
from pytestqt.qtbot import QtBot

from cuecard.ui.bridge import GuiRelay


class Relay(GuiRelay):
    """A relay with one signal, as RecentCards or SearchPicks have."""

    loaded = Signal(object)


def test_posting_to_a_deleted_relay_from_a_worker_raises_nothing(qtbot: QtBot) -> None:
    relay = Relay()
    shiboken6.delete(relay)  # what Qt does to the app's objects as it ends
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            relay.post("loaded", ("a result",))
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(10)
    assert errors == []


def test_a_live_relay_still_delivers(qtbot: QtBot) -> None:
    relay = Relay()
    with qtbot.waitSignal(relay.loaded) as got:
        threading.Thread(target=relay.post, args=("loaded", "x")).start()
    assert got.args == ["x"]
