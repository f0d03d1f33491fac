"""Python's cyclic garbage collector, run on the GUI thread only.

CPython collects cycles in whichever thread crosses an allocation threshold. Cuecard has
worker threads (the content loader, the store writer, search preparation, sync, the
watchers) that allocate a lot, so a collection there can destroy the GUI's QObjects
(a closed window still in a reference cycle through its signal connections) from the
wrong thread. Qt forbids that: it crashes, warns that timers cannot be stopped from
another thread, or deadlocks when the worker holds the GIL and waits on a Qt lock that
the GUI thread holds while it waits for the GIL. (A CI run hung for 75 minutes between
two UI tests; this was one candidate cause, never proven: see docs/reliability.md.)

So automatic collection is switched off and the GUI thread collects instead, checking
the same thresholds CPython would on a short timer (the pattern calibre and pyqtgraph
use). Everything else about memory stays as it was: only when and where cycles are
collected changes.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

from cuecard.cycles import collect_if_due
from cuecard.ui.gui_owned import release_deferred

CHECK_MS = 500


class GuiThreadCollector(QObject):
    """Switches automatic collection off while it lives and collects on its timer
    (which runs in the thread that made it: make it on the GUI thread)."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = CHECK_MS) -> None:
        super().__init__(parent)
        self.was_enabled = gc.isenabled()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(collect_if_due)
        self.timer.timeout.connect(release_deferred)  # what workers let go of
        self.timer.start(interval_ms)

    def stop(self) -> None:
        """Collection back to CPython's own (as it was before)."""
        self.timer.stop()
        if self.was_enabled:
            gc.enable()
