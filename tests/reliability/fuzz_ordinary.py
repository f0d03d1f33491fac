"""Ordinary input of a given size for each fuzz target: what real authors, admins and
servers write. The time these take is the yardstick for "no input takes more than 100×
the time of ordinary text of the same size"."""

from __future__ import annotations

import hashlib
import json
from functools import cache

from cuecard.paths import bundled


@cache
def _sample_cards() -> list[str]:
    root = bundled("content")
    return [path.read_text(encoding="utf-8") for path in sorted(root.rglob("*.md"))]


def _fill(parts: list[str], size: int, joiner: str = "\n") -> str:
    out: list[str] = []
    total = 0
    index = 0
    while total < size:
        part = parts[index % len(parts)]
        out.append(part)
        total += len(part.encode("utf-8")) + len(joiner)
        index += 1
    return joiner.join(out)


def ordinary_card(size: int) -> bytes:
    """A real sample card, its body extended with the other sample cards' bodies."""
    cards = _sample_cards()
    first = cards[0]
    bodies = [card.split("\n---\n", 1)[-1] for card in cards[1:]]
    text = first + "\n" + _fill(bodies, max(size - len(first), 0))
    return text.encode("utf-8")[:size]


RULE = """  - when:
      - app: [soffice.bin, libreoffice-calc]
        title: "*LibreOffice Calc"
      - app: firefox
        title: 're:^Meet\\s[-–]\\s.*$'
    show: [spreadsheet/freeze-header, tag:shortcuts]
"""


def ordinary_rules(size: int) -> bytes:
    return ("rules:\n" + _fill([RULE], size - 7, "")).encode("utf-8")


SETTINGS = """# Cuecard settings
nudges:
  per_hour: 2
  per_day: 8
  quiet_hours: "18:00-08:30"
content.roots: [~/cards, /srv/team-cards]
sync.enabled: true
sync.endpoint: https://lrs.example.org/xAPI/
sync.actor_home_page: https://example.org
hotkey: <ctrl>+<alt>+<space>
"""


def ordinary_settings(size: int) -> bytes:
    titles = [f"  - '*Private {n} - Mozilla Firefox*'" for n in range(size // 30 + 1)]
    return (SETTINGS + "privacy.exclude_titles:\n" + "\n".join(titles) + "\n").encode()[:size]


def ordinary_index(size: int) -> bytes:
    files = []
    total = 0
    n = 0
    while total < size:
        path = f"topic-{n % 17}/card-{n}.md"
        digest = hashlib.sha256(path.encode()).hexdigest()
        entry = {"path": path, "size": 1000 + n, "sha256": digest}
        files.append(entry)
        total += len(json.dumps(entry)) + 4
        n += 1
    index = {
        "format": 1,
        "name": "Team cards",
        "version": "2030.06.1",
        "created": "2030-06-01T09:00:00+00:00",
        "files": files,
    }
    return json.dumps(index, indent=1).encode()


STATEMENT = {
    "id": "6a4e2c1e-7f5b-4a43-9c1e-2b1d1e0f0a11",
    "actor": {
        "objectType": "Agent",
        "account": {"homePage": "https://example.org", "name": "1f0c8a"},
    },
    "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-US": "completed"}},
    "object": {
        "objectType": "Activity",
        "id": "https://example.org/cuecard/cards/spreadsheet/freeze-header",
        "definition": {"type": "http://adlnet.gov/expapi/activities/lesson"},
    },
    "result": {"completion": True, "score": {"scaled": 0.75}},
    "context": {"platform": "Cuecard", "registration": "9d3c1e0a-1b2c-4d5e-8f90-a1b2c3d4e5f6"},
    "timestamp": "2030-06-01T09:30:00.250Z",
    "stored": "2030-06-01T09:30:01.000Z",
}


def ordinary_page(size: int) -> bytes:
    """A 200 answer to GET /statements with as many statements as fit in `size`."""
    one = len(json.dumps(STATEMENT))
    page = {"statements": [STATEMENT] * max(1, size // one), "more": ""}
    return b"\x00Content-Type: application/json\n\n" + json.dumps(page).encode()


QUERIES = ["freeze header row", "pivot table", "mute shortcut zoom", "share one window"]


def ordinary_query(size: int) -> bytes:
    """What people type into the search palette, as long as `size` (the engine reads at
    most its first 500 characters)."""
    return _fill(QUERIES, size, " ").encode("utf-8")[:size]
