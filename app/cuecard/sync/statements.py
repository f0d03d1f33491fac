"""xAPI 1.0.3 statements for what Cuecard records: the profile in docs/xapi.md.

Every statement is built once, when its record is written, and stored as JSON text (see
store/outbox.py). A shape is one small function from a record to `Parts` (verb, object,
optional result and context); `build` adds what every statement has: a client-made
UUID, the learner as an account with an opaque id, a UTC timestamp in milliseconds and
the platform. Adding a shape: write its function and register it in `EVENT_SHAPES`
(for an `EventKind`) or call `build` with it.

Privacy: a shape sees only the record (card id, kind, value, time) and the card's own
title and kind from the content; never a window title, an app name or anything else
from the screen. Text the learner typed (a log entry, an outdated report's comment, a
search that found nothing) is included only when `share_text` is on.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from cuecard.store.events import Event, EventKind
from cuecard.store.log import LogEntry

XAPI_VERSION = "1.0.3"
PLATFORM = "Cuecard"
MAX_TEXT = 2000  # characters of learner text in one statement


@dataclass(frozen=True, slots=True)
class Verb:
    """A verb from the ADL or TinCan registry (or a profile on the ADL profile server)."""

    id: str
    display: str


VIEWED = Verb("http://id.tincanapi.com/verb/viewed", "viewed")
COMPLETED = Verb("http://adlnet.gov/expapi/verbs/completed", "completed")
RATED = Verb("http://id.tincanapi.com/verb/rated", "rated")
REPORTED = Verb("https://w3id.org/xapi/acrossx/verbs/reported", "reported")
COMMENTED = Verb("http://adlnet.gov/expapi/verbs/commented", "commented")
SEARCHED = Verb("https://w3id.org/xapi/acrossx/verbs/searched", "searched")
ANSWERED = Verb("http://adlnet.gov/expapi/verbs/answered", "answered")
REGISTERED = Verb("http://adlnet.gov/expapi/verbs/registered", "registered")
EXITED = Verb("http://adlnet.gov/expapi/verbs/exited", "exited")
RESPONDED = Verb("http://adlnet.gov/expapi/verbs/responded", "responded")

GUIDE_TYPE = "http://adlnet.gov/expapi/activities/lesson"
CARD_TYPE = "http://id.tincanapi.com/activitytype/resource"
STEP_TYPE = "http://id.tincanapi.com/activitytype/step"
LOG_TYPE = "http://id.tincanapi.com/activitytype/document"
SEARCH_TYPE = "https://w3id.org/xapi/acrossx/activities/search-engine"
QUESTION_TYPE = "http://adlnet.gov/expapi/activities/question"
PATH_TYPE = "http://adlnet.gov/expapi/activities/course"
SPRINT_TYPE = "http://adlnet.gov/expapi/activities/objective"
SURVEY_TYPE = "http://id.tincanapi.com/activitytype/survey"
GRADE_SCORES = {"again": 0.0, "hard": 0.5, "good": 0.75, "easy": 1.0}


@dataclass(frozen=True, slots=True)
class CardInfo:
    """What a statement may say about a card: from the content, never from the screen."""

    title: str
    kind: str = "card"  # card | guide


@dataclass(frozen=True, slots=True)
class Parts:
    """The shape-specific part of a statement."""

    verb: Verb
    object: Mapping[str, Any]
    result: Mapping[str, Any] | None = None
    registration: str | None = None
    parents: tuple[Mapping[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class Statement:
    """A built statement: its id and the exact JSON text to store and send."""

    id: str
    body: str


@dataclass(frozen=True)
class ShapeContext:
    """What shapes need besides the record: who, where, and what they may share.

    `registration(card_id, end)` returns the UUID of the guide run the card is in (a
    new run when none is open); `end` closes the run.
    """

    home_page: str
    actor_name: str
    share_text: bool
    card: Callable[[str], CardInfo | None]
    registration: Callable[[str, bool], str]
    new_id: Callable[[], str] = field(default=lambda: str(uuid.uuid4()))

    @property
    def base(self) -> str:
        """Where Cuecard's activity IRIs live: below the organisation's home page."""
        return self.home_page.rstrip("/") + "/cuecard"

    def card_iri(self, card_id: str) -> str:
        return f"{self.base}/cards/{quote(card_id, safe='/')}"

    def card_activity(self, card_id: str) -> dict[str, Any]:
        info = self.card(card_id)
        definition: dict[str, Any] = {"type": GUIDE_TYPE if _is_guide(info) else CARD_TYPE}
        if info is not None and info.title:
            definition["name"] = {"und": info.title[:MAX_TEXT]}
        return {"objectType": "Activity", "id": self.card_iri(card_id), "definition": definition}

    def own_activity(self, path: str, kind: str, name: str) -> dict[str, Any]:
        return {
            "objectType": "Activity",
            "id": f"{self.base}/{path}",
            "definition": {"type": kind, "name": {"en-US": name}},
        }

    def text(self, text: str | None) -> str | None:
        """Learner text, only when sharing is on."""
        return text[:MAX_TEXT] if self.share_text and text else None


def _is_guide(info: CardInfo | None) -> bool:
    return info is None or info.kind == "guide"


def timestamp(moment: datetime) -> str:
    """UTC with milliseconds, e.g. 2026-03-01T09:30:00.250Z."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def build(context: ShapeContext, parts: Parts, moment: datetime) -> Statement:
    """The whole statement for `parts`, as compact ASCII JSON (byte-exact in SQLite)."""
    statement_id = context.new_id()
    body: dict[str, Any] = {
        "id": statement_id,
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": context.home_page, "name": context.actor_name},
        },
        "verb": {"id": parts.verb.id, "display": {"en-US": parts.verb.display}},
        "object": dict(parts.object),
        "timestamp": timestamp(moment),
    }
    if parts.result:
        body["result"] = dict(parts.result)
    xcontext: dict[str, Any] = {"platform": PLATFORM}
    if parts.registration:
        xcontext["registration"] = parts.registration
    if parts.parents:
        xcontext["contextActivities"] = {"parent": [dict(p) for p in parts.parents]}
    body["context"] = xcontext
    return Statement(statement_id, json.dumps(body, ensure_ascii=True, separators=(",", ":")))


