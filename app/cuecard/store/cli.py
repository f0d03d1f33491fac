"""`cuecard done ID` and `cuecard rate ID up|down`: record as if done in the card window."""

from __future__ import annotations

import sys

from cuecard.context import AppContext
from cuecard.store.events import Event, EventKind, write_events
from cuecard.store.record_cli import open_record
from cuecard.sync.recorder import card_lookup, recorder_for


def record_for_card(
    context: AppContext, card_id: str, kind: EventKind, value: str | None = None
) -> int:
    snapshot = context.open_library().load()
    cards = snapshot.cards
    if card_id not in cards:
        print(
            f"cuecard: no card with id '{card_id}'; `cuecard search` or `cuecard lint` "
            "lists the ids.",
            file=sys.stderr,
        )
        return 1
    db = open_record(context)
    recorder = recorder_for(context, card_lookup(cards), paths=lambda: snapshot.paths)
    event = Event(kind, context.clock.now(), card_id, value)
    write_events(db, [event], recorder.events if recorder else None)
    db.conn.close()
    verb = "completed" if kind is EventKind.COMPLETED else f"rated {value}"
    print(f"Recorded: {cards[card_id].title} {verb}.")
    return 0
