"""The single writer: events are queued from any thread and written on one thread, so
the GUI thread never waits on disk; a crash loses at most the events still queued.

When the record cannot be opened (locked by another process, an I/O error) the writer
says so once through `on_problem` and keeps trying, with growing pauses, holding what
is queued; it never gives up on a healthy record by replacing it."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TypeVar

import sqlite_utils

from cuecard.store.db import OpenedDb, RecordUnavailable, open_db
from cuecard.store.events import Event, EventsHook, write_events

log = logging.getLogger(__name__)
_FLUSH = object()
_CALL = object()
T = TypeVar("T")
_STOP = object()
RETRY_FIRST, RETRY_MAX = 1.0, 60.0  # seconds between attempts to open a locked record


class StoreWriter:
    """Owns the database connection; `record` never blocks on disk."""

    def __init__(
        self,
        path: Path,
        on_problem: Callable[[str], None] | None = None,
        busy_timeout: float = 10,
        also: EventsHook | None = None,
    ) -> None:
        self.path = path
        self.also = also  # written in each batch's transaction (sync's outbox)
        self.busy_timeout = busy_timeout
        self.problem: str | None = None  # why the record could not be opened, if so
        self._on_problem = on_problem
        self._stopping = threading.Event()
        self._queue: queue.Queue[object] = queue.Queue()
        self._opened: OpenedDb | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="store-writer", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def opened(self, timeout: float = 10) -> OpenedDb:
        """The database once open (waits; call it off the GUI thread)."""
        self._ready.wait(timeout)
        if self._opened is None:
            raise RuntimeError(f"could not open {self.path}")
        return self._opened

    @property
    def recovery_message(self) -> str | None:
        """Set when a damaged file was moved aside at start (tell the user once)."""
        return self._opened.message if self._opened is not None else None

    def record(self, event: Event) -> None:
        self._queue.put(event)

    def call(self, function: Callable[[sqlite_utils.Database], T]) -> Future[T]:
        """Run `function(db)` on the writer thread, after everything queued before it.

        The connection belongs to that thread: reading it from another one while the
        writer closes it crashed the process (seen in tests).
        """
        future: Future[T] = Future()
        self._queue.put((_CALL, function, future))
        return future

    def flush(self, timeout: float = 10) -> None:
        """Block until everything recorded so far is on disk (for tests and quit); at
        once when the writer is not running."""
        if not self._thread.is_alive():
            return
        marker = threading.Event()
        self._queue.put((_FLUSH, marker))
        marker.wait(timeout)

    def stop(self) -> None:
        self._stopping.set()
        if self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join(timeout=10)

    def _open(self) -> OpenedDb | None:
        delay = RETRY_FIRST
        while not self._stopping.is_set():
            try:
                return open_db(self.path, self.busy_timeout)
            except RecordUnavailable as exc:
                log.warning("%s; retrying in %.0f s", exc, delay)
                if self.problem is None and self._on_problem is not None:
                    self._on_problem(f"Cuecard {exc}, and keeps trying.")
                self.problem = str(exc)
            except Exception:  # reported through opened()
                log.exception("cannot open the learning record at %s", self.path)
                return None
            self._stopping.wait(delay)
            delay = min(delay * 2, RETRY_MAX)
        return None

    def _run(self) -> None:
        self._opened = self._open()
        self._ready.set()
        if self._opened is None:
            return
        self.problem = None
        db = self._opened.db
        while True:
            items = [self._queue.get()]
            while True:
                try:
                    items.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            # Strictly in queue order: events that arrived together are written in one
            # transaction, but never before a call queued ahead of them (a state read at
            # start-up must not see events recorded after it was asked for).
            batch: list[Event] = []
            for item in items:
                if isinstance(item, Event):
                    batch.append(item)
                    continue
                self._write(db, batch)
                batch = []
                if item is _STOP:
                    db.conn.close()
                    return
                if isinstance(item, tuple) and item and item[0] is _FLUSH:
                    item[1].set()
                elif isinstance(item, tuple) and item and item[0] is _CALL:
                    function, future = item[1], item[2]
                    try:
                        future.set_result(function(db))
                    except Exception as exc:  # handed to the caller through the future
                        future.set_exception(exc)
            self._write(db, batch)

    def _write(self, db: sqlite_utils.Database, batch: list[Event]) -> None:
        if not batch:
            return
        try:
            write_events(db, batch, self.also)
        except Exception:  # keep the writer alive; retry next batch
            log.exception("writing %d events failed; retrying", len(batch))
            for event in batch:
                self._queue.put(event)
            time.sleep(1)  # a locked or full disk: retry, but never spin
