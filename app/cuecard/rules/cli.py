"""`cuecard match`: which cards fit a window described on the command line."""

from __future__ import annotations

import json

from cuecard.a11y.roles import canonical_role
from cuecard.context import AppContext
from cuecard.models import FocusedElement
from cuecard.rules.index import TriggerIndex
from cuecard.rules.rank import Candidate, match_window
from cuecard.terminal import echo
from cuecard.watch.process import normalise_app


def candidate_record(candidate: Candidate) -> dict[str, object]:
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
    }


def focused_element(
    dialog: str | None, control: str | None, role: str | None
) -> FocusedElement | None:
    """The element described by `cuecard match --dialog/--control/--role` (None: none given)."""
    if dialog is None and control is None and role is None:
        return None
    return FocusedElement(canonical_role(role or "") or "", control or "", dialog)


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
    found = match_window(
        index, snapshot.cards, normalise_app(app), title, window_class, None, None, element
    )
    if as_json:
        print(json.dumps([candidate_record(c) for c in found], indent=2))
    elif not found:
        print("No card fits that window.")
    else:
        for candidate in found:
            echo(f"{candidate.score:>5}  {candidate.card.id}  {candidate.card.title}")
    return 0
