"""`cuecard match`: which cards fit a window described on the command line."""

from __future__ import annotations

import json

from cuecard.a11y.roles import canonical_role
from cuecard.context import AppContext
from cuecard.learning.model import LearningRecord, Support
from cuecard.learning.support import support_level
from cuecard.models import FocusedElement
from cuecard.rules.index import TriggerIndex
from cuecard.rules.rank import Candidate, Learner, match_window
from cuecard.store.learning import load_learning
from cuecard.terminal import echo
from cuecard.watch.process import normalise_app


def candidate_record(candidate: Candidate, support: Support = Support.FULL) -> dict[str, object]:
    trigger = candidate.trigger
    return {
        "id": candidate.card.id,
        "title": candidate.card.title,
        "score": candidate.score,
        "trigger": {
            "app": list(trigger.apps),
            "title": trigger.title,
            "class": trigger.window_class,
            "dialog": trigger.element.dialog if trigger.element else None,
            "control": trigger.element.control if trigger.element else None,
            "role": list(trigger.element.roles) if trigger.element else [],
            "source": candidate.source,
        },
        "support": support.value,
    }


def focused_element(
    dialog: str | None, control: str | None, role: str | None
) -> FocusedElement | None:
    """The element described by `cuecard match --dialog/--control/--role` (None: none given)."""
    if dialog is None and control is None and role is None:
        return None
    return FocusedElement(canonical_role(role or "") or "", control or "", dialog)


def learner_record(context: AppContext) -> LearningRecord:
    """The learning record when there is one (a first `match` creates nothing)."""
    if not context.paths.database.exists():
        return LearningRecord()
    from cuecard.store.record_cli import open_record

    db = open_record(context)
    try:
        return load_learning(db)
    finally:
        db.conn.close()


def run_match(
    context: AppContext,
    app: str,
    title: str,
    window_class: str,
    as_json: bool,
    element: FocusedElement | None = None,
) -> int:
    snapshot = context.open_library().load()
    index = TriggerIndex.from_snapshot(snapshot)
    record = learner_record(context)
    roles = frozenset(role.lower() for role in context.settings.get("learner.roles"))
    learner = Learner(roles, record.completed)
    found = match_window(
        index, snapshot.cards, normalise_app(app), title, window_class, learner, None, element
    )
    if as_json:
        settings = context.learning
        print(
            json.dumps(
                [
                    candidate_record(c, support_level(record.card(c.card.id), settings))
                    for c in found
                ],
                indent=2,
            )
        )
    elif not found:
        print("No card fits that window.")
    else:
        for candidate in found:
            echo(f"{candidate.score:>5}  {candidate.card.id}  {candidate.card.title}")
    return 0
