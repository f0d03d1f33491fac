"""The Qt binding itself: found by the long run (docs/reliability.md). PySide6 6.12.0's
SignalInstance.emit() dropped a reference to True on each call; on Python 3.11, where
True is not immortal, the app aborted with "bool_dealloc" after some thousand signals
(minutes of ordinary use). pyproject.toml excludes that release; this test refuses any
binding that loses references when signals are emitted."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class Emitter(QObject):
    bare = Signal()
    number = Signal(int)
    anything = Signal(object)
    pair = Signal(str, object)


def test_emitting_signals_keeps_every_reference() -> None:
    emitter = Emitter()
    seen: list[object] = []
    emitter.bare.connect(lambda: seen.append(1))
    emitter.number.connect(seen.append)
    emitter.anything.connect(seen.append)
    emitter.pair.connect(lambda name, value: seen.append(value))
    singletons = (True, False, None)
    before = [sys.getrefcount(value) for value in singletons]
    for n in range(50):  # few: a broken binding must fail here, not abort the run
        emitter.bare.emit()
        emitter.number.emit(n)
        emitter.anything.emit(None)
        emitter.pair.emit("name", (None, True))
    seen.clear()
    after = [sys.getrefcount(value) for value in singletons]
    assert after == before, f"references to True, False, None: {before} -> {after}"
