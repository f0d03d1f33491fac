"""Hostile input: nothing an author (or an attacker) puts in a file makes parsing raise."""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cuecard.content.fields import FOREIGN_KEYS, KNOWN_KEYS
from cuecard.content.library import ContentLibrary
from cuecard.content.lint import lint_snapshot
from cuecard.content.markdown_text import plain_text
from cuecard.content.parse import ParsedCard, read_card
from cuecard.content.render import render_body
from cuecard.content.triggers import TRIGGER_KEYS
from cuecard.models import Card, Level
from tests.content.helpers import found, parse, write
from tests.content.hostile_markup import HOSTILE

FUZZ = settings(max_examples=200, deadline=None, database=None)
# Every key the reader knows (its own, foreign and trigger keys) plus recall's q and a.
KEYS = [*sorted(KNOWN_KEYS), *FOREIGN_KEYS, *sorted(TRIGGER_KEYS), "q", "a"]
YAMLISH = [
    *"-:[]{}&*!|>'\"#,?%@`\n\t ",
    "  ",
    "- ",
    ": ",
    "&a ",
    "*a",
    "!!str ",
    "app",
    "when",
    "title",
    "re:(",
    "2026-01-01",
]


def check_outcome(parsed: ParsedCard) -> None:
    """Whatever came in: a card or an error, well-formed problems, never an exception."""
    assert isinstance(parsed, ParsedCard)
    if parsed.card is None:
        assert any(p.level is Level.ERROR for p in parsed.problems)
    else:
        assert isinstance(parsed.card, Card)
        assert parsed.card.id and parsed.card.title
        assert parsed.card.kind in ("card", "guide")
        assert parsed.card.minutes is None or parsed.card.minutes >= 1
    for problem in parsed.problems:
        assert problem.line >= 0
        assert problem.message


scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=30)
    | st.dates()
    | st.datetimes()
)
nested: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(KEYS) | st.text(max_size=8) | st.integers(), children, max_size=4
        )
    ),
    max_leaves=25,
)


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes_never_raise(raw: bytes) -> None:
    check_outcome(parse(raw))


@FUZZ
@given(st.binary(max_size=500))
def test_random_bytes_after_front_matter_marker_never_raise(raw: bytes) -> None:
    check_outcome(parse(b"---\n" + raw + b"\n---\n# T\n\nbody"))


@FUZZ
@given(st.lists(st.sampled_from(YAMLISH), max_size=120).map("".join), st.text(max_size=300))
def test_yamlish_front_matter_never_raises(front: str, body: str) -> None:
    check_outcome(parse(f"---\n{front}\n---\n{body}"))


@FUZZ
@given(
    st.dictionaries(st.sampled_from(KEYS), nested, max_size=8),
    st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=200),
)
def test_generated_front_matter_structures_never_raise(data: dict[str, Any], body: str) -> None:
    front = yaml.safe_dump(data, allow_unicode=True, default_flow_style=False)
    parsed = parse(f"---\n{front}---\n# Title\n\nText {body}")
    check_outcome(parsed)
    assert parsed.card is not None  # valid YAML and a body: always loads, bad fields dropped
    assert not [m for _, _, m in found(parsed.problems) if "not loaded" in m]


@FUZZ
@given(nested)
def test_any_yaml_value_in_any_field_never_raises(value: object) -> None:
    for key in ("when", "recall", "minutes", "tags", "reviewed"):
        front = yaml.safe_dump({key: value}, allow_unicode=True)
        check_outcome(parse(f"---\n{front}---\nbody"))


def bomb(levels: int = 9, width: int = 9) -> str:
    lines = ['a0: &a0 ["lol"' + ', "lol"' * (width - 1) + "]"]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    return "\n".join(lines)


def test_billion_laughs_is_an_error_quickly() -> None:
    started = time.perf_counter()
    parsed = parse(f"---\ntitle: lol\n{bomb()}\n---\n# Lol\n\nbody\n")
    elapsed = time.perf_counter() - started
    assert parsed.card is None
    assert found(parsed.problems) == [
        (2, "error", "aliases expand beyond a sane size (YAML bomb?); card not loaded")
    ]
    assert elapsed < 5


def test_billion_laughs_in_pack_files_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "a.md", "# A\n\nbody")
    rules = write(tmp_path / "rules.yaml", bomb())
    started = time.perf_counter()
    snapshot = ContentLibrary([tmp_path]).load()
    assert time.perf_counter() - started < 5
    assert [(p.path, p.level, p.message) for p in snapshot.problems] == [
        (rules, Level.ERROR, "aliases expand beyond a sane size (YAML bomb?)")
    ]


def test_recursive_alias_is_an_error() -> None:
    parsed = parse("---\nwhen: &loop\n  - app: x\n    more: *loop\n---\nbody")
    assert parsed.card is None
    assert found(parsed.problems) == [(2, "error", "recursive alias; card not loaded")]


def test_ten_thousand_deep_nesting_in_front_matter() -> None:
    parsed = parse("---\nwhen: " + "[" * 10_000 + "]" * 10_000 + "\n---\nbody")
    assert parsed.card is None
    [(_, level, message)] = found(parsed.problems)
    assert level == "error"
    assert message == "nesting deeper than 40 levels; card not loaded"


def test_ten_thousand_unclosed_brackets_in_front_matter() -> None:
    parsed = parse("---\nx: " + "[" * 10_000 + "\n---\nbody")
    check_outcome(parsed)
    assert parsed.card is None


