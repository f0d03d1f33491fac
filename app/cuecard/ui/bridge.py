"""Bridge between the pure core and Qt: background work reported as Qt signals.

`LibraryService` indexes content on a worker thread and re-indexes changed files
reported by the `ContentWatcher`; every new snapshot arrives on the GUI thread through
`snapshot_changed` (a queued connection), so the GUI thread never waits on disk.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot

from cuecard.content.library import ContentLibrary, LibrarySnapshot
from cuecard.content.watcher import ContentWatcher
from cuecard.models import WindowInfo
from cuecard.watch.base import BackendChoice
from cuecard.watch.privacy import PrivacyRules, PrivateWatcher

log = logging.getLogger(__name__)


class GuiRelay(QObject):
    """Base for objects whose signals are raised from worker threads.

    `post(name, *args)` emits signal `name` later on this object's (the GUI) thread. A
    signal emitted straight from a worker thread runs plain-function slots (lambdas, test
    helpers) on that worker thread, which crashed widgets in tests.
    """

    _posted = Signal(str, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._posted.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def post(self, name: str, *args: object) -> None:
        self._posted.emit(name, args)

    @Slot(str, object)
    def _deliver(self, name: str, args: tuple[object, ...]) -> None:
        getattr(self, name).emit(*args)


class WatcherBridge(GuiRelay):
    """Delivers a watcher's reports (from its own thread) to the GUI thread."""

    window_changed = Signal(object)

    def __init__(
        self,
        choice: BackendChoice,
        parent: QObject | None = None,
        observe: Callable[[WindowInfo | None], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.choice = choice
        self._observe = observe  # runs on the watcher's thread, before anyone else sees it

    @property
    def active(self) -> bool:
        return self.choice.watcher is not None

    def start(self) -> None:
        if self.choice.watcher is not None:
            self.choice.watcher.start(self._report)

    def _report(self, info: WindowInfo | None) -> None:
        if self._observe is not None:
            self._observe(info)
        self.post("window_changed", info)

    def set_privacy(self, rules: PrivacyRules) -> None:
        """New exclusion lists for every later report (the settings changed)."""
        if isinstance(self.choice.watcher, PrivateWatcher):
            self.choice.watcher.rules = rules

    def stop(self) -> None:
        if self.choice.watcher is not None:
            self.choice.watcher.stop()


class LibraryService(GuiRelay):
    """Owns the library and its file watcher; emits each published snapshot."""

    snapshot_changed = Signal(object)
    loading_finished = Signal(object)
    _published = Signal(object)
    _loaded = Signal(object)

    def __init__(
        self, library: ContentLibrary, watch: bool = True, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.library = library
        self._watch = watch
        self._watcher: ContentWatcher | None = None
        self._thread: threading.Thread | None = None
        self._generation = 0  # of the last snapshot passed on: an older one must not follow
        self._epoch = 0  # which library: snapshots of a replaced one are dropped
        self._lock = threading.Lock()  # epoch and watcher change together
        self._published.connect(self._pass_on)
        self._loaded.connect(self._finish_loading)

    @property
    def snapshot(self) -> LibrarySnapshot:
        return self.library.snapshot

    @property
    def loaded(self) -> bool:
        return self.library.snapshot.generation > 0

    def start(self) -> None:
        """Index in the background; the first snapshot arrives via both signals."""
        library, epoch = self.library, self._epoch
        self._thread = threading.Thread(
            target=self._load, args=(library, epoch), name="content-index", daemon=True
        )
        self._thread.start()

    def replace_library(self, library: ContentLibrary) -> None:
        """Index `library` instead (the content roots changed); the old one's watcher
        and indexing stop in the background and nothing they produce is passed on."""
        with self._lock:
            old_thread, old_watcher = self._thread, self._watcher
            self._epoch += 1
            self._watcher = None
        self._generation = 0
        self.library = library

        def stop_old() -> None:
            if old_thread is not None:
                old_thread.join(timeout=30)
            if old_watcher is not None:
                old_watcher.stop()

        threading.Thread(target=stop_old, name="content-index-stop", daemon=True).start()
        self.start()

    def _load(self, library: ContentLibrary, epoch: int) -> None:
        # Watch first: a file saved while indexing runs is then re-read afterwards
        # (apply_changes waits for load's lock) instead of being missed.
        if self._watch:
            watcher = ContentWatcher(
                library.root_paths, lambda paths: self._changed(library, epoch, paths)
            )
            with self._lock:
                if epoch != self._epoch:
                    return  # replaced before it started
                self._watcher = watcher
            watcher.start()
        try:
            snapshot = library.load()
        except Exception:  # the loader never raises on content; this is a bug guard
            log.exception("indexing content failed")
            snapshot = library.snapshot
        self.post("_published", (epoch, snapshot))
        self.post("_loaded", (epoch, snapshot))

    def _changed(self, library: ContentLibrary, epoch: int, paths: set[Path]) -> None:
        self.post("_published", (epoch, library.apply_changes(paths)))

    def _pass_on(self, payload: tuple[int, LibrarySnapshot]) -> None:
        epoch, snapshot = payload
        # Threads post in any order: the load may post after a reload that followed it.
        if epoch == self._epoch and snapshot.generation > self._generation:
            self._generation = snapshot.generation
            self.snapshot_changed.emit(snapshot)

    def _finish_loading(self, payload: tuple[int, LibrarySnapshot]) -> None:
        epoch, snapshot = payload
        if epoch == self._epoch:
            self.loading_finished.emit(snapshot)

    def stop(self) -> None:
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._watcher is not None:
            self._watcher.stop()
