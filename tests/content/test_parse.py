"""parse.py: defaults for title, id and kind, steps, encodings, sizes and empty cards."""

from __future__ import annotations

from pathlib import Path

import pytest

from cuecard.content.markdown_text import find_steps
from cuecard.content.parse import (
    MAX_CARD_BYTES,
    default_id,
    file_signature,
    is_card_file,
    read_card,
)
from cuecard.models import Level
from cuecard.textdata import decode_card_bytes
from tests.content.helpers import ROOT, card_of, found, parse, write


class TestTitle:
    def test_front_matter_title_wins(self) -> None:
        assert card_of("---\ntitle: From YAML\n---\n# From heading\n\nbody").title == "From YAML"

    def test_first_heading_when_no_title_key(self) -> None:
        assert card_of("Intro line.\n\n# The *Heading*\n\nbody").title == "The Heading"

    def test_heading_in_code_block_is_not_the_title(self) -> None:
        text = "```bash\n# not a title\n```\n\n# Real title\n\nbody"
        assert card_of(text).title == "Real title"

    def test_file_name_when_no_heading(self) -> None:
        assert card_of("just body", name="calc/freeze_header-row.md").title == "Freeze header row"

    def test_level_two_heading_is_not_a_title(self) -> None:
        assert card_of("## Step\n\nbody", name="undo.md").title == "Undo"

    def test_blank_title_falls_back(self) -> None:
        assert card_of("---\ntitle: '  '\n---\n# Heading\n\nbody").title == "Heading"


class TestId:
    def test_path_below_root_without_suffix(self) -> None:
        assert card_of("body", name="calc/basics/freeze.md").id == "calc/basics/freeze"

    def test_markdown_suffix_also_dropped(self) -> None:
        assert card_of("body", name="notes/x.markdown").id == "notes/x"

    def test_front_matter_id_wins(self) -> None:
        assert card_of("---\nid: calc/freeze-header\n---\nbody", name="a.md").id == (
            "calc/freeze-header"
        )

    def test_numeric_id_becomes_text(self) -> None:
        assert card_of("---\nid: 42\n---\nbody").id == "42"

    def test_default_id_uses_forward_slashes(self) -> None:
        assert default_id(Path("/r/a/b/c.md"), Path("/r")) == "a/b/c"

    def test_default_id_outside_root_is_file_name(self) -> None:
        assert default_id(Path("/elsewhere/x.md"), Path("/r")) == "x"

    def test_default_id_keeps_inner_dots(self) -> None:
        assert default_id(Path("/r/v1.2/notes.v2.md"), Path("/r")) == "v1.2/notes.v2"


def steps_of(text: str) -> tuple[str, ...]:
    """Step titles of a card without front matter; its step count must agree."""
    titles = find_steps(text)
    assert card_of(text).step_count == len(titles)
    return titles


class TestKindAndSteps:
    def test_plain_card(self) -> None:
        card = card_of("# Tip\n\nJust a tip.")
        assert (card.kind, card.step_count) == ("card", 0)

    def test_level_two_sections_are_steps(self) -> None:
        text = "# Guide\n\nIntro.\n\n## Open the **menu**\ntext\n\n## Click Save\ntext"
        card = card_of(text)
        assert steps_of(text) == ("Open the menu", "Click Save")
        assert card.kind == "guide"

    def test_first_top_level_ordered_list_gives_steps(self) -> None:
        text = "# G\n\nDo this:\n\n1. First\n2. Second\n   more\n3) Third\n\nAfter.\n\n1. Other"
        card = card_of(text)
        assert steps_of(text) == ("First", "Second", "Third")
        assert card.kind == "guide"

    def test_sections_win_over_ordered_list(self) -> None:
        assert steps_of("# G\n\n1. a\n2. b\n\n## Only step\nx") == ("Only step",)

    def test_indented_ordered_list_is_not_top_level(self) -> None:
        text = "# G\n\n- bullet\n    1. nested\n    2. nested too\n"
        card = card_of(text)
        assert steps_of(text) == ()
        assert card.kind == "card"

    @pytest.mark.parametrize("fence", ["```", "~~~", "````"])
    def test_headings_in_fenced_code_are_ignored(self, fence: str) -> None:
        text = f"# G\n\n{fence}\n## not a step\n1. not a step\n{fence}\n\n## Real step\nx"
        assert steps_of(text) == ("Real step",)

    def test_list_inside_code_only_means_no_steps(self) -> None:
        assert steps_of("# G\n\n```\n1. a\n2. b\n```\n") == ()

    def test_explicit_kind_wins(self) -> None:
        assert card_of("---\nkind: Card\n---\n# G\n\n## s\nx").kind == "card"
        assert card_of("---\nkind: guide\n---\nbody").kind == "guide"


class TestMinutes:
    def test_over_ten_is_error_but_card_loads(self) -> None:
        parsed = parse("---\ntitle: Long\nminutes: 12\n---\nbody")
        assert parsed.card is not None
        assert parsed.card.minutes == 12
        assert found(parsed.problems) == [
            (3, "error", "minutes is 12; a card must take at most 10 minutes")
        ]

    def test_ten_is_fine(self) -> None:
        parsed = parse("---\nminutes: 10\n---\nbody")
        assert parsed.card is not None and parsed.card.minutes == 10
        assert parsed.problems == ()

    def test_fraction_rounds(self) -> None:
        assert card_of("---\nminutes: 0.2\n---\nbody").minutes == 1
        assert card_of("---\nminutes: 2.6\n---\nbody").minutes == 3


