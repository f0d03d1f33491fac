"""Queue a record's xAPI statement in the same transaction as the record itself.

`OutboxRecorder` is handed to the store's write functions (`write_events(also=...)`,
`add_entry(also=...)`, `record_missed_search(also=...)`, the `StoreWriter`), which call
it inside their transaction: the record and its statement are committed together or
not at all. A statement that cannot be built is logged and skipped, so a bug in a
shape can never stop the learning record itself from being written.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import TypeVar

import sqlite_utils

from cuecard.clock import Clock
from cuecard.context import AppContext
from cuecard.models import Card, LearningPath
from cuecard.store import outbox
from cuecard.store.events import Event
from cuecard.store.log import LogEntry
from cuecard.sync import statements
from cuecard.sync.path_progress import path_statements
from cuecard.sync.statements import CardInfo, Parts, ShapeContext, Statement

log = logging.getLogger(__name__)
R = TypeVar("R")


@dataclass(frozen=True)
class StatementSettings:
    """The settings statements are built from (see SyncConfig)."""

    home_page: str
    share_text: bool
    teams: tuple[str, ...] = ()


def no_paths() -> Sequence[LearningPath]:
    return ()


class OutboxRecorder:
    """Builds statements for records and queues them; `on_queued` wakes the sender.
    `paths` gives the content's paths, for the statements of a path's days done."""

    def __init__(
        self,
        settings: StatementSettings,
        cards: Callable[[str], CardInfo | None],
        clock: Clock,
        on_queued: Callable[[], None] | None = None,
        paths: Callable[[], Sequence[LearningPath]] = no_paths,
    ) -> None:
        self.settings = settings
        self.cards = cards
        self.clock = clock
        self.on_queued = on_queued
        self.paths = paths

    def context(self, db: sqlite_utils.Database) -> ShapeContext:
        now = self.clock.now()
        return ShapeContext(
            home_page=self.settings.home_page,
            actor_name=outbox.actor_id(db),
            share_text=self.settings.share_text,
            card=self._card,
            registration=lambda card_id, end: outbox.run_registration(db, card_id, now, end),
            teams=self.settings.teams,
        )

    def _card(self, card_id: str) -> CardInfo | None:
        try:
            return self.cards(card_id)
        except Exception:  # the content is being reloaded: say less, never fail
            log.exception("looking up card %s for a statement failed", card_id)
            return None

    # The hooks the store calls inside its transaction --------------------------------

    def events(self, db: sqlite_utils.Database, events: Sequence[Event]) -> None:
        context = self.context(db)
        built = [_safely(partial(statements.for_event, context, e)) for e in events]
        try:
            built += path_statements(context, db, events, self.paths())
        except Exception:  # as for a shape: the records are kept, the log says why
            log.exception("working out path progress for xAPI failed; the records are kept")
        self._queue(db, built)

    def log_entry(self, db: sqlite_utils.Database, entry: LogEntry) -> None:
        context = self.context(db)
        self._queue(db, [_safely(lambda: _built(context, statements.logged, entry, entry.ts))])

    def missed_search(self, db: sqlite_utils.Database, query: str) -> None:
        context = self.context(db)
        now = self.clock.now()
        self._queue(db, [_safely(lambda: _built(context, statements.searched_nothing, query, now))])

    def _queue(self, db: sqlite_utils.Database, built: list[Statement | None]) -> None:
        ready = [(s.id, s.body) for s in built if s is not None]
        if not ready:
            return
        outbox.enqueue(db, ready, self.clock.now())
        if self.on_queued is not None:
            self.on_queued()


def recorder_for(
    context: AppContext,
    cards: Callable[[str], CardInfo | None],
    on_queued: Callable[[], None] | None = None,
    paths: Callable[[], Sequence[LearningPath]] = no_paths,
) -> OutboxRecorder | None:
    """The recorder for this installation, or None while sync is off (then nothing is
    queued: records made while sync is off are never sent later)."""
    config = context.sync
    if not config.queueing:
        return None
    settings = StatementSettings(config.actor_home_page, config.share_log_text, config.teams)
    return OutboxRecorder(settings, cards, context.clock, on_queued, paths)


def card_lookup(cards: Mapping[str, Card]) -> Callable[[str], CardInfo | None]:
    """What statements may say about the cards of one snapshot."""

    def lookup(card_id: str) -> CardInfo | None:
        card = cards.get(card_id)
        return None if card is None else CardInfo(card.title, card.kind)

    return lookup


def library_lookup(context: AppContext) -> Callable[[str], CardInfo | None]:
    """Like `card_lookup`, loading the content only if a statement needs a card."""
    loaded: list[Callable[[str], CardInfo | None]] = []

    def lookup(card_id: str) -> CardInfo | None:
        if not loaded:
            loaded.append(card_lookup(context.open_library().load().cards))
        return loaded[0](card_id)

    return lookup


def _built(
    context: ShapeContext, shape: Callable[[ShapeContext, R], Parts], record: R, moment: datetime
) -> Statement:
    return statements.build(context, shape(context, record), moment)


def _safely(make: Callable[[], Statement | None]) -> Statement | None:
    try:
        return make()
    except Exception:  # a shape bug: keep the record, skip its statement, say so in the log
        log.exception("building an xAPI statement failed; the record is kept without it")
        return None
