"""`cuecard report --sprint ID --html FILE`: the sprint's summary page."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from cuecard.cli import main
from cuecard.store.db import open_db
from cuecard.store.events import Event, EventKind, write_events
from cuecard.store.log import add_entry
from tests.conftest import write_card


@pytest.fixture
def args(tmp_path: Path) -> list[str]:
    root = tmp_path / "content"
    for name in ("pivot", "lookup", "toc"):
        tag = "documents" if name == "toc" else "reports"
        write_card(root, f"{name}.md", f"---\ntags: [{tag}]\n---\n# The {name} card\n\nBody.\n")
    write_card(
        root,
        "sprints/reports.yaml",
        "name: Report <b>confidence</b>\ngoal: Build the monthly report alone\nweeks: 2\n"
        "cards: [toc]\ntags: [reports]\n",
    )
    settings = tmp_path / "settings.yaml"
    settings.write_text("content.builtin: false\n")
    return ["--data-dir", str(tmp_path / "data"), "--config", str(settings), "--content", str(root)]


def test_sprint_page_shows_goal_progress_log_and_what_was_applied(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    now = datetime.now().astimezone()
    joined = now - timedelta(days=15)
    db = open_db(tmp_path / "data" / "cuecard.db").db
    write_events(
        db,
        [
            Event(EventKind.COMPLETED, joined - timedelta(days=1), "toc"),  # before: not counted
            Event(EventKind.SPRINT_JOINED, joined, None, "reports"),
            Event(EventKind.COMPLETED, joined + timedelta(days=2), "pivot"),
            Event(EventKind.RECALL_REVIEWED, joined + timedelta(days=5), "pivot", "good"),
            Event(EventKind.COMPLETED, joined + timedelta(days=6), "lookup"),
            Event(EventKind.SPRINT_FINISHED, now, None, "reports", "Built May's report <alone>"),
        ],
    )
    add_entry(db, "Pivot filters go on top", joined + timedelta(days=3))
    add_entry(db, "Outside the sprint", joined - timedelta(days=3))
    db.conn.close()
    page = tmp_path / "sprint.html"
    assert main(["report", "--sprint", "reports", "--html", str(page), *args]) == 0
    html = page.read_text()
    assert "<h1>Sprint: Report &lt;b&gt;confidence&lt;/b&gt;</h1>" in html
    assert "Build the monthly report alone" in html
    assert re.search(r"<b id=\"done\">2 of 3</b>", html)
    assert "Built May&#x27;s report &lt;alone&gt;" in html
    assert "Pivot filters go on top" in html and "Outside the sprint" not in html
    assert "<polyline id='done-line'" in html
    assert page.stat().st_mode & 0o077 == 0


def test_unknown_sprint_and_missing_file(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--sprint", "ghost", "--html", str(tmp_path / "x.html"), *args]) == 1
    assert "no sprint 'ghost'; the sprints are: reports." in capsys.readouterr().err
    assert main(["report", "--sprint", "reports", *args]) == 2
