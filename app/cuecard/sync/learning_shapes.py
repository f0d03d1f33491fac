"""xAPI shapes for the learning records (docs/learning.md): a graded recall, paths and
their days, sprints, a shared tip, the pulse. One small function each, like the card
shapes in statements.py; `build` (sync/xapi.py) makes the whole statement."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from cuecard.store.events import Event
from cuecard.sync.xapi import (
    ANSWERED,
    CARD_TYPE,
    COMPLETED,
    EXITED,
    GRADE_SCORES,
    MAX_TEXT,
    PATH_DAY_TYPE,
    PATH_TYPE,
    QUESTION_TYPE,
    REGISTERED,
    RESPONDED,
    SHARED,
    SPRINT_TYPE,
    SURVEY_TYPE,
    Parts,
    ShapeContext,
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


def path_day_completed(context: ShapeContext, path_id: str, day: int) -> Parts:
    """Every card of a path's day is done (in any order, even before joining): the day is
    a module below the path, the path its parent. Built by sync/path_progress.py when a
    completion (or joining) finishes the day, so a report sees where people stall."""
    path = _joinable(context, "paths", PATH_TYPE, path_id)
    module = {
        "objectType": "Activity",
        "id": f"{path['id']}/days/{day}",
        "definition": {"type": PATH_DAY_TYPE, "name": {"en-US": f"Day {day}"}},
    }
    return Parts(COMPLETED, module, result={"completion": True}, parents=(path,))


def path_completed(context: ShapeContext, path_id: str) -> Parts:
    """Every card of the path is done: time to proficiency ends here."""
    return Parts(
        COMPLETED, _joinable(context, "paths", PATH_TYPE, path_id), result={"completion": True}
    )


def tip_shared(context: ShapeContext, event: Event) -> Parts | None:
    """Made a new tip with "Share a tip" (or `cuecard new`). The object is the tip's card
    by its id, which the draft writes into its front matter so it stays the same when the
    tip is published in a pack; no title, as a new draft's is taken from the window in
    use. Reports count others' statements about the same card as uses of the tip."""
    if not event.card_id:
        return None
    activity = {
        "objectType": "Activity",
        "id": context.card_iri(event.card_id),
        "definition": {"type": CARD_TYPE},
    }
    return Parts(SHARED, activity)
