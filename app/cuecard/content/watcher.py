"""Hot reload: watch content roots and hand batches of changed paths to a callback.

Built on watchdog (inotify, FSEvents, ReadDirectoryChangesW), so an idle library costs
no CPU. Events are debounced briefly: an editor that writes a temp file and renames
it over the card produces one batch holding the final path.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

DEBOUNCE_SECONDS = 0.1


class _Collector(FileSystemEventHandler):
    def __init__(self, on_path: Callable[[Path], None]) -> None:
        self._on_path = on_path

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if raw:
                self._on_path(Path(raw if isinstance(raw, str) else raw.decode()))


class ContentWatcher:
    """Calls `on_changes(paths)` on a background thread after files under `roots` change."""

    def __init__(
        self,
        roots: Sequence[Path],
        on_changes: Callable[[set[Path]], None],
        debounce: float = DEBOUNCE_SECONDS,
        recursive: bool = True,
    ) -> None:
        self._roots = [root for root in roots if root.is_dir()]
        self._on_changes = on_changes
        self._debounce = debounce
        self._recursive = recursive
        self._pending: set[Path] = set()
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._timers: list[threading.Timer] = []  # started, maybe still delivering
        self._stopped = False
        self._observer = Observer()
        self._observer.daemon = True
        self._handler = _Collector(self._add)

    def start(self) -> None:
        for root in self._roots:
            self._observer.schedule(self._handler, str(root), recursive=self._recursive)
        self._observer.start()

    def add_roots(self, roots: Sequence[Path]) -> None:
        """Watch more folders from now on (folders that do not exist are skipped)."""
        for root in roots:
            if root.is_dir() and root not in self._roots:
                self._roots.append(root)
                self._observer.schedule(self._handler, str(root), recursive=self._recursive)

    def stop(self) -> None:
        """Idempotent; on return no thread of this watcher runs or will call back."""
        self._observer.stop()
        if self._observer.is_alive():
            self._observer.join(timeout=2)
        with self._lock:
            self._stopped = True
            timers, self._timers = self._timers, []
        for timer in timers:
            timer.cancel()  # a batch still waiting is dropped, one being delivered finishes
            if timer is not threading.current_thread():
                timer.join(timeout=5)

    def _add(self, path: Path) -> None:
        with self._lock:
            if self._stopped:
                return
            self._pending.add(path)
            if self._timer is None:
                self._timer = threading.Timer(self._debounce, self._flush)
                self._timer.daemon = True
                self._timers = [t for t in self._timers if t.is_alive()] + [self._timer]
                self._timer.start()

    def _flush(self) -> None:
        with self._lock:
            batch, self._pending = self._pending, set()
            self._timer = None
        if batch:
            try:
                self._on_changes(batch)
            except Exception:  # a bad batch must never kill the watcher thread
                logging.getLogger(__name__).exception("content reload failed")
