"""`cuecard match`: which cards fit a window described on the command line."""

from __future__ import annotations

import json

from cuecard.context import AppContext
from cuecard.learning.model import LearningRecord, Support
from cuecard.learning.support import support_level
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
            "source": candidate.source,
        },
        "support": support.value,
    }


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


def run_match(context: AppContext, app: str, title: str, window_class: str, as_json: bool) -> int:
    snapshot = context.open_library().load()
    index = TriggerIndex.from_snapshot(snapshot)
    record = learner_record(context)
    roles = frozenset(role.lower() for role in context.settings.get("learner.roles"))
    learner = Learner(roles, record.completed)
    found = match_window(
        index, snapshot.cards, normalise_app(app), title, window_class, learner, limit=None
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
