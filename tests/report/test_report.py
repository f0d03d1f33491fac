"""The author report, checked by parsing the HTML it writes."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cuecard.cli import main
from tests.conftest import write_card


class Collector(HTMLParser):
    """Cells of each table by id, SVG rects, and all text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.table: str | None = None
        self.rects: list[dict[str, str | None]] = []
        self.text: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "table":
            self.table = attributes.get("id") or "?"
            self.tables[self.table] = []
        elif tag == "tr" and self.table:
            self.tables[self.table].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "rect":
            self.rects.append(attributes)
        elif tag == "script":
            raise AssertionError("the report must not contain scripts")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.table:
            self.tables[self.table][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self.table = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture
def args(tmp_path: Path) -> list[str]:
    root = tmp_path / "pack"
    write_card(
        root,
        "a.md",
        "---\ntitle: Alpha <card>\nowner: ana@example.org\nreviewed: 2020-01-01\n"
        "review_every: 30d\n---\n# Alpha\n\nBody.\n",
    )
    write_card(root, "b.md", "---\nowner: bo@example.org\n---\n# Beta\n\nBody.\n")
    settings = tmp_path / "s.yaml"
    settings.write_text("content.builtin: false\n")
    return ["--data-dir", str(tmp_path / "data"), "--config", str(settings), "--content", str(root)]


def test_html_report(args: list[str], tmp_path: Path) -> None:
    from datetime import datetime

    from cuecard.store.db import open_db
    from cuecard.store.events import PROACTIVE, Event, EventKind, write_events

    db = open_db(tmp_path / "data" / "cuecard.db").db
    now = datetime.now().astimezone()
    write_events(
        db,
        [Event(EventKind.SHOWN, now, "a", PROACTIVE)] * 4
        + [
            Event(EventKind.OPENED, now, "a"),
            Event(EventKind.OPENED, now, "a"),
            Event(EventKind.COMPLETED, now, "a"),
            Event(EventKind.RATED, now, "a", "up"),
            Event(EventKind.RATED, now, "a", "down"),
            Event(EventKind.RATED, now, "a", "up"),
            Event(EventKind.REPORTED_OUTDATED, now, "a", None, "menu moved"),
        ],
    )
    db.conn.close()
    assert main(["search", "zebra", "crossing", *args]) == 0
    out = tmp_path / "report.html"
    assert main(["report", "--html", str(out), *args]) == 0
    parsed = Collector()
    parsed.feed(out.read_text())
    cards = parsed.tables["cards"]
    assert cards[0][:7] == [
        "Card",
        "Views",
        "Opens",
        "Completions",
        "Completion rate",
        "Helpful",
        "Outdated reports",
    ]
    alpha = cards[1]
    assert alpha[0] == "Alpha <card>a", "titles are escaped, not markup"
    assert alpha[1:] == ["4", "2", "1", "50%", "67% of 3", "1"]
    assert cards[2][1:] == ["0", "0", "0", "–", "–", "0"]
    views = [r for r in parsed.rects if r.get("class") == "bar-views"]
    assert len(views) == 1 and float(views[0]["width"] or 0) > 0
    text = " ".join(parsed.text)
    assert "ana@example.org" in text and "Alpha <card>" in text
    assert parsed.tables["missed"][1] == ["zebra crossing", "1"]
    assert "http" not in out.read_text().replace("http://www.w3.org/2000/svg", "")


def test_json_report_and_usage(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", *args]) == 2
    capsys.readouterr()
    assert main(["report", "--json", *args]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["stale_by_owner"] == {"ana@example.org": ["a"]}
    assert {c["id"] for c in report["cards"]} == {"a", "b"}
