"""Untrusted text reaches the terminal without control or bidi override characters;
JSON output keeps it exactly; lint names the file, line and field that hold them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cuecard import watch_cli
from cuecard.cli import main
from cuecard.clock import FixedClock
from cuecard.models import WindowInfo
from cuecard.terminal import UNSAFE, terminal_line, unsafe_characters
from tests.conftest import write_card

# What a hostile card or window can carry: an OSC that retitles the terminal, a CSI that
# clears it (7-bit and the 8-bit C1 form), a bell, a right-to-left override, an isolate.
NASTY = "\x1b]0;pwned\x07Fix \x1b[2J\x9b31mit\u202eevil\u2066x\u2069 \u200eok"
YAML_NASTY = '"\\e]0;pwned\\aFix \\e[2J\\x9b31mit\\u202Eevil\\u2066x\\u2069 \\u200Eok"'
CLEAN = "]0;pwnedFix [2J31mitevilx \u200eok"

CARD = f"""---
title: {YAML_NASTY}
summary: {YAML_NASTY}
owner: {YAML_NASTY}
tags: [{YAML_NASTY}]
when:
  - app: xterm
---
# Heading

Body about spreadsheets.
"""


def assert_safe(text: str) -> None:
    found = [ch for ch in text if UNSAFE.match(ch) and ch != "\n"]
    assert found == [], f"unsafe characters printed: {found!r} in {text!r}"


def test_terminal_line_strips_controls_and_overrides_only() -> None:
    assert terminal_line(NASTY) == CLEAN
    assert terminal_line("a\tb\nc\r\nd") == "a b c  d"
    kept = "Ünïcödé 表計算 \u200f\u200e עברית"
    assert terminal_line(kept) == kept
    assert unsafe_characters(NASTY) == (
        "U+001B",
        "U+0007",
        "U+009B",
        "U+202E",
        "U+2066",
        "U+2069",
    )


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    write_card(folder, "nasty.md", CARD)
    return folder


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_cli_text_output_is_stripped_and_json_is_exact(
    root: Path, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = tmp_path / "settings.yaml"
    settings.write_text("content.builtin: false\n")
    common = ("--data-dir", str(data_dir), "--config", str(settings), "--content", str(root))
    outputs = {
        "search": run(capsys, "search", "spreadsheets", *common),
        "match": run(capsys, "match", "--app", "xterm", *common),
        "log add": run(capsys, "log", "add", NASTY, *common),
        "log list": run(capsys, "log", "list", *common),
        "stats": run(capsys, "stats", *common),
        "missed search": run(capsys, "search", NASTY, *common),
    }
    for command, (code, out) in outputs.items():
        assert code == 0, (command, out)
        assert_safe(out)
    assert CLEAN in outputs["search"][1] and CLEAN in outputs["match"][1]
    assert CLEAN in outputs["log list"][1]
    code, out = run(capsys, "search", "spreadsheets", "--json", *common)
    assert json.loads(out)[0]["title"] == NASTY, "JSON keeps the text exactly"
    code, out = run(capsys, "log", "list", "--json", *common)
    assert json.loads(out)[0]["text"] == NASTY


def test_lint_warns_with_file_line_and_field(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_card(root, "heading.md", "# Title \u202egnp.exe\n\nBody.\n")
    code, out = run(capsys, "lint", str(root))
    assert code == 0, "a warning, not an error"
    assert_safe(out)
    nasty = str(root / "nasty.md")
    for line, field in ((2, "title"), (3, "summary"), (4, "owner"), (5, "tags")):
        assert any(
            row.startswith(f"{nasty}:{line}: warning: '{field}' contains control or bidi")
            and "U+202E" in row
            for row in out.splitlines()
        ), (field, out)
    assert f"{root / 'heading.md'}:1: warning: 'title' contains" in out
    code, out = run(capsys, "lint", "--format", "json", str(root))
    fields = {p["field"] for p in json.loads(out)["problems"] if "bidi" in p["message"]}
    assert fields == {"title", "summary", "owner", "tags"}


def test_doctor_text_output_is_stripped(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "roots \x1b[2J\u202e"
    write_card(root, "a.md", "# A\n\nBody.\n")
    main(["doctor", "--data-dir", str(data_dir), "--content", str(root)])
    out = capsys.readouterr().out
    assert_safe(out)
    assert "roots [2J" in out


def test_watch_text_output_is_stripped(
    capsys: pytest.CaptureFixture[str], clock: FixedClock
) -> None:
    window = WindowInfo(app="xterm\x1b[8m", title=NASTY, window_class="XTerm\u202e")
    watch_cli._show(window, as_json=False, now=clock.now())
    out = capsys.readouterr().out
    assert_safe(out)
    assert "app=xterm[8m" in out
    watch_cli._show(window, as_json=True, now=clock.now())
    assert json.loads(capsys.readouterr().out)["title"] == NASTY