def test_ten_thousand_deep_nesting_in_body_loads() -> None:
    body = "# Deep\n\n" + "[" * 10_000 + "\n\n" + "> " * 2_000 + "quote\n"
    parsed = parse(body)
    check_outcome(parsed)
    assert parsed.card is not None and parsed.card.title == "Deep"


def test_huge_file_is_an_error_and_not_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    with path.open("wb") as handle:
        handle.write(b"# Huge\n\n")
        handle.seek(20 * 1024 * 1024)
        handle.write(b"end\n")
    parsed = read_card(path, tmp_path)
    assert parsed.card is None
    [(line, level, message)] = found(parsed.problems)
    assert (line, level) == (0, "error")
    assert message.startswith("file is over 1 MB")


def test_huge_front_matter_is_an_error() -> None:
    parsed = parse("---\n" + "k: v\n" * 20_000 + "---\nbody")
    assert found(parsed.problems) == [(2, "error", "YAML is larger than 64 KB; card not loaded")]


def test_wrong_encodings_are_errors() -> None:
    for raw in (
        "# Größe\n\nÄnderung".encode("cp1252"),
        "# 表\n\n本文".encode("shift_jis"),
        "# A\n\nb".encode("utf-16-le"),
        b"\xff\xfe\xfd",
    ):
        parsed = parse(raw)
        assert parsed.card is None
        [(line, level, message)] = found(parsed.problems)
        assert (line, level) == (0, "error")
        assert message.startswith(("not UTF-8", "binary file"))


@pytest.mark.parametrize("minutes", [".nan", ".inf", "-.inf", "1e400"])
def test_non_finite_minutes_are_dropped(minutes: str) -> None:
    parsed = parse(f"---\nminutes: {minutes}\n---\nbody")
    assert parsed.card is not None and parsed.card.minutes is None
    [(line, level, message)] = found(parsed.problems)
    assert (line, level) == (2, "warning")
    assert message.startswith("'minutes' should be a positive number")


def test_odd_but_valid_scalars() -> None:
    parsed = parse(
        "---\ntitle: .inf\nreviewed: 0001-01-01\nreview_every: 99999d\n"
        "id: ~\ntags: [1.5, -0]\n---\nbody"
    )
    check_outcome(parsed)
    assert parsed.card is not None
    assert (parsed.card.title, parsed.card.id) == ("inf", "card")
    assert parsed.card.tags == ("1.5", "0")
    assert parsed.card.review_due == date(1, 1, 1) + timedelta(days=99999)


@pytest.mark.parametrize("text", ["a: \x01", "a: ok\nb: x\x08y", "a: \ufffe", "a: \x1b[31m"])
def test_control_characters_in_front_matter_are_errors(text: str) -> None:
    parsed = parse(f"---\n{text}\n---\nbody")
    assert parsed.card is None
    [(line, level, message)] = found(parsed.problems)
    assert (line, level) == (text.count("\n") + 2, "error")
    assert "\n" not in message  # one line per problem in lint output
    assert message.startswith("unparseable YAML")


def test_far_future_review_date_does_not_break_lint(tmp_path: Path) -> None:
    write(tmp_path / "far.md", "---\nreviewed: 9999-12-31\nreview_every: 30d\n---\nbody")
    snapshot = ContentLibrary([tmp_path]).load()
    report = lint_snapshot(snapshot, date(2026, 1, 1))
    assert (report.cards, report.problems) == (1, ())


def test_whole_folder_of_hostile_files_loads(tmp_path: Path) -> None:
    hostile = {
        "bomb.md": f"---\n{bomb()}\n---\nbody",
        "deep.md": "---\na: " + "{a: " * 5000 + "\n---\nx",
        "bin.md": bytes(range(256)) * 10,
        "latin.md": "é".encode("latin-1"),
        "empty.md": b"",
        "bom-only.md": b"\xef\xbb\xbf",
        "dashes.md": "---\n" * 50,
        "ctrl.md": "---\na: \x07\n---\nbody",
        "good.md": "# Good\n\nbody",
    }
    for name, content in hostile.items():
        write(tmp_path / name, content)
    snapshot = ContentLibrary([tmp_path]).load()
    assert list(snapshot.cards) == ["good"]
    errors = {p.path.name for p in snapshot.problems if p.level is Level.ERROR}
    assert errors == set(hostile) - {"good.md"}
    assert lint_snapshot(snapshot, date(2026, 1, 1)).exit_code == 1


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_markup_is_indexed_linted_and_rendered(name: str, tmp_path: Path) -> None:
    """Every family of odd markup (tests/content/hostile_markup.py) goes through text
    extraction, lint and rendering, and the words after it survive each; how long that
    takes is in bench/markup."""
    body = HOSTILE[name](16_000) + "\n\nlast words\n"
    assert plain_text(body).endswith("last words")
    write(tmp_path / "odd.md", f"---\ntitle: Odd\n---\n{body}")
    snapshot = ContentLibrary([tmp_path]).load()
    assert list(snapshot.cards) == ["odd"]
    assert lint_snapshot(snapshot, date.today()).errors == 0
    rendered = render_body(body, tmp_path, tmp_path)
    shown = rendered.intro_html + "".join(s.html for s in rendered.steps) + rendered.outro_html
    assert "last words" in shown