class TestEncodings:
    def test_bom_and_crlf(self) -> None:
        raw = b"\xef\xbb\xbf---\r\ntitle: BOM\r\nminutes: 99\r\n---\r\n# X\r\n\r\nbody\r\n"
        parsed = parse(raw)
        assert parsed.card is not None and parsed.card.title == "BOM"
        # line numbers still count CRLF lines correctly
        assert found(parsed.problems, Level.ERROR)[0][0] == 3

    def test_old_mac_line_endings(self) -> None:
        assert decode_card_bytes(b"a\rb\r\nc").text == "a\nb\nc"

    def test_latin1_is_an_error(self) -> None:
        parsed = parse("# Café\n\nbody".encode("latin-1"))
        assert parsed.card is None
        assert found(parsed.problems) == [
            (0, "error", "not UTF-8 (invalid byte at offset 5); save it as UTF-8")
        ]

    @pytest.mark.parametrize("raw", [b"\x89PNG\r\n\x1a\n\x00\x00", "# A\n".encode("utf-16")])
    def test_binary_is_an_error(self, raw: bytes) -> None:
        parsed = parse(raw)
        assert parsed.card is None
        assert found(parsed.problems) == [(0, "error", "binary file, not a markdown card")]


class TestEmptyAndBroken:
    @pytest.mark.parametrize(
        ("text", "line"),
        [
            ("", 1),
            ("   \n\n", 1),
            ("# Only a title\n", 1),
            ("---\ntitle: T\n---\n", 4),
            ("---\ntitle: T\n---\n# T\n\n{: .note}\n", 4),
        ],
    )
    def test_empty_cards_are_errors(self, text: str, line: int) -> None:
        parsed = parse(text)
        assert parsed.card is None
        assert found(parsed.problems) == [
            (line, "error", "empty card: no body text; card not loaded")
        ]

    def test_no_front_matter_is_a_valid_card(self) -> None:
        parsed = parse("Press Ctrl+Z to undo.")
        assert parsed.card is not None and parsed.problems == ()
        assert parsed.card.id == "card"

    def test_unclosed_front_matter_warns_and_loads(self) -> None:
        parsed = parse("---\ntitle: x\nbody text")
        assert parsed.card is not None
        assert found(parsed.problems) == [
            (1, "warning", "front matter starts with '---' but is never closed; read as body")
        ]

    def test_front_matter_not_a_mapping(self) -> None:
        parsed = parse("---\n- a\n- b\n---\nbody")
        assert parsed.card is not None
        assert found(parsed.problems) == [
            (2, "warning", "front matter is not a mapping of keys; ignored")
        ]

    def test_yaml_error_line_is_a_file_line(self) -> None:
        parsed = parse("---\ntitle: ok\nminutes: 2\nbad: [x\n---\nbody")
        assert parsed.card is None
        [(line, level, message)] = found(parsed.problems)
        assert level == "error"
        assert line >= 4
        assert message.startswith("unparseable YAML") and message.endswith("card not loaded")


class TestReadCard:
    def test_reads_real_file_with_size_and_mtime(self, tmp_path: Path) -> None:
        path = write(tmp_path / "calc" / "a.md", "# A\n\nbody\n")
        parsed = read_card(path, tmp_path)
        assert parsed.card is not None
        assert (parsed.card.id, parsed.card.path, parsed.card.root) == ("calc/a", path, tmp_path)
        assert (parsed.card.size, parsed.card.mtime_ns) == file_signature(path)

    def test_file_over_one_megabyte_is_an_error(self, tmp_path: Path) -> None:
        path = write(tmp_path / "big.md", "# Big\n\n" + "x" * MAX_CARD_BYTES)
        parsed = read_card(path, tmp_path)
        assert parsed.card is None
        [(line, level, message)] = found(parsed.problems)
        assert (line, level) == (0, "error")
        assert message.startswith("file is over 1 MB")

    def test_file_just_under_limit_loads(self, tmp_path: Path) -> None:
        path = write(tmp_path / "ok.md", "# Ok\n\n" + "word " * ((MAX_CARD_BYTES - 10) // 5))
        assert read_card(path, tmp_path).card is not None

    def test_missing_file_is_an_error(self, tmp_path: Path) -> None:
        parsed = read_card(tmp_path / "gone.md", tmp_path)
        assert parsed.card is None
        assert parsed.problems[0].message.startswith("cannot read file")

    def test_file_signature_of_missing_file(self, tmp_path: Path) -> None:
        assert file_signature(tmp_path / "nope.md") is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.md", True),
        ("A.MD", True),
        ("b.markdown", True),
        (".hidden.md", False),
        ("#a.md#", False),
        ("~lock.md", False),
        ("a.md~", False),
        ("a.txt", False),
        ("a.md.tmp", False),
    ],
)
def test_is_card_file(name: str, expected: bool) -> None:
    assert is_card_file(ROOT / name) is expected
