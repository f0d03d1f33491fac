"""The background sender: pushes the outbox on its own thread, never the GUI thread.

It pushes at start (so statements left by a crash go out first), shortly after new
statements are queued, every few minutes in case another process queued some, and at
once when asked (`push_now`, the tray's Sync now). After an LRS error it waits with
exponential back-off and jitter (honouring Retry-After) and is not woken by new
statements meanwhile; after a configuration error (401/403, a wrong endpoint) it waits
until asked again. `on_result` is called on the worker thread after each push.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from cuecard.clock import Clock
from cuecard.store.outbox import prune_delivered
from cuecard.sync.lrs import LrsClient
from cuecard.sync.sender import Backoff, OutboxAccess, Outcome, PushResult, push

log = logging.getLogger(__name__)
KEEP_DELIVERED = timedelta(days=30)


@dataclass(frozen=True)
class WorkerTiming:
    """How long the worker waits: to gather statements queued together, between idle
    checks, and the back-off after errors."""

    gather: float = 1.0
    idle: float = 300.0
    backoff_base: float = 2.0
    backoff_cap: float = 300.0


class PushWorker:
    """Owns one thread; `wake` after queuing, `push_now` to push even while backing off."""

    def __init__(
        self,
        access: OutboxAccess,
        make_client: Callable[[], LrsClient],
        clock: Clock,
        on_result: Callable[[PushResult], None] = lambda _result: None,
        timing: WorkerTiming | None = None,
    ) -> None:
        self.access = access
        self.make_client = make_client
        self.clock = clock
        self.on_result = on_result
        self.timing = timing or WorkerTiming()
        self.backoff = Backoff(self.timing.backoff_base, self.timing.backoff_cap)
        self.last: PushResult | None = None
        self._lock = threading.Condition()
        self._queued = False
        self._asked = False
        self._stopping = False
        self._accept_wake = True
        self._thread = threading.Thread(target=self._run, name="sync-push", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop after the request in flight (a statement sent but not yet marked is sent
        again next time: the LRS accepts identical content)."""
        with self._lock:
            self._stopping = True
            self._lock.notify_all()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def wake(self) -> None:
        """New statements were queued (any thread; cheap)."""
        with self._lock:
            self._queued = True
            if self._accept_wake:
                self._lock.notify_all()

    def push_now(self) -> None:
        with self._lock:
            self._asked = True
            self._lock.notify_all()

    def _stopped(self) -> bool:
        with self._lock:
            return self._stopping

    def _run(self) -> None:
        try:  # delivered statements are kept a while (export, What Cuecard stores), then go
            self.access.run(lambda db: prune_delivered(db, self.clock.now(), KEEP_DELIVERED))
        except Exception:
            log.exception("pruning delivered statements failed")
        while not self._stopped():
            result = self._push_once()
            self.last = result
            try:
                self.on_result(result)
            except Exception:
                log.exception("reporting a push result failed")
            if result.outcome is Outcome.DONE:
                self.backoff.reset()
                self._wait(self.timing.idle, accept_wake=True)
            elif result.outcome is Outcome.RETRY:
                self._wait(self.backoff.next_delay(result.retry_after), accept_wake=False)
            else:
                self._wait(None, accept_wake=False)

    def _push_once(self) -> PushResult:
        with self._lock:
            self._queued = self._asked = False
        try:
            with self.make_client() as client:
                return push(self.access, client, self.clock, should_stop=self._stopped)
        except Exception as exc:  # a database that went away (forget), a bug: retry later
            log.exception("pushing the outbox failed")
            return PushResult(Outcome.RETRY, message=f"Sync failed: {type(exc).__name__}.")

    def _wait(self, seconds: float | None, accept_wake: bool) -> None:
        """Sleep until `seconds` pass, push_now, stop, or (if accepted) new statements;
        after a wake-up by new statements, gather briefly so they go as one batch."""
        with self._lock:
            self._accept_wake = accept_wake
            woke_by_queue = self._lock.wait_for(
                lambda: self._stopping or self._asked or (accept_wake and self._queued),
                timeout=seconds,
            ) and not (self._stopping or self._asked)
            self._accept_wake = True
            if woke_by_queue and self.timing.gather > 0:
                self._lock.wait_for(lambda: self._stopping or self._asked, self.timing.gather)
