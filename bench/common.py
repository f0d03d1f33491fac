"""Helpers shared by the benchmarks: the machine line, timing searches, percentiles,
GUI-thread stalls."""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable


def machine() -> str:
    return (
        f"machine: {platform.platform()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )


def timed(search: Callable[[str], object], texts: list[str]) -> tuple[list[float], list[float]]:
    """Milliseconds per text searched: elapsed, and CPU time of this thread (what the
    search itself cost, whatever else the machine was running)."""
    elapsed, cpu = [], []
    for text in texts:
        start, start_cpu = time.perf_counter(), time.thread_time()
        search(text)
        elapsed.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - start_cpu) * 1000)
    return elapsed, cpu


def pct(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of the samples lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] if ordered else float("nan")


def longest_gui_gap(start_work: Callable[[Callable[[], None]], None]) -> tuple[float, float]:
    """Run a Qt event loop with a 5 ms timer while `start_work(done)` runs; `done` may be
    called from any thread. Returns (longest gap between ticks in ms, seconds taken)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])

    class Done(QObject):
        finished = Signal()

    done = Done()
    done.finished.connect(app.quit)  # queued when emitted from a worker thread
    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]
    timer = QTimer()
    timer.setInterval(5)

    def tick() -> None:
        now = clock.nsecsElapsed()
        gaps.append((now - last[0]) / 1e6)
        last[0] = now

    timer.timeout.connect(tick)
    timer.start()
    began = time.perf_counter()
    start_work(done.finished.emit)
    app.exec()
    timer.stop()
    return max(gaps[1:] or [0.0]), time.perf_counter() - began


def idle(done: Callable[[], None]) -> None:
    """A start_work for the idle baseline: two seconds of nothing."""
    from PySide6.QtCore import QTimer

    QTimer.singleShot(2000, done)
