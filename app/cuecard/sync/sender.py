"""Push the outbox to the LRS: batches of at most 500, each answer handled by its class.

- 200/204: delivered.
- 409 (the LRS holds other content under an id): split until the statement is found,
  mark it `conflict`, never retry it.
- 400 (invalid) and 413 (too large): split the batch until the bad statement is
  isolated, then quarantine it (kept, shown in `cuecard sync status`); the rest goes on.
- 401/403: stop; a configuration error for the tray and `cuecard doctor`.
- 408, 429, 5xx and no answer: stop this push and retry later (see Backoff), honouring
  Retry-After. Other answers (404, a redirect...) mean a wrong endpoint: configuration.

The statements are re-sent exactly as stored, so a batch that reached the LRS before
a crash is accepted again without duplicates (same ids, same content).
"""

from __future__ import annotations

import enum
import random
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

import sqlite_utils

from cuecard.clock import Clock
from cuecard.store import outbox
from cuecard.store.outbox import OutboxState, QueuedStatement
from cuecard.store.writer import StoreWriter
from cuecard.sync.lrs import LrsClient, LrsReply
from cuecard.wording import plural

BATCH_SIZE = 500
T = TypeVar("T")


class OutboxAccess(Protocol):
    """Runs a function on the learning record: on the app's writer thread, or directly."""

    def run(self, work: Callable[[sqlite_utils.Database], T]) -> T: ...


@dataclass(frozen=True)
class DirectAccess:
    """For commands: the database connection is this thread's own."""

    db: sqlite_utils.Database

    def run(self, work: Callable[[sqlite_utils.Database], T]) -> T:
        return work(self.db)


@dataclass(frozen=True)
class WriterAccess:
    """For the app: every read and write goes through the one writer thread."""

    writer: StoreWriter
    timeout: float = 60.0

    def run(self, work: Callable[[sqlite_utils.Database], T]) -> T:
        future: Future[T] = self.writer.call(work)
        return future.result(self.timeout)


class Outcome(enum.Enum):
    """How a push ended."""

    DONE = "done"  # the outbox is empty (some statements may have been set aside)
    RETRY = "retry"  # the LRS is down or busy: try again later
    REFUSED = "refused"  # a configuration error: credentials, endpoint


@dataclass(frozen=True)
class PushResult:
    """What one push did, and one plain sentence when it did not get through."""

    outcome: Outcome
    delivered: int = 0
    set_aside: int = 0
    message: str = ""
    retry_after: float | None = None
    status: int = 0


def classify(status: int) -> str:
    if status in (200, 204):
        return "ok"
    if status in (400, 409, 413):
        return "split"
    if status in (401, 403):
        return "auth"
    if status in (0, 408, 429) or status >= 500:
        return "retry"
    return "config"


def message_for(reply: LrsReply, shown: str, waiting: int) -> str:
    """One plain sentence that says what happened and what to do."""
    kept = f"{plural(waiting, 'statement')} {'waits' if waiting == 1 else 'wait'} in the outbox"
    if reply.status == 0:
        return f"The LRS at {shown} did not answer ({reply.reason}); {kept}."
    if reply.status in (401, 403):
        return (
            f"The LRS at {shown} refused Cuecard's credentials ({reply.status}): check "
            f"sync.username and the password; {kept}."
        )
    if reply.status == 429:
        return f"The LRS at {shown} asked Cuecard to slow down (429); {kept}."
    if classify(reply.status) == "retry":
        return f"The LRS at {shown} had a problem ({reply.status}); {kept}."
    return (
        f"The LRS at {shown} answered {reply.status}: check sync.endpoint, the LRS's "
        f"xAPI base URL (often ending in /xAPI/); {kept}."
    )


@dataclass
class _Tally:
    delivered: int = 0
    set_aside: int = 0
    stopped: LrsReply | None = None


def push(
    access: OutboxAccess,
    client: LrsClient,
    clock: Clock,
    batch_size: int = BATCH_SIZE,
    should_stop: Callable[[], bool] = lambda: False,
) -> PushResult:
    """Send everything pending, oldest first; stop at the first answer that is not
    about the statements themselves."""
    tally = _Tally()
    while not should_stop():
        rows = access.run(lambda db: outbox.pending(db, batch_size))
        if not rows:
            break
        _send(access, client, clock, rows, tally)
        if tally.stopped is not None:
            break
    waiting = access.run(lambda db: outbox.counts(db).pending)
    reply = tally.stopped
    if reply is None:
        access.run(lambda db: outbox.record_outcome(db, None, False))
        return PushResult(Outcome.DONE, tally.delivered, tally.set_aside)
    kind = classify(reply.status)
    outcome = Outcome.RETRY if kind == "retry" else Outcome.REFUSED
    text = message_for(reply, client.shown, waiting)
    access.run(lambda db: outbox.record_outcome(db, text, outcome is Outcome.REFUSED))
    return PushResult(
        outcome, tally.delivered, tally.set_aside, text, reply.retry_after, reply.status
    )


def _send(
    access: OutboxAccess,
    client: LrsClient,
    clock: Clock,
    rows: Sequence[QueuedStatement],
    tally: _Tally,
) -> None:
    reply = client.post_statements([row.body for row in rows])
    kind = classify(reply.status)
    if kind == "ok":
        access.run(lambda db: outbox.settle(db, rows, OutboxState.DELIVERED, clock.now()))
        tally.delivered += len(rows)
    elif kind == "split" and len(rows) == 1:
        state = OutboxState.CONFLICT if reply.status == 409 else OutboxState.QUARANTINED
        reason = f"{reply.status}: {reply.reason}" if reply.reason else str(reply.status)
        access.run(lambda db: outbox.settle(db, rows, state, clock.now(), reason))
        tally.set_aside += 1
    elif kind == "split":
        middle = len(rows) // 2
        for half in (rows[:middle], rows[middle:]):
            _send(access, client, clock, half, tally)
            if tally.stopped is not None:
                return
    else:
        access.run(lambda db: outbox.note_attempt(db, rows))
        tally.stopped = reply


@dataclass
class Backoff:
    """Exponential back-off with jitter: about 2 s, 4 s, 8 s ... up to 5 minutes, each
    drawn from the upper half of its range; a Retry-After longer than that wins."""

    base: float = 2.0
    cap: float = 300.0
    failures: int = 0
    rng: random.Random = field(default_factory=random.Random)

    def next_delay(self, retry_after: float | None = None) -> float:
        ceiling = min(self.cap, self.base * (2**self.failures))
        self.failures = min(self.failures + 1, 30)
        delay = ceiling / 2 + self.rng.uniform(0, ceiling / 2)
        return float(max(delay, retry_after or 0.0))

    def reset(self) -> None:
        self.failures = 0
