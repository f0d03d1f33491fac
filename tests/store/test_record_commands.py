"""The user's own data from the command line: log, stats, export, forget."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cuecard.cli import main
from cuecard.store.db import open_db
from cuecard.store.log import add_entry, as_markdown, delete_entry, list_entries, update_entry
from cuecard.store.summary import learner_summary
from tests.store.forget_support import (
    MARKERS,
    leave_a_damaged_copy,
    markers_found,
    report_outdated,
)


@pytest.fixture
def data(tmp_path: Path) -> list[str]:
    return ["--data-dir", str(tmp_path / "data")]


def test_log_add_list_export(
    data: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            [
                "log",
                "add",
                "Freeze",
                "panes",
                "live",
                "in",
                "View",
                "--card",
                "spreadsheet/freeze-header",
                *data,
            ]
        )
        == 0
    )
    assert main(["log", "add", "Ctrl+R", "searches", "shell", "history", *data]) == 0
    assert main(["log", "add", *data]) == 2
    capsys.readouterr()
    assert main(["log", "list", "--json", *data]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert [e["text"] for e in entries] == [
        "Ctrl+R searches shell history",
        "Freeze panes live in View",
    ]
    out = tmp_path / "log.md"
    assert main(["log", "export", str(out), *data]) == 0
    text = out.read_text()
    assert text.startswith("# My learning log")
    assert "Freeze panes live in View (card: Freeze the header row)" in text


def test_log_edit_and_delete(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    db = open_db(tmp_path / "db").db
    entry = add_entry(db, "  first   note ", datetime(2026, 11, 2, tzinfo=UTC))
    assert entry.text == "first note"
    update_entry(db, entry.id, "edited note")
    assert [e.text for e in list_entries(db)] == ["edited note"]
    with pytest.raises(ValueError):
        update_entry(db, entry.id, "   ")
    delete_entry(db, entry.id)
    assert list_entries(db) == []
    assert as_markdown([], {}) == "# My learning log\n"


def test_stats_counts_completions_and_progress(
    data: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["done", "spreadsheet/freeze-header", *data]) == 0
    assert main(["done", "writer/shortcuts", *data]) == 0
    capsys.readouterr()
    assert main(["stats", "--json", *data]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["completed_this_week"] == 2 and stats["completed_total"] == 2
    assert len(stats["weekly"]) == 12 and stats["weekly"][-1][1] == 2
    assert stats["reviews_due"] == []
    assert main(["stats", *data]) == 0
    assert "This week: 2 cards completed" in capsys.readouterr().out


def test_in_progress_is_begun_but_not_completed(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from cuecard.store.events import Event, EventKind, write_events

    db = open_db(tmp_path / "db").db
    now = datetime(2026, 11, 20, tzinfo=UTC)
    write_events(
        db,
        [
            Event(EventKind.OPENED, now, "a"),
            Event(EventKind.STEP_DONE, now, "a", "0"),
            Event(EventKind.STEP_DONE, now, "a", "2"),
            Event(EventKind.STEP_DONE, now, "a", "2"),
            Event(EventKind.OPENED, now, "b"),
            Event(EventKind.STEP_DONE, now, "b", "0"),
            Event(EventKind.COMPLETED, now, "b"),
            Event(EventKind.OPENED, now, "c"),  # only opened: not in progress
            Event(EventKind.COMPLETED, now - timedelta(days=3), "d"),
            Event(EventKind.COMPLETED, now - timedelta(days=1), "d"),
        ],
    )
    summary = learner_summary(db, now)
    assert summary.in_progress == ("a",)
    assert summary.steps_done == (2,), "two different steps ticked"
    assert summary.recently_completed == (
        ("b", now.astimezone().date()),
        ("d", (now - timedelta(days=1)).astimezone().date()),
    )


def test_export_then_forget(
    data: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["done", "spreadsheet/freeze-header", *data]) == 0
    assert main(["log", "add", "note", *data]) == 0
    out = tmp_path / "export.json"
    assert main(["export", str(out), *data]) == 0
    exported = json.loads(out.read_text())
    assert [e["kind"] for e in exported["events"]] == ["completed"]
    assert exported["log"][0]["text"] == "note"
    assert main(["forget", *data]) == 2, "refuses without --yes when nobody can answer"
    assert (tmp_path / "data" / "cuecard.db").exists()
    assert main(["forget", "--yes", *data]) == 0
    assert not (tmp_path / "data" / "cuecard.db").exists()
    assert not (tmp_path / "data" / "cache").exists()


def test_a_record_that_cannot_be_opened_fails_clearly(
    data: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = tmp_path / "data" / "cuecard.db"
    record.mkdir(parents=True)  # stands for any lock, permission or I/O error
    with pytest.raises(SystemExit) as exited:
        main(["log", "list", *data])
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert f"could not open your learning record {record}" in err and "left as it is" in err
    assert record.is_dir() and not list(record.parent.glob("*.corrupt-*"))


def test_forget_leaves_none_of_the_users_text_in_the_data_dir(
    data: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    leave_a_damaged_copy(data_dir / "cuecard.db")
    assert main(["log", "add", "learned", MARKERS[0], *data]) == 0
    assert "damaged" in capsys.readouterr().err, "the damaged copy was moved aside"
    report_outdated(data_dir / "cuecard.db")
    assert main(["search", MARKERS[2], *data]) == 0
    assert set(markers_found(data_dir)) == set(MARKERS), "the test data is on disk"
    assert main(["forget", "--yes", *data]) == 0
    assert markers_found(data_dir) == {}
    assert not list(data_dir.glob("cuecard.db*"))


def test_edited_and_deleted_log_lines_leave_no_text_behind(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    db = open_db(tmp_path / "cuecard.db").db  # kept open, as the running app does
    edited = add_entry(db, f"first wording {MARKERS[0]}", datetime.now(UTC))
    deleted = add_entry(db, f"regretted {MARKERS[1]}", datetime.now(UTC))
    assert set(markers_found(tmp_path)) == {MARKERS[0], MARKERS[1]}
    update_entry(db, edited.id, "better wording")
    delete_entry(db, deleted.id)
    assert markers_found(tmp_path) == {}
    assert [e.text for e in list_entries(db)] == ["better wording"]
