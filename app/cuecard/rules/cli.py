"""`cuecard match`: which cards fit a window described on the command line."""

from __future__ import annotations

import json

from cuecard.context import AppContext
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
            "source": candidate.source,
        },
    }


def run_match(context: AppContext, app: str, title: str, window_class: str, as_json: bool) -> int:
    snapshot = context.open_library().load()
    index = TriggerIndex.from_snapshot(snapshot)
    found = match_window(index, snapshot.cards, normalise_app(app), title, window_class, limit=None)
    if as_json:
        print(json.dumps([candidate_record(c) for c in found], indent=2))
    elif not found:
        print("No card fits that window.")
    else:
        for candidate in found:
            echo(f"{candidate.score:>5}  {candidate.card.id}  {candidate.card.title}")
    return 0
