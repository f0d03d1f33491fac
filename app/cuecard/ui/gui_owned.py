"""QObjects that worker threads hold are destroyed on the GUI thread, never on a worker.

A worker thread often holds the last reference to one of our QObjects: a loader's or a
writer's callback is a closure over a relay, a back-end's thread keeps the callback that
posts into its bridge, a card renders on a thread of its own. When the GUI lets go first,
the worker's last `del` deletes the C++ object on the worker thread, which Qt forbids: it
crashed a CI run (a segmentation fault as a test's element bridge was freed by the
watcher thread it had stopped; 3 runs in 8 of that test file here).

`GuiThreadOwned.__del__` runs first on whichever thread lets go; on a worker it keeps the
object (Python allows a finaliser to resurrect, once) in a list that the GUI thread
empties (`release_deferred`, on the collector's timer and after each test), so the object
is then deleted there. The GUI thread is the main thread: Cuecard makes its QApplication
there.
"""

from __future__ import annotations

import threading

_deferred: list[object] = []  # append and pop are atomic: no lock needed


class GuiThreadOwned:
    """Mix into a QObject class (before it) whose instances worker threads may hold."""

    def __del__(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            _deferred.append(self)  # resurrected: freed later by release_deferred


def release_deferred() -> int:
    """On the GUI thread: free what workers let go of; returns how many objects."""
    released = 0
    while _deferred:
        _deferred.pop()
        released += 1
    return released


def waiting_release() -> int:
    """How many objects wait for `release_deferred`."""
    return len(_deferred)
