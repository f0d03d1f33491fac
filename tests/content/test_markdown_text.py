"""markdown_text.py: fences, Kramdown/Liquid clean-up, titles, sections and plain text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cuecard.content.markdown_inline import strip_links
from cuecard.content.markdown_text import (
    _strip_trailing_attributes,
    clean_source,
    count_steps,
    find_steps,
    first_heading,
    heading_text,
    inline_text,
    iter_fenced,
    plain_text,
    split_sections,
)


class TestFences:
    def test_lines_inside_fences_are_marked(self) -> None:
        lines = ["a", "```py", "x", "```", "b"]
        assert [code for _, _, code in iter_fenced(lines)] == [False, True, True, True, False]

    def test_shorter_or_other_fence_does_not_close(self) -> None:
        lines = ["````", "```", "~~~", "x", "````", "after"]
        assert [code for _, _, code in iter_fenced(lines)] == [True] * 5 + [False]

    def test_indented_four_spaces_is_not_a_fence(self) -> None:
        assert [code for _, _, code in iter_fenced(["    ```", "x"])] == [False, False]

    def test_unclosed_fence_runs_to_the_end(self) -> None:
        assert [code for _, _, code in iter_fenced(["~~~", "## x", "1. y"])] == [True] * 3


class TestCleanSource:
    def test_kramdown_attribute_lines_are_dropped(self) -> None:
        body = "| a | b |\n|---|---|\n| 1 | 2 |\n{: .-three-column}\n\nText {: .note}\n"
        assert clean_source(body) == "| a | b |\n|---|---|\n| 1 | 2 |\n\nText\n"

    def test_liquid_tags_are_dropped(self) -> None:
        assert clean_source("{% raw %}\nkeep\n{% endraw %}") == "keep"

    def test_code_blocks_are_untouched(self) -> None:
        body = "```\n{: .x}\n{% tag %}\n```"
        assert clean_source(body) == body


class TestHeadings:
    @pytest.mark.parametrize(
        ("body", "title"),
        [
            ("# Simple\n", "Simple"),
            ("# Closed #\n", "Closed"),
            ("# With `code`\n", "With code"),
            ("# Attr {: #anchor}\n", "Attr"),
            ("#NoSpace\n\n# Real\n", "Real"),
            ("## Level two\n", None),
            ("```\n# code\n```\n", None),
            ("# [Link](https://e.org) here\n", "Link here"),
        ],
    )
    def test_first_heading(self, body: str, title: str | None) -> None:
        assert first_heading(body) == title


class TestSections:
    def test_level_two_sections(self) -> None:
        sections = split_sections("# T\n\nIntro text.\n\n## One\nDo a.\n\n## Two\nDo b.\n")
        assert sections.intro == "Intro text."
        assert sections.steps == (("One", "Do a."), ("Two", "Do b."))
        assert sections.outro == ""

    def test_ordered_list_steps_with_intro_and_outro(self) -> None:
        body = "# T\n\nBefore.\n\n1. Open **File**\n   Details.\n\n2. Save\n\nAfter.\n"
        sections = split_sections(body)
        assert sections.intro == "Before."
        assert sections.steps == (("Open File", "Details."), ("Save", ""))
        assert sections.outro == "After."

    def test_no_steps(self) -> None:
        sections = split_sections("# T\n\n- a\n- b\n")
        assert sections.steps == ()
        assert sections.intro == "- a\n- b"

    def test_title_is_only_dropped_when_first(self) -> None:
        sections = split_sections("Lead.\n\n# Not first\n\nx")
        assert sections.intro == "Lead.\n\n# Not first\n\nx"

    def test_ial_lines_never_reach_sections(self) -> None:
        sections = split_sections("# T\n{: .-three-column}\n\n## Step\ntext\n{: .x}\n")
        assert sections.steps == (("Step", "text"),)
        assert "{:" not in sections.intro

    def test_find_steps_ignores_code(self) -> None:
        assert find_steps("```\n## no\n```\n## yes\n") == ("yes",)


class TestPlainText:
    @pytest.mark.parametrize(
        ("markdown", "text"),
        [
            ("**bold** and _em_ and ~~gone~~", "bold and em and gone"),
            ("[link](https://e.org) ![pic](a.png)", "link pic"),
            ("Press ++ctrl+shift+f++", "Press Ctrl+Shift+F"),
            ("<b>html</b>", "html"),
            ("snake_case_name", "snake_case_name"),
            ("[c]reate a g[z]ipped file, E[x]tract it", "create a gzipped file, Extract it"),
            ("a[i] and [x] done and [ab]", "a[i] and [x] done and [ab]"),
        ],
    )
    def test_inline_text(self, markdown: str, text: str) -> None:
        assert inline_text(markdown) == text

    def test_plain_text_strips_markup_but_keeps_code(self) -> None:
        body = (
            "# Title\n\n- [x] done item\n1. first\n> quoted\n\n| a | b |\n|---|---|\n"
            "```sh\ngit log\n```\n"
        )
        assert plain_text(body).split("\n") == [
            "Title",
            "done item",
            "first",
            "quoted",
            "a   b",
            "git log",
        ]

    def test_plain_text_drops_ial_and_liquid(self) -> None:
        assert plain_text("{% include x.html %}\nword\n{: .c}\n") == "word"


MARKUP = st.lists(
    st.sampled_from(["[", "]", "(", ")", "!", "![", "a", " ", "\n", "{:", "}", "#", "##", "\t"]),
    max_size=40,
).map("".join)


@settings(max_examples=500, deadline=None, database=None)
@given(MARKUP)
def test_link_scanner_matches_the_link_regex(text: str) -> None:
    for opener in ("![", "["):
        pattern = re.escape(opener) + r"([^\]]*)\]\([^)]*\)"
        assert strip_links(text, opener) == re.sub(pattern, r"\1", text)


@settings(max_examples=500, deadline=None, database=None)
@given(MARKUP)
def test_line_helpers_match_the_regexes_they_replace(text: str) -> None:
    for line in text.split("\n"):
        for level in (1, 2):
            match = re.match(r"^" + "#" * level + r"\s+(.+?)\s*#*\s*$", line)
            assert heading_text(line, level) == (match.group(1) if match else None)
        assert _strip_trailing_attributes(line) == re.sub(r"\s*\{:[^}]*\}\s*$", "", line)


@settings(max_examples=300, deadline=None, database=None)
@given(
    st.lists(
        st.sampled_from(["## s\n", "1. a\n", "2) b\n", "   c\n", "x\n", "\n", "```\n", "# t\n"]),
        max_size=30,
    ).map("".join)
)
def test_count_steps_counts_what_find_steps_finds(body: str) -> None:
    assert count_steps(body) == len(find_steps(body))


@pytest.mark.parametrize(
    "body",
    [
        "[" * 20_000 + "\n" + "plain words " * 1_000,
        "![" * 10_000 + "](" * 10_000,
        "# " + " " * 20_000 + "x",
        "{:" * 20_000 + "x",
        "a" + " " * 20_000 + "{: .x}",
    ],
)
def test_odd_markup_keeps_its_text(body: str) -> None:
    """The inputs that took seconds (issue 8): the text comes through unchanged."""
    text = plain_text(body)
    words = body.replace("{: .x}", "").replace("#", "").split()
    assert text.split() == words
