"""markdown_text.py: fences, Kramdown/Liquid clean-up, titles, sections and plain text."""

from __future__ import annotations

import pytest

from cuecard.content.markdown_text import (
    clean_source,
    find_steps,
    first_heading,
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
