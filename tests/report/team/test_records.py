"""What the team view keeps of a statement: only Cuecard's shapes, and whatever an LRS
sends (another app's statements, broken JSON shapes, odd timestamps) never raises."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cuecard.report.team.records import Kind, TeamRecord, Voiding, read_record, utc_text
from cuecard.store.events import Event, EventKind
from cuecard.sync import learning_shapes, statements
from cuecard.sync.statements import CardInfo, ShapeContext

HOME = "https://org.example"
WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
CONTEXT = ShapeContext(
    HOME,
    "0f8c6f4e-1b1c-4a53-9b52-2a4c3e1c9d10",
    True,
    lambda _card: CardInfo("Freeze the header row", "guide"),
    lambda _card, _end: "fc4d8ab2-89e4-46e7-82e3-efe7e58ebf46",
    teams=("sales", "emea north"),
)


def stored(parts: statements.Parts) -> dict[str, Any]:
    data = dict(json.loads(statements.build(CONTEXT, parts, WHEN).body))
    data["stored"] = "2026-03-02T10:00:00.000Z"
    return data


def test_each_shape_is_kept_as_what_happened() -> None:
    def kind(parts: statements.Parts | None) -> tuple[int, str, int | None] | None:
        assert parts is not None
        kept = read_record(stored(parts), HOME)
        return (kept.kind, kept.subject, kept.value) if isinstance(kept, TeamRecord) else None

    event = Event(EventKind.OPENED, WHEN, "calc/freeze")
    assert kind(statements.viewed(CONTEXT, event)) == (Kind.OPENED, "calc/freeze", None)
    shown = Event(EventKind.SHOWN, WHEN, "calc/freeze", "hint")
    assert kind(statements.nudged(CONTEXT, shown)) == (Kind.SHOWN, "calc/freeze", None)
    down = Event(EventKind.RATED, WHEN, "calc/freeze", "down")
    assert kind(statements.rated(CONTEXT, down)) == (Kind.RATED, "calc/freeze", 0)
    day = learning_shapes.path_day_completed(CONTEXT, "first-week", 3)
    assert kind(day) == (Kind.PATH_DAY, "first-week", 3)
    huge = learning_shapes.path_day_completed(CONTEXT, "first-week", 10**12)
    assert kind(huge) is None, "a day number no path has (the page has a row per day)"
    step = Event(EventKind.STEP_DONE, WHEN, "calc/freeze", "0")
    assert kind(statements.step_completed(CONTEXT, step)) is None, "steps are not read"
    recall = Event(EventKind.RECALL_REVIEWED, WHEN, "calc/freeze", "good")
    assert kind(learning_shapes.recall_reviewed(CONTEXT, recall)) is None
    record = read_record(stored(statements.viewed(CONTEXT, event)), HOME)  # type: ignore[arg-type]
    assert isinstance(record, TeamRecord)
    assert record.teams == ",sales,emea north," and record.name == "Freeze the header row"
    assert record.ts == "2026-03-02T09:30:00.000Z"


def test_other_apps_other_organisations_and_voiding() -> None:
    data = stored(statements.viewed(CONTEXT, Event(EventKind.OPENED, WHEN, "calc/freeze")))
    assert read_record(dict(data, context={"platform": "Moodle"}), HOME) is None
    assert read_record(data, "https://other.example") is None
    assert isinstance(read_record(data), TeamRecord), "any home, when none is set"
    voiding = dict(data, verb={"id": "http://adlnet.gov/expapi/verbs/voided"})
    voiding["object"] = {"objectType": "StatementRef", "id": "abc"}
    assert read_record(voiding, HOME) == Voiding(data["id"], data["stored"], "abc")


def test_timestamps_in_any_form_or_none() -> None:
    assert utc_text("2026-03-02T09:30:00.250Z") == "2026-03-02T09:30:00.250Z"
    assert utc_text("2026-03-02T10:30:00+01:00") == "2026-03-02T09:30:00.000Z"
    assert utc_text("2026-13-02T09:30:00.250Z") is None
    assert utc_text("yesterday") is None and utc_text(5) is None


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
KEYS = ("id", "stored", "timestamp", "actor", "verb", "object", "result", "context")


@settings(max_examples=300, deadline=None)
@given(key=st.sampled_from(KEYS), replacement=JSON, path=st.lists(st.text(max_size=8), max_size=3))
def test_whatever_an_lrs_sends_never_raises(key: str, replacement: Any, path: list[str]) -> None:
    data = stored(statements.rated(CONTEXT, Event(EventKind.RATED, WHEN, "calc/freeze", "up")))
    target: Any = data
    for part in path:  # replace something deeper, when the path exists
        if isinstance(target.get(key), dict):
            target = target[key]
            key = part if part in target else key
    target[key] = replacement
    kept = read_record(data, HOME)
    assert kept is None or isinstance(kept, TeamRecord | Voiding)
