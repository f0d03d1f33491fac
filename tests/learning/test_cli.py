"""The learning rules from the command line: `match --json` support, `stats --json`
reviews_due, on a real record written at times relative to now."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from cuecard.cli import main
from cuecard.store.db import open_db
from cuecard.store.events import Event, EventKind, write_events
from tests.conftest import write_card

CARD = """---
title: Freeze the header row
id: calc/freeze
when: [{{app: soffice.bin, title: "*LibreOffice Calc"}}]
{extra}---
# Freeze the header row

1. View menu
2. Freeze Rows and Columns
"""
RECALL = "recall:\n  - q: Which menu?\n    a: View\n"


@pytest.fixture
def args(tmp_path: Path) -> list[str]:
    root = tmp_path / "content"
    write_card(root, "freeze.md", CARD.format(extra=RECALL))
    write_card(root, "sort.md", CARD.format(extra="").replace("calc/freeze", "calc/sort"))
    settings = tmp_path / "settings.yaml"
    settings.write_text("content.builtin: false\n")
    return ["--data-dir", str(tmp_path / "data"), "--config", str(settings), "--content", str(root)]


def supports(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    window = ["--app", "soffice.bin", "--title", "q3.ods - LibreOffice Calc"]
    assert main(["match", *window, "--json", *args]) == 0
    return {r["id"]: r["support"] for r in json.loads(capsys.readouterr().out)}


def test_match_gives_each_cards_support_for_this_learner(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert supports(args, capsys) == {"calc/freeze": "full", "calc/sort": "full"}
    seen = []
    for _ in range(4):  # `cuecard done` never opens the card: each later one is unaided
        assert main(["done", "calc/freeze", *args]) == 0
        capsys.readouterr()
        seen.append(supports(args, capsys)["calc/freeze"])
    assert seen == ["hint", "hint", "hint", "none"]
    assert supports(args, capsys)["calc/sort"] == "full"


def record(args: list[str], *events: Event) -> None:
    db = open_db(Path(args[1]) / "cuecard.db").db
    write_events(db, list(events))
    db.conn.close()


def test_stats_lists_reviews_due(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    now = datetime.now().astimezone()
    record(args, Event(EventKind.COMPLETED, now - timedelta(hours=1), "calc/freeze"))
    assert main(["stats", "--json", *args]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["reviews_due"] == [], "the first review is not due at once"
    assert stats["next_review"]["id"] == "calc/freeze"
    record(args, Event(EventKind.COMPLETED, now - timedelta(days=6), "calc/sort"))
    record(args, Event(EventKind.COMPLETED, now - timedelta(days=5), "calc/freeze"))
    assert main(["stats", "--json", *args]) == 0
    stats = json.loads(capsys.readouterr().out)
    [due] = stats["reviews_due"]
    assert (due["id"], due["title"]) == ("calc/freeze", "Freeze the header row")
    assert datetime.fromisoformat(due["due"]) < now, "sort has no recall prompt: never due"
    assert main(["stats", *args]) == 0
    assert "Reviews due: 1" in capsys.readouterr().out
