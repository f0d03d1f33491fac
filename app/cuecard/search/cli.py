"""`cuecard search QUERY`: best cards first, as text or JSON."""

from __future__ import annotations

import json

from cuecard.context import AppContext
from cuecard.search.engine import SearchEngine, SearchHit
from cuecard.store.record_cli import open_record
from cuecard.store.searches import record_missed_search
from cuecard.sync.recorder import card_lookup, recorder_for
from cuecard.terminal import echo


def hit_record(hit: SearchHit) -> dict[str, object]:
    card = hit.card
    return {
        "id": card.id,
        "title": card.title,
        "summary": card.summary,
        "minutes": card.minutes,
        "tags": list(card.tags),
        "path": str(card.path),
        "score": hit.score,
    }


def run_search(context: AppContext, query: str, limit: int, as_json: bool) -> int:
    snapshot = context.open_library().load()
    engine = SearchEngine(context.paths.index_cache)
    hits = engine.search(query, snapshot.cards, limit)
    engine.close()
    if not hits:
        db = open_record(context)
        recorder = recorder_for(context, card_lookup(snapshot.cards))
        record_missed_search(db, query, recorder.missed_search if recorder else None)
        db.conn.close()
    if as_json:
        print(json.dumps([hit_record(hit) for hit in hits], indent=2))
    elif not hits:
        echo(f"No card matches {query!r}.")
    else:
        for hit in hits:
            minutes = f"  ({hit.card.minutes} min)" if hit.card.minutes else ""
            echo(f"{hit.score:>8.2f}  {hit.card.id}  {hit.card.title}{minutes}")
    return 0
