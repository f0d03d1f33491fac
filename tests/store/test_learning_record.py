"""The learning record: replayed at start-up from the file it equals what the running
app folded event by event; sightings are kept per card and day, never per window."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from cuecard.clock import FixedClock
from cuecard.learning.model import LearningRecord
from cuecard.store.db import RECORD_TABLES, all_rows, open_db
from cuecard.store.events import PULSE, REFLECTION, REVIEW, Event, EventKind, write_events
from cuecard.store.learning import apply_learning_event, load_learning, save_sightings, sighted


def test_restart_replays_to_the_same_record(tmp_path: Path, clock: FixedClock) -> None:
    db = open_db(tmp_path / "cuecard.db").db
    script = [
        (EventKind.OPENED, "a", None, None),
        (EventKind.COMPLETED, "a", None, None),
        (EventKind.COMPLETED, "a", None, None),
        (EventKind.RECALL_REVIEWED, "a", "hard", None),
        (EventKind.RECALL_REVIEWED, "a", "bogus", None),
        (EventKind.SHOWN, "a", REVIEW, None),
        (EventKind.PATH_JOINED, None, "first-week", None),
        (EventKind.SPRINT_JOINED, None, "reports", None),
        (EventKind.SPRINT_FINISHED, None, "reports", "Did the report"),
        (EventKind.SPRINT_LEFT, None, "never-joined", None),
        (EventKind.SHOWN, None, PULSE, None),
        (EventKind.SHOWN, None, REFLECTION, None),
        (EventKind.PULSE_ANSWERED, None, "Git", "Time"),
        (EventKind.RATED, "a", "up", None),
    ]
    record = LearningRecord()
    for kind, card_id, value, comment in script:
        clock.advance(timedelta(hours=5))
        event = Event(kind, clock.now(), card_id, value, comment)
        write_events(db, [event])
        record = apply_learning_event(record, event)
    assert load_learning(db) == record
    progress = record.card("a")
    assert (progress.completions, progress.unaided_streak, len(progress.reviews)) == (2, 1, 1)
    assert set(record.sprints) == {"reports"} and record.paths_ever == {"first-week"}
    assert record.pulse_offered and record.reflection_offered and record.pulse_asked


def test_sightings_once_a_day_survive_a_restart(tmp_path: Path, clock: FixedClock) -> None:
    path = tmp_path / "cuecard.db"
    db = open_db(path).db
    first = clock.now()
    record, rows = sighted(LearningRecord(), ["a", "b"], first)
    save_sightings(db, rows)
    clock.advance(timedelta(minutes=30))
    record, rows = sighted(record, ["a"], clock.now())
    assert rows == [], "the same day: nothing to write"
    clock.advance(timedelta(days=61))
    record, rows = sighted(record, ["a"], clock.now())
    save_sightings(db, rows)
    db.conn.close()
    again = load_learning(open_db(path).db)
    assert again.card("a").previous_seen == first and again.card("a").last_seen == clock.now()
    assert again.card("b").last_seen == first and again.card("b").previous_seen is None
    assert "seen" in RECORD_TABLES and set(all_rows(open_db(path).db)["seen"][0]) == {
        "card_id",
        "last_seen",
        "previous_seen",
    }
