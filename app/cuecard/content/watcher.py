"""Hot reload: watch content roots and hand batches of changed paths to a callback.

Built on watchdog (inotify, FSEvents, ReadDirectoryChangesW), so an idle library costs
no CPU. Events are debounced briefly: an editor that writes a temp file and renames
it over the card produces one batch holding the final path.

A root can go away while the app runs (a folder deleted, a share unmounted, a sync tool
replacing it) and come back, or exist only later: a watch on a folder ends with the
folder. So after each batch the roots are reconciled: a root that is gone is reported
(the library drops its cards) and its nearest existing parent folder is watched, not
recursively, until the root is there again; then the root is watched once more and
reported (the library reads it afresh). A root replaced by another folder of the same
name between two batches is watched anew the same way. A root missing at start is waited
for the same way. Only while a root is missing does anything outside the roots get watched.
"""

from __future__ import annotations

import logging
import stat
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

DEBOUNCE_SECONDS = 0.1
log = logging.getLogger(__name__)


def _identity(folder: Path) -> tuple[int, int] | None:
    """(device, inode) of `folder`; None when it is not a folder (or cannot be read)."""
    try:
        status = folder.stat()
    except OSError:
        return None
    return (status.st_dev, status.st_ino) if stat.S_ISDIR(status.st_mode) else None


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
        self._roots: list[Path] = list(dict.fromkeys(roots))
        self._on_changes = on_changes
        self._debounce = debounce
        self._recursive = recursive
        self._pending: set[Path] = set()
        self._lock = threading.Lock()  # pending paths and timers (taken inside handlers)
        self._watch_lock = threading.Lock()  # the watch tables (never inside handlers)
        self._timer: threading.Timer | None = None
        self._timers: list[threading.Timer] = []  # started, maybe still delivering
        self._stopped = False
        self._observer = Observer()
        self._observer.daemon = True
        self._handler = _Collector(self._add)
        self._parent_handler = _Collector(self._add_if_waited_for)
        self._watches: dict[Path, ObservedWatch] = {}  # root -> its own watch
        self._waiting: dict[Path, tuple[Path, ObservedWatch]] = {}  # root -> parent watch
        self._waited: frozenset[Path] = frozenset()  # the roots being waited for
        self._identities: dict[Path, tuple[int, int]] = {}  # root -> (device, inode) watched

    def start(self) -> None:
        self._reconcile()
        self._observer.start()

    def add_roots(self, roots: Sequence[Path]) -> None:
        """Watch more folders from now on (one that does not exist yet is waited for)."""
        with self._watch_lock:
            self._roots.extend(root for root in roots if root not in self._roots)
        self._reconcile()

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

    def _reconcile(self) -> set[Path]:
        """Watch each root that exists and wait for each that does not; the roots that
        appeared or vanished since the last call (to be re-read)."""
        changed: set[Path] = set()
        with self._watch_lock:
            for root in self._roots:
                identity = _identity(root)
                if root in self._watches and self._identities.get(root) != identity:
                    # Gone, or replaced by another folder of the same name (a sync tool
                    # moving a new copy into place): the watch died with the old one.
                    self._unschedule(self._watches.pop(root))
                    self._identities.pop(root, None)
                    changed.add(root)
                if identity is not None and root not in self._watches:
                    self._stop_waiting(root)
                    if self._schedule(root, self._handler, self._recursive, self._watches):
                        self._identities[root] = identity
                        changed.add(root)
                elif identity is None:
                    self._wait_for(root)
            self._waited = frozenset(self._waiting)
        return changed

    def _wait_for(self, root: Path) -> None:
        """Watch the nearest existing folder above `root` (moving down as folders on the
        way are made)."""
        parent = next((p for p in root.parents if p.is_dir()), None)
        current = self._waiting.get(root)
        if parent is None or (current is not None and current[0] == parent):
            return
        self._stop_waiting(root)
        found: dict[Path, ObservedWatch] = {}
        if self._schedule(parent, self._parent_handler, False, found):
            self._waiting[root] = (parent, found[parent])

    def _stop_waiting(self, root: Path) -> None:
        waiting = self._waiting.pop(root, None)
        if waiting is not None and not any(w[1] == waiting[1] for w in self._waiting.values()):
            self._unschedule(waiting[1])

    def _schedule(
        self,
        folder: Path,
        handler: FileSystemEventHandler,
        recursive: bool,
        into: dict[Path, ObservedWatch],
    ) -> bool:
        try:
            into[folder] = self._observer.schedule(handler, str(folder), recursive=recursive)
        except OSError as error:  # gone again, or no watches left (inotify's limit)
            log.warning("cannot watch %s: %s", folder, error.strerror or error)
            return False
        return True

    def _unschedule(self, watch: ObservedWatch) -> None:
        try:
            self._observer.unschedule(watch)
        except (KeyError, OSError):
            pass  # its folder went away and watchdog already dropped it

    def _add_if_waited_for(self, path: Path) -> None:
        """An event in a folder above a missing root: only the way to a root counts."""
        if any(path == root or path in root.parents for root in self._waited):
            self._add(path)

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
            if self._stopped:
                return
        try:
            batch |= self._reconcile()
        except Exception:  # keep delivering what was seen
            log.exception("re-watching content folders failed")
        if batch:
            try:
                self._on_changes(batch)
            except Exception:  # a bad batch must never kill the watcher thread
                log.exception("content reload failed")
