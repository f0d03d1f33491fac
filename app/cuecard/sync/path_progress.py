"""Statements for progress along a path: a day of it done, the whole path done.

There is no record of its own for these: they follow from the completions and from
joining, so they are worked out when such a record is written, inside its transaction,
from the learning record before the batch (joins and completions of the path's cards)
and the batch itself, in order. A day counts as done when all its cards are completed,
in any order and even before joining (joining then reports the days already done).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils

from cuecard.learning.paths import newly_done
from cuecard.models import LearningPath
from cuecard.store.events import Event, EventKind
from cuecard.sync import learning_shapes
from cuecard.sync.xapi import ShapeContext, Statement, build

TRIGGERS = frozenset({EventKind.COMPLETED, EventKind.PATH_JOINED, EventKind.PATH_LEFT})


def path_statements(
    context: ShapeContext,
    db: sqlite_utils.Database,
    events: Sequence[Event],
    paths: Sequence[LearningPath],
) -> list[Statement]:
    """The day and path completions that `events` (just inserted, the newest rows of
    `events`) achieve on the paths the learner is on."""
    known = {path.id: path for path in paths if path.id and path.cards}
    if not known or not any(event.kind in TRIGGERS for event in events):
        return []
    (last,) = db.execute("SELECT max(id) FROM events").fetchone()
    first = int(last or 0) - len(events) + 1
    active: set[str] = set()
    for kind, value in db.execute(
        "SELECT kind, value FROM events WHERE kind IN ('path_joined', 'path_left') "
        "AND id < ? ORDER BY id",
        [first],
    ):
        (active.add if kind == EventKind.PATH_JOINED else active.discard)(value)
    watched = sorted({card for path in known.values() for card in path.cards})
    marks = ",".join("?" * len(watched))
    completed = {
        card
        for (card,) in db.execute(
            f"SELECT DISTINCT card_id FROM events WHERE kind = 'completed' AND id < ? "
            f"AND card_id IN ({marks})",
            [first, *watched],
        )
    }
    made: list[Statement] = []
    for event in events:
        value = event.value or ""
        if event.kind is EventKind.PATH_JOINED and value in known:
            active.add(value)
            made += _reached(context, known[value], frozenset(), frozenset(completed), event)
        elif event.kind is EventKind.PATH_LEFT:
            active.discard(value)
        elif event.kind is EventKind.COMPLETED and event.card_id and event.card_id not in completed:
            before = frozenset(completed)
            completed.add(event.card_id)
            for path_id in sorted(active & known.keys()):
                if event.card_id in known[path_id].cards:
                    made += _reached(context, known[path_id], before, frozenset(completed), event)
    return made


def _reached(
    context: ShapeContext,
    path: LearningPath,
    before: frozenset[str],
    after: frozenset[str],
    event: Event,
) -> list[Statement]:
    days, finished = newly_done(path, before, after)
    made = [
        build(context, learning_shapes.path_day_completed(context, path.id, day), event.ts)
        for day in days
    ]
    if finished:
        made.append(build(context, learning_shapes.path_completed(context, path.id), event.ts))
    return made