# Shapes: one small function each ------------------------------------------------------


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


def recall_reviewed(context: ShapeContext, event: Event) -> Parts | None:
    """Answered a card's recall question in a spaced review, with the learner's own grade
    (again, hard, good, easy) as the response; the card is the parent."""
    if not event.card_id or event.value not in GRADE_SCORES:
        return None
    card = context.card_activity(event.card_id)
    question = {
        "objectType": "Activity",
        "id": f"{card['id']}/recall",
        "definition": {"type": QUESTION_TYPE, "name": {"en-US": "Recall question"}},
    }
    score = GRADE_SCORES[event.value]
    return Parts(
        ANSWERED,
        question,
        result={
            "response": event.value,
            "success": event.value != "again",
            "score": {"scaled": score},
        },
        parents=(card,),
    )


def _joinable(context: ShapeContext, folder: str, kind: str, item_id: str) -> dict[str, Any]:
    """A path or sprint of the content, by its id (its file name)."""
    activity = context.own_activity(f"{folder}/{quote(item_id, safe='')}", kind, item_id)
    activity["definition"]["name"] = {"und": item_id[:MAX_TEXT]}
    return activity


def path_joined(context: ShapeContext, event: Event) -> Parts | None:
    """Joined an onboarding path (from the tray, or by `learner.paths`)."""
    if not event.value:
        return None
    return Parts(REGISTERED, _joinable(context, "paths", PATH_TYPE, event.value))


def sprint_joined(context: ShapeContext, event: Event) -> Parts | None:
    if not event.value:
        return None
    return Parts(REGISTERED, _joinable(context, "sprints", SPRINT_TYPE, event.value))


def sprint_left(context: ShapeContext, event: Event) -> Parts | None:
    if not event.value:
        return None
    return Parts(EXITED, _joinable(context, "sprints", SPRINT_TYPE, event.value))


def sprint_finished(context: ShapeContext, event: Event) -> Parts | None:
    """Finished a sprint; what was applied to a real task only when sharing is on (it is
    learning-log text)."""
    if not event.value:
        return None
    result: dict[str, Any] = {"completion": True}
    applied = context.text(event.comment)
    if applied:
        result["response"] = applied
    return Parts(COMPLETED, _joinable(context, "sprints", SPRINT_TYPE, event.value), result)


def pulse_answered(context: ShapeContext, event: Event) -> Parts | None:
    """The monthly pulse: its two answers are what it is for, so they are sent whenever
    sync is on (the pulse window says so); a skipped pulse sends nothing."""
    answers = {
        f"{context.base}/pulse/learning": (event.value or "")[:MAX_TEXT],
        f"{context.base}/pulse/helps": (event.comment or "")[:MAX_TEXT],
    }
    return Parts(
        RESPONDED,
        context.own_activity("pulse", SURVEY_TYPE, "Cuecard pulse"),
        result={"extensions": answers},
    )


EVENT_SHAPES: dict[EventKind, Callable[[ShapeContext, Event], Parts | None]] = {
    EventKind.OPENED: viewed,
    EventKind.STEP_DONE: step_completed,
    EventKind.COMPLETED: card_completed,
    EventKind.RATED: rated,
    EventKind.REPORTED_OUTDATED: reported_outdated,
    EventKind.RECALL_REVIEWED: recall_reviewed,
    EventKind.PATH_JOINED: path_joined,
    EventKind.SPRINT_JOINED: sprint_joined,
    EventKind.SPRINT_LEFT: sprint_left,
    EventKind.SPRINT_FINISHED: sprint_finished,
    EventKind.PULSE_ANSWERED: pulse_answered,
}


def for_event(context: ShapeContext, event: Event) -> Statement | None:
    """The statement for `event`, or None for kinds that are not learning records
    (a nudge shown, dismissed, a snooze: attention, not learning)."""
    shape = EVENT_SHAPES.get(event.kind)
    parts = shape(context, event) if shape is not None else None
    return build(context, parts, event.ts) if parts is not None else None
