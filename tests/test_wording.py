"""Counts are worded right everywhere: "1 card", "2 cards", never "1 cards"."""

from __future__ import annotations

import re

from cuecard.wording import plural
from tests.conftest import REPO

# A number from a variable right before a countable noun, in an f-string, e.g.
# f"{count} cards": it reads "1 cards" for one. Upper-case constants are never 1.
COUNTED = re.compile(
    r"\{(?![A-Z_]+\})[^{},]+\} ?(?:cards?|errors?|warnings?|steps?|entries|entry|files?"
    r"|matches|problems?|searches|rows?|statements?|notes?|weeks?|days?|views?|completions?"
    r"|reviews?|reports?)\b"
    # or a plural made by hand: f"{n} report{'s' if n != 1 else ''}"
    r"|\{['\"]e?s['\"] if "
)


def test_plural() -> None:
    assert plural(1, "card") == "1 card"
    assert plural(2, "card") == "2 cards"
    assert plural(0, "warning") == "0 warnings"
    assert plural(3, "entry") == "3 entries"
    assert plural(1, "entry") == "1 entry"
    assert plural(2, "match") == "2 matches"
    assert plural(2, "file and folder", "files and folders") == "2 files and folders"


def test_every_count_goes_through_plural() -> None:
    found = [
        f"{path.relative_to(REPO)}:{source[: m.start()].count(chr(10)) + 1}: {m.group()}"
        for path in sorted((REPO / "app" / "cuecard").rglob("*.py"))
        for source in [path.read_text(encoding="utf-8")]
        for m in COUNTED.finditer(source)
    ]
    assert found == [], "use cuecard.wording.plural:\n" + "\n".join(found)
