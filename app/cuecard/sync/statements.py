"""xAPI 1.0.3 statements for what Cuecard records: the profile in docs/xapi.md.

Every statement is built once, when its record is written, and stored as JSON text (see
store/outbox.py). A shape is one small function from a record to `Parts` (verb, object,
optional result and context); `build` (sync/xapi.py) adds what every statement has: a
client-made UUID, the learner as an account with an opaque id, a UTC timestamp in
milliseconds, the platform and the installation's teams. Adding a shape: write its
function (here for cards, in learning_shapes.py for paths, sprints, tips and the pulse)
and register it in `EVENT_SHAPES` (for an `EventKind`) or call `build` with it.

Privacy: a shape sees only the record (card id, kind, value, time) and the card's own
title and kind from the content; never a window title, an app name or anything else
from the screen. Text the learner typed (a log entry, an outdated report's comment, a
search that found nothing) is included only when `share_text` is on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cuecard.store.events import HINT, PROACTIVE, REFRESHER, Event, EventKind
from cuecard.store.log import LogEntry
from cuecard.sync import learning_shapes
from cuecard.sync.xapi import (
    ANSWERED,
    CARD_TYPE,
    COMMENTED,
    COMPLETED,
    EXITED,
    EXPERIENCED,
    GUIDE_TYPE,
    LOG_TYPE,
    RATED,
    REGISTERED,
    REPORTED,
    RESPONDED,
    SEARCH_TYPE,
    SEARCHED,
    SHARED,
    STEP_TYPE,
    VIEWED,
    XAPI_VERSION,
    CardInfo,
    Parts,
    ShapeContext,
    Statement,
    build,
    timestamp,
)

__all__ = [
    "ANSWERED",
    "CARD_TYPE",
    "COMMENTED",
    "COMPLETED",
    "EVENT_SHAPES",
    "EXITED",
    "EXPERIENCED",
    "GUIDE_TYPE",
    "RATED",
    "REGISTERED",
    "REPORTED",
    "RESPONDED",
    "SEARCHED",
    "SHARED",
    "STEP_TYPE",
    "VIEWED",
    "XAPI_VERSION",
    "CardInfo",
    "Parts",
    "ShapeContext",
    "Statement",
    "build",
    "for_event",
    "timestamp",
]
# What Cuecard offers unasked that shows the card itself (not a review's question).
SHOWS_THE_CARD = frozenset({PROACTIVE, HINT, REFRESHER})


# Shapes: one small function each ------------------------------------------------------


def nudged(context: ShapeContext, event: Event) -> Parts | None:
    """A nudge, hint or refresher put a card in front of the learner (ADL *experienced*:
    encountered, nothing achieved). Only the card, like every shape: a card's own
    triggers are content, never the window that matched them."""
    if not event.card_id or event.value not in SHOWS_THE_CARD:
        return None
    return Parts(EXPERIENCED, context.card_activity(event.card_id))


def viewed(context: ShapeContext, event: Event) -> Parts | None:
    """Opened a card (from a nudge, the tray, the hotkey or search)."""
    if not event.card_id:
        return None
    return Parts(VIEWED, context.card_activity(event.card_id))


def step_completed(context: ShapeContext, event: Event) -> Parts | None:
    """Ticked a step of a guide; the guide is the parent, the run the registration."""
    if not event.card_id or event.value is None or not event.value.isdigit():
        return None
    number = int(event.value) + 1
    step = {
        "objectType": "Activity",
        "id": f"{context.card_iri(event.card_id)}/steps/{number}",
        "definition": {"type": STEP_TYPE, "name": {"en-US": f"Step {number}"}},
    }
    return Parts(
        COMPLETED,
        step,
        result={"completion": True},
        registration=context.registration(event.card_id, False),
        parents=(context.card_activity(event.card_id),),
    )


def card_completed(context: ShapeContext, event: Event) -> Parts | None:
    """Marked a guide (or card) done: ends its run."""
    if not event.card_id:
        return None
    return Parts(
        COMPLETED,
        context.card_activity(event.card_id),
        result={"completion": True},
        registration=context.registration(event.card_id, True),
    )


def rated(context: ShapeContext, event: Event) -> Parts | None:
    """Helpful? yes (1) or no (0)."""
    if not event.card_id or event.value not in ("up", "down"):
        return None
    score = 1 if event.value == "up" else 0
    return Parts(
        RATED,
        context.card_activity(event.card_id),
        result={
            "score": {"scaled": score, "raw": score, "min": 0, "max": 1},
            "response": event.value,
        },
    )


def reported_outdated(context: ShapeContext, event: Event) -> Parts | None:
    """Reported a card as outdated; the comment only when sharing text is on."""
    if not event.card_id:
        return None
    comment = context.text(event.comment)
    return Parts(
        REPORTED,
        context.card_activity(event.card_id),
        result={"response": comment} if comment else None,
    )


def logged(context: ShapeContext, entry: LogEntry) -> Parts:
    """Wrote a learning-log line (about a card, or in the log); text only when shared."""
    target = (
        context.card_activity(entry.card_id)
        if entry.card_id
        else context.own_activity("learning-log", LOG_TYPE, "Learning log")
    )
    text = context.text(entry.text)
    return Parts(COMMENTED, target, result={"response": text} if text else None)


def searched_nothing(context: ShapeContext, query: str) -> Parts:
    """Searched the cards and found nothing; the query only when sharing is on."""
    result: dict[str, Any] = {"success": False}
    text = context.text(query)
    if text:
        result["response"] = text
    return Parts(
        SEARCHED, context.own_activity("search", SEARCH_TYPE, "Cuecard search"), result=result
    )


EVENT_SHAPES: dict[EventKind, Callable[[ShapeContext, Event], Parts | None]] = {
    EventKind.SHOWN: nudged,
    EventKind.OPENED: viewed,
    EventKind.STEP_DONE: step_completed,
    EventKind.COMPLETED: card_completed,
    EventKind.RATED: rated,
    EventKind.REPORTED_OUTDATED: reported_outdated,
    EventKind.RECALL_REVIEWED: learning_shapes.recall_reviewed,
    EventKind.PATH_JOINED: learning_shapes.path_joined,
    EventKind.SPRINT_JOINED: learning_shapes.sprint_joined,
    EventKind.SPRINT_LEFT: learning_shapes.sprint_left,
    EventKind.SPRINT_FINISHED: learning_shapes.sprint_finished,
    EventKind.PULSE_ANSWERED: learning_shapes.pulse_answered,
    EventKind.TIP_CREATED: learning_shapes.tip_shared,
}


def for_event(context: ShapeContext, event: Event) -> Statement | None:
    """The statement for `event`, or None for kinds that are not learning records
    (a nudge shown, dismissed, a snooze: attention, not learning)."""
    shape = EVENT_SHAPES.get(event.kind)
    parts = shape(context, event) if shape is not None else None
    return build(context, parts, event.ts) if parts is not None else None
