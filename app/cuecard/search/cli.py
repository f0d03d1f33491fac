"""`cuecard search QUERY`: best cards first, as text or JSON, from the palette's engine.

JSON: one object per result with CLI.md's fields (id, title, summary, minutes, tags,
path, score) plus `corrections`, the typed words this result was found by correcting
(`[{"typed": "tarr", "used": "tar"}]`, empty when it matched what was typed).
"""

from __future__ import annotations

import json

from cuecard.context import AppContext
from cuecard.search.engine import SearchEngine, SearchHit, SearchResults
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
        "corrections": [{"typed": c.typed, "used": c.used} for c in hit.corrections],
    }


def describe(results: SearchResults) -> list[str]:
    """Lines saying how the query was read, before the results."""
    lines = []
    if results.hits and results.showing_for:
        lines.append(f"Showing results for {results.showing_for!r} (typed: {results.query!r}).")
    if results.hits and results.unknown:
        lines.append(f"No card has {', '.join(map(repr, results.unknown))}: other words used.")
    return lines


def run_search(context: AppContext, query: str, limit: int, as_json: bool) -> int:
    snapshot = context.open_library().load()
    engine = SearchEngine(context.paths.index_cache)
    # A finished query, as the palette shows it once typing pauses.
    results = engine.lookup(query, snapshot.cards, limit, settled=True)
    engine.close()
    if not results.hits:
        db = open_record(context)
        recorder = recorder_for(context, card_lookup(snapshot.cards))
        record_missed_search(db, query, recorder.missed_search if recorder else None)
        db.conn.close()
    if as_json:
        print(json.dumps([hit_record(hit) for hit in results.hits], indent=2))
    elif not results.hits:
        echo(f"No card matches {query!r}.")
    else:
        for line in describe(results):
            echo(line)
        for hit in results.hits:
            minutes = f"  ({hit.card.minutes} min)" if hit.card.minutes else ""
            echo(f"{hit.score:>8.2f}  {hit.card.id}  {hit.card.title}{minutes}")
    return 0
