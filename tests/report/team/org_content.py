"""The simulated organisation's content: cards, a first-week path, two sprints and the
tips people shared (once published), written as real card and YAML files."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from tests.conftest import write_card

GENERAL = ("sheets/freeze", "mail/rules", "calls/share-screen", "docs/headings")
PIVOT = "sheets/pivot"  # used by exactly 4 people: its row is left out
FILTER = "sheets/filter"  # used by exactly 5 people: its row is shown
PATH_DAYS = (
    ("welcome/log", "welcome/tabs"),
    ("welcome/calls",),
    ("welcome/docs", "welcome/sheets"),
    ("welcome/share",),
)
PATH_ID = "first-week"
SPRINT = "report-confidence"
TINY_SPRINT = "tiny-sprint"
TIPS = {  # tip id -> title, or None for a tip nobody published
    "tips/a0000001": "Sort a sheet by two columns",
    "tips/a0000002": "Mute with the space bar",
    "tips/a0000003": "Pin a mail thread",
    "tips/a0000004": "Heading styles, fast",
    "tips/a0000005": "Share one tab only",
    "tips/a0000006": None,
}
TITLES = {
    "sheets/freeze": "Freeze the header row",
    "mail/rules": "Sort mail with rules",
    "calls/share-screen": "Share one window",
    "docs/headings": "Headings and a table of contents",
    PIVOT: "Pivot tables",
    FILTER: "Filter a sheet",
    "welcome/log": "Keep a learning log",
    "welcome/tabs": "Tabs in the browser",
    "welcome/calls": "Your first call",
    "welcome/docs": "Documents",
    "welcome/sheets": "Spreadsheets",
    "welcome/share": "Share what you learned",
}
STEWARD = "ana@example.org"


def card_text(card_id: str, title: str, today: date) -> str:
    reviewed = today - timedelta(days=400 if card_id == "mail/rules" else 10)
    owner = f"owner: {STEWARD}\n" if card_id == "mail/rules" else ""
    return (
        f"---\nid: {card_id}\ntitle: {title}\n{owner}reviewed: {reviewed.isoformat()}\n"
        f"review_every: 90d\n---\n# {title}\n\n1. Do this.\n2. Then that.\n"
    )


def write_content(root: Path, today: date) -> Path:
    for card_id, title in TITLES.items():
        write_card(root, f"{card_id}.md", card_text(card_id, title, today))
    for tip_id, title in TIPS.items():
        if title is not None:
            write_card(
                root, f"published/{tip_id.split('/')[1]}.md", card_text(tip_id, title, today)
            )
    days = "\n".join(f"  - cards: [{', '.join(cards)}]" for cards in PATH_DAYS)
    write_card(root, f"paths/{PATH_ID}.yaml", f"name: First week\ndays:\n{days}\n")
    for sprint_id, name in ((SPRINT, "Report confidence"), (TINY_SPRINT, "Tiny sprint")):
        write_card(
            root,
            f"sprints/{sprint_id}.yaml",
            f"name: {name}\ngoal: Do the monthly report alone.\nweeks: 2\n"
            "cards: [sheets/freeze, docs/headings]\n",
        )
    return root
