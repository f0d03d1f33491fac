"""`cuecard review`: stale and soon-stale cards by owner with the local record's figures,
exit 1 while anything is stale, and `--mark-reviewed` fixing it one line at a time."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from cuecard.cli import main
from cuecard.store.db import open_db
from cuecard.store.events import Event, EventKind, write_events
from tests.conftest import write_card


def card(title: str, reviewed: date, owner: str | None, every: str = "90d") -> str:
    owner_line = f"owner: {owner}  # steward\n" if owner else ""
    return (
        f"---\ntitle: {title}\n{owner_line}reviewed: {reviewed.isoformat()}\n"
        f"review_every: {every}\n---\n# {title}\n\nBody.\n"
    )


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, list[str]]:
    today = date.today()
    root = tmp_path / "content"
    write_card(root, "stale.md", card("Stale one", today - timedelta(days=100), "ana@example.org"))
    write_card(root, "soon.md", card("Soon one", today - timedelta(days=70), "bo@example.org"))
    write_card(root, "fresh.md", card("Fresh one", today - timedelta(days=1), "bo@example.org"))
    write_card(root, "orphan.md", card("Orphan", today - timedelta(days=200), None))
    write_card(
        root, "crlf.md", card("Windows", today - timedelta(days=99), None).replace("\n", "\r\n")
    )
    data = tmp_path / "data"
    db = open_db(data / "cuecard.db").db
    now = datetime.now().astimezone()
    write_events(
        db,
        [
            Event(EventKind.SHOWN, now, "stale", "proactive"),
            Event(EventKind.SHOWN, now, "stale", "proactive"),
            Event(EventKind.COMPLETED, now, "stale"),
            Event(EventKind.RATED, now, "stale", "up"),
            Event(EventKind.REPORTED_OUTDATED, now, "stale", None, "menu moved"),
        ],
    )
    db.conn.close()
    return root, [str(root), "--data-dir", str(data)]


def review_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main(["review", *args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_stale_and_soon_by_owner_with_figures(
    setup: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    _, args = setup
    code, report = review_json(args, capsys)
    assert code == 1
    assert (report["stale"], report["soon"]) == (3, 1)
    groups = {g["label"]: [(c["id"], c["state"]) for c in g["cards"]] for g in report["owners"]}
    assert groups == {
        "ana@example.org": [("stale", "stale")],
        "bo@example.org": [("soon", "soon")],
        "No steward": [("orphan", "stale"), ("crlf", "stale")],
    }
    assert [g["label"] for g in report["owners"]][-1] == "No steward"
    stale = report["owners"][0]["cards"][0]
    assert (stale["views"], stale["completions"], stale["helpful"], stale["outdated_reports"]) == (
        2,
        1,
        1,
        1,
    )
    assert main(["review", *args]) == 1
    text = capsys.readouterr().out
    assert "No steward" in text and "STALE  Stale one (stale)" in text
    assert "2 views, 1 completion, helpful 1/1, 1 outdated report" in text


def test_mark_reviewed_until_nothing_is_stale(
    setup: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    root, args = setup
    before = (root / "crlf.md").read_bytes()
    for card_id in ("stale", "orphan", "crlf"):
        assert main(["review", *args, "--mark-reviewed", card_id]) == 0
    after = (root / "crlf.md").read_bytes()
    changed = [
        (a, b)
        for a, b in zip(before.splitlines(True), after.splitlines(True), strict=True)
        if a != b
    ]
    assert changed == [(changed[0][0], f"reviewed: {date.today().isoformat()}\r\n".encode())]
    capsys.readouterr()
    code, report = review_json(args, capsys)
    assert (code, report["stale"], report["soon"]) == (0, 0, 1)
    assert main(["review", *args, "--mark-reviewed", "ghost"]) == 1
    assert "no card with id 'ghost'" in capsys.readouterr().err
