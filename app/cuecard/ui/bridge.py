"""Bridge between the pure core and Qt: background work reported as Qt signals.

`LibraryService` indexes content on a worker thread and re-indexes changed files
reported by the `ContentWatcher`; every new snapshot arrives on the GUI thread through
`snapshot_changed` (a queued connection), so the GUI thread never waits on disk.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from cuecard.content.library import ContentLibrary, LibrarySnapshot
from cuecard.content.watcher import ContentWatcher
from cuecard.ui.gui_owned import GuiThreadOwned

log = logging.getLogger(__name__)


class GuiRelay(GuiThreadOwned, QObject):
    """Base for objects whose signals are raised from worker threads.

    `post(name, *args)` emits signal `name` later on this object's (the GUI) thread. A
    signal emitted straight from a worker thread runs plain-function slots (lambdas, test
    helpers) on that worker thread, which crashed widgets in tests. A worker that holds
    the last reference leaves the object to the GUI thread to free (`GuiThreadOwned`).
    """

    _posted = Signal(str, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._posted.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def post(self, name: str, *args: object) -> None:
        try:
            self._posted.emit(name, args)
        except RuntimeError:
            # This object was deleted (the app is ending, e.g. its X server went away, while
            # a worker finished): there is nobody to tell, and a traceback would say "bug".
            log.debug("%s: %s posted after it was deleted", type(self).__name__, name)

    def post_result(self, future: Future[Any], name: str) -> None:
        """When `future` (work on another thread) succeeds, its result is emitted as
        signal `name` on the GUI thread; a failure was logged where it happened."""
        future.add_done_callback(
            lambda done: None if done.exception() else self.post(name, done.result())
        )

    @Slot(str, object)
    def _deliver(self, name: str, args: tuple[object, ...]) -> None:
        getattr(self, name).emit(*args)


class LibraryService(GuiRelay):
    """Owns the library and its file watcher; emits each published snapshot."""

    snapshot_changed = Signal(object)
    loading_finished = Signal(object)
    _published = Signal(object)

    def __init__(
        self, library: ContentLibrary, watch: bool = True, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.library = library
        self._watch = watch
        self._watcher: ContentWatcher | None = None
        self._thread: threading.Thread | None = None
        self._generation = 0  # of the last snapshot passed on: an older one must not follow
        self._published.connect(self._pass_on)
        self._workers: list[threading.Thread] = []
        self._roots_lock = threading.Lock()

    @property
    def snapshot(self) -> LibrarySnapshot:
        return self.library.snapshot

    @property
    def loaded(self) -> bool:
        return self.library.snapshot.generation > 0

    def start(self) -> None:
        """Index in the background; the first snapshot arrives via both signals."""
        self._thread = threading.Thread(target=self._load, name="content-index", daemon=True)
        self._thread.start()

    def _load(self) -> None:
        # Watch first: a file saved while indexing runs is then re-read afterwards
        # (apply_changes waits for load's lock) instead of being missed.
        if self._watch:
            self._watcher = ContentWatcher(self.library.root_paths, self._changed)
            self._watcher.start()
        try:
            snapshot = self.library.load()
        except Exception:  # the loader never raises on content; this is a bug guard
            log.exception("indexing content failed")
            snapshot = self.library.snapshot
        self.post("_published", snapshot)
        self.post("loading_finished", snapshot)

    def set_roots(self, roots: Sequence[Path]) -> None:
        """Use these content roots from now on: a new one is watched and indexed in the
        background (after the first load), and the snapshot arrives as usual."""
        wanted = tuple(Path(os.path.abspath(root)) for root in roots)
        if wanted == self.library.root_paths:
            return
        worker = threading.Thread(
            target=self._set_roots, args=(wanted,), name="content-roots", daemon=True
        )
        self._workers.append(worker)
        worker.start()

    def _set_roots(self, roots: tuple[Path, ...]) -> None:
        if self._thread is not None:
            self._thread.join()  # the first load (and the watcher) come first
        with self._roots_lock:
            new = [root for root in roots if root not in self.library.root_paths]
            # Watch before indexing, as in _load: nothing saved meanwhile is missed.
            if self._watcher is not None:
                self._watcher.add_roots(new)
            snapshot = self.library.set_roots(roots)
        self.post("snapshot_changed", snapshot)

    def _changed(self, paths: set[Path]) -> None:
        self.post("_published", self.library.apply_changes(paths))

    def reload(self, paths: set[Path]) -> None:
        """Re-read `paths` now (blocking: call it off the GUI thread), e.g. a content
        pack's root after a new version was swapped in."""
        self._changed(paths)

    def _pass_on(self, snapshot: LibrarySnapshot) -> None:
        # Threads post in any order: the load may post after a reload that followed it.
        if snapshot.generation > self._generation:
            self._generation = snapshot.generation
            self.snapshot_changed.emit(snapshot)

    def stop(self) -> None:
        for thread in [self._thread, *self._workers]:
            if thread is not None:
                thread.join(timeout=10)
        if self._watcher is not None:
            self._watcher.stop()
