"""The learning record in words."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from cuecard.store.describe import SHOWN, describe_record

TS = datetime(2026, 3, 2, 9, 5, 7, 123456, tzinfo=UTC).isoformat()
TITLES = {"calc/freeze": "Freeze the header row"}


def event(kind: str, value: str | None = None, comment: str | None = None) -> dict[str, object]:
    return {
        "id": 1,
        "ts": TS,
        "card_id": "calc/freeze",
        "kind": kind,
        "value": value,
        "comment": comment,
    }


def test_events_in_words_with_local_times_and_steps_from_one() -> None:
    rows = [
        event("shown", "proactive"),
        event("step_done", "0"),
        event("dismissed", "forever"),
        event("rated", "up"),
        event("reported_outdated", None, "menu renamed"),
        event("snoozed", datetime(9999, 1, 1, tzinfo=UTC).isoformat()),
        event("snoozed", ""),
        event("something_new"),
    ]
    (section,) = describe_record({"events": rows}, TITLES)
    texts = [line.text for line in section.lines]
    assert texts == [
        "Cuecard offered “Freeze the header row”",
        "You ticked step 1 of “Freeze the header row”",
        "You chose Don't show again for “Freeze the header row”",
        "You found “Freeze the header row” helpful",
        "You reported “Freeze the header row” as outdated: menu renamed",
        "You paused nudges until you resume them",
        "You resumed nudges",
        "Something new: “Freeze the header row”",
    ]
    local = datetime.fromisoformat(TS).astimezone()
    assert section.lines[0].when == f"{local:%a %d %b %Y, %H:%M}"
    assert section.summary == "8 things you saw or did: 1 offered or shown, 1 rated."


def test_every_table_is_a_section_even_unknown_ones() -> None:
    body = json.dumps(
        {
            "verb": {"id": "x", "display": {"en-US": "completed"}},
            "object": {"definition": {"name": {"en-US": "Freeze the header row"}}},
        }
    )
    sections = describe_record(
        {
            "log": [{"id": 1, "ts": TS, "text": "Ctrl+R", "card_id": "calc/freeze"}],
            "missed_searches": [{"query": "zebra", "count": 3}],
            "outbox": [
                {"queued": TS, "body": body, "state": "pending"},
                {"queued": TS, "body": "not json", "state": "delivered"},
            ],
            "sync_state": [{"key": "actor", "value": "x"}],
            "brand_new_table": [{"a": 1}, {"a": 2}],
        },
        TITLES,
    )
    by_table = {s.table: s for s in sections}
    assert by_table["log"].lines[0].text == "Ctrl+R (about “Freeze the header row”)"
    assert by_table["log"].summary == "1 entry you wrote."
    assert by_table["missed_searches"].lines[0].text == "“zebra”: 3 times"
    outbox = by_table["outbox"]
    assert outbox.summary.startswith("2 statements for your organisation's learning record store")
    assert {line.text for line in outbox.lines} == {
        "“completed” Freeze the header row (pending)",
        "a learning record statement (delivered)",
    }
    assert by_table["sync_state"].title == "Sync bookkeeping"
    assert by_table["brand_new_table"].title == "Brand new table"
    assert by_table["brand_new_table"].summary == "2 rows: rows of other data."


def test_long_tables_are_cut_and_say_how_many_more() -> None:
    rows = [event("opened") for _ in range(SHOWN + 5)]
    (section,) = describe_record({"events": rows}, {})
    assert len(section.lines) == SHOWN and section.more == 5
    assert section.lines[0].text == "You opened “calc/freeze”"


def test_empty_tables_say_none_in_words_never_zero() -> None:
    tables: dict[str, list[dict[str, object]]] = {
        name: [] for name in ("events", "log", "missed_searches", "seen", "outbox", "sync_state")
    }
    sections = describe_record(tables, {})
    summaries = [s.summary for s in sections]
    assert len(summaries) == len(tables)
    assert not [s for s in summaries if "0 " in s], summaries
    by_table = {s.table: s.summary for s in sections}
    assert by_table["log"] == "No entries you wrote."
    assert by_table["outbox"].startswith("No statements for your organisation's")
    assert by_table["sync_state"].startswith("Nothing yet: facts sync keeps")
