"""`--mark-reviewed` edits exactly one line: everything else stays byte for byte."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
import re2

from cuecard.clock import FixedClock
from cuecard.content.parse import parse_card_bytes
from cuecard.stewardship import edit
from cuecard.stewardship.edit import BOM, EditError, set_reviewed_bytes, set_reviewed_text


def reviewed_after(raw: bytes) -> date | None:
    card = parse_card_bytes(raw, Path("/r/c.md"), Path("/r")).card
    assert card is not None
    return card.reviewed


def changed_lines(before: bytes, after: bytes) -> list[tuple[bytes, bytes]]:
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(old) == len(new), "no line added or removed"
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


@pytest.fixture
def day(clock: FixedClock) -> date:
    return clock.today()


def test_only_the_reviewed_line_changes_crlf_bom_and_comments_kept(day: date) -> None:
    text = (
        "---\r\n# a comment about this card\r\ntitle:   Freeze   # spaced as the author likes\r\n"
        "reviewed: 2020-01-02   # checked against Calc 7.6\r\nowner: ana@example.org\r\n"
        "tags: [a,  b]\r\n---\r\n# Freeze\r\n\r\nBody.\r\n"
    )
    raw = BOM + text.encode()
    edited = set_reviewed_bytes(raw, day)
    assert edited.startswith(BOM)
    assert changed_lines(raw, edited) == [
        (
            b"reviewed: 2020-01-02   # checked against Calc 7.6\r\n",
            f"reviewed: {day.isoformat()}   # checked against Calc 7.6\r\n".encode(),
        )
    ]
    assert reviewed_after(edited) == day


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("reviewed: '2020-01-02'", "reviewed: '{d}'"),
        ('reviewed: "2020-01-02" # quoted', 'reviewed: "{d}" # quoted'),
        ("reviewed:", "reviewed: {d}"),
        ("lastmod: 2020-01-02T10:00:00Z", "lastmod: {d}"),
        ("updated: never", "updated: {d}"),
    ],
)
def test_the_value_is_replaced_in_the_authors_style(day: date, line: str, expected: str) -> None:
    text = f"---\ntitle: T\n{line}\n---\nBody\n"
    edited = set_reviewed_text(text, day)
    assert edited.splitlines()[2] == expected.format(d=day.isoformat())
    assert reviewed_after(edited.encode()) == day


def test_the_parsers_key_is_edited_when_there_are_several(day: date) -> None:
    text = "---\ndate: 2019-05-05\nlastmod: 2020-01-02\n---\nBody\n"
    edited = set_reviewed_text(text, day)
    assert edited.splitlines()[1:3] == ["date: 2019-05-05", f"lastmod: {day.isoformat()}"]
    assert reviewed_after(edited.encode()) == day


@pytest.mark.parametrize(
    ("front", "after_line"),
    [
        ("title: T\nowner: ana@example.org\ntags: [x]\n", "owner: ana@example.org"),
        (
            "title: T\nowner:\n  - ana@example.org\n  - bo@example.org\ntags: [x]\n",
            "  - bo@example.org",
        ),
        ("title: T\ntags: [x]\n", "tags: [x]"),
    ],
)
def test_a_missing_line_is_added_after_the_owner(day: date, front: str, after_line: str) -> None:
    text = f"---\n{front}---\n# T\n\nBody\n"
    edited = set_reviewed_text(text, day).splitlines()
    original = text.splitlines()
    at = original.index(after_line) + 1
    assert edited[:at] + edited[at + 1 :] == original, "one line added, nothing else"
    assert edited[at] == f"reviewed: {day.isoformat()}"


def test_a_card_without_front_matter_gets_one(day: date) -> None:
    raw = BOM + b"# Plain\r\n\r\nJust text.\r\n"
    edited = set_reviewed_bytes(raw, day)
    assert edited == BOM + f"---\r\nreviewed: {day.isoformat()}\r\n---\r\n".encode() + raw[3:]
    assert reviewed_after(edited) == day


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: T\nreviewed: >\n  2020-01-02\n---\nBody\n",
        "---\ntitle: T\nreviewed:\n  2020-01-02\n---\nBody\n",
        "---\ntitle: T\nreviewed: [2020-01-02]\n---\nBody\n",
        "---\ntitle: T\nno end\n",
    ],
)
def test_what_cannot_be_edited_safely_is_refused(day: date, text: str) -> None:
    with pytest.raises(EditError):
        set_reviewed_text(text, day - timedelta(days=1))


@pytest.mark.parametrize("filler", [" ", " \t", "a "])
def test_a_long_value_is_one_linear_match(
    day: date, filler: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A value line of 200,000 blanks: Python's re retried the comment from each
    character (quadratic, minutes). The value is read by one match on RE2, which is
    linear in the line by construction (no backtracking)."""
    assert isinstance(edit._PLAIN, re2._Regexp), "a linear-time engine"
    matched: list[int] = []
    real = edit._PLAIN

    class Counting:
        def match(self, text: str) -> object:
            matched.append(len(text))
            return real.match(text)

    monkeypatch.setattr(edit, "_PLAIN", Counting())
    value = "a" + filler * 100_000 + "b"
    text = f"---\ntitle: T\nreviewed: {value}  # kept\n---\nBody\n"
    edited = set_reviewed_text(text, day)
    assert edited.splitlines()[2] == f"reviewed: {day.isoformat()}  # kept"
    assert matched == [len(value) + 9], "one match over the value line"


def test_a_hash_inside_a_plain_value_is_part_of_it(day: date) -> None:
    edited = set_reviewed_text("---\nreviewed: 2020#1 # c\n---\nBody\n", day)
    assert edited.splitlines()[1] == f"reviewed: {day.isoformat()} # c"
