"""Odd markup renders in work linear in its size, and normal cards render as before.

No test here times anything: the work of Python-Markdown's own scanning loops is
counted (tests/content/markdown_work.py) and compared with what the guard allows. The
timings are in bench/markup (docs/benchmarks.md).
"""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cuecard.content import markdown_guard, markdown_prepass, render
from cuecard.content.frontmatter import split_front_matter
from cuecard.content.markdown_guard import BUDGET_BASE, BUDGET_PER_CHAR
from cuecard.content.markdown_prepass import MAX_INLINE, MAX_NESTING, MAX_SPLITS
from cuecard.content.markdown_text import MAX_STEPS, count_steps, split_sections
from cuecard.content.render import render_body, render_markdown
from tests.content.hostile_markup import HOSTILE, SAMPLE_PACK, ordinary
from tests.content.markdown_work import markdown_work

SIZE = 16_000
HERE = Path("/nonexistent")
BLOCK_PROCESSORS = 13  # block processors Python-Markdown runs with our extensions


def html_of(body: str) -> str:
    rendered = render_body(body, HERE, HERE)
    return rendered.intro_html + "".join(s.html for s in rendered.steps) + rendered.outro_html


def unguarded(source: str) -> str:
    """What Python-Markdown alone (same extensions, same post-processing) makes of it."""
    html = markdown.Markdown(extensions=render._EXTENSIONS, output_format="html").convert(
        render._gfm_lists(source)
    )
    html = render._STYLE_ALIGN.sub(r'align="\1"', html)
    html = render._CHECKBOX.sub(lambda m: "☑ " if "checked" in m.group(0) else "☐ ", html)
    return render.sanitize_html(html, HERE, HERE)


# Odd markup Python-Markdown handles in linear time as it is: nothing to defuse.
LINEAR_AS_IS = {
    "ordinary": "real cards",
    "]( run": "a `]` alone opens nothing",
    "*a run": "each `*` looks no further than the next one",
    "`a run": "backticks pair up",
    "many small fenced blocks": "found block by block by the pre-pass",
    "&amp; run": "each reference is one short match",
    "| table rows": "one table, each row once",
    "many paragraphs": "each paragraph once",
    "many list items": "one list, each item once",
    "one long line": "no markup",
    "short lines": "no markup",
    "# and blanks": "a heading, blanks and a word",
    "{: run": "no markup Python-Markdown knows",
    "[a](b) dense": "each link closes at once",
}


@pytest.mark.parametrize("name", ["ordinary", *HOSTILE])
def test_markdown_work_stays_proportional_to_the_input(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Characters covered by Python-Markdown's scanning loops, per kind, against what
    the guard allows: the budget for the inline scans, each construct once for the
    HTML parser, every block processor over a block at most MAX_SPLITS + MAX_NESTING
    times, and each block rebuilt for at most MAX_INLINE matches (placeholders at most
    double it). And every hostile family either trips a guard (budget spent, characters
    defused, a block shown plain) or is one Python-Markdown handles linearly anyway."""
    body = ordinary(SIZE) if name == "ordinary" else HOSTILE[name](SIZE)
    converter = render.new_converter(len(body))
    with markdown_work(monkeypatch) as work:
        html = render_markdown(body, HERE, HERE, converter)
    assert work["inline"] <= BUDGET_PER_CHAR * SIZE + BUDGET_BASE, work.functions
    assert work["html"] <= 2 * SIZE, work.functions
    blocks = BLOCK_PROCESSORS * (MAX_SPLITS + MAX_NESTING + 2) * SIZE
    assert work["blocks"] <= blocks, work.functions
    assert work["rebuild"] <= 2 * MAX_INLINE * SIZE, work.functions
    report = converter.report
    guarded = report.exhausted or report.neutralised > 0 or report.plain_blocks > 0
    assert guarded != (name in LINEAR_AS_IS), report
    assert not any("\ue000" <= c <= "\uf8ff" for c in html), "a stand-in leaked"


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("[" * 20_000, "exhausted"),
        ("[" * 250 + "\n" + ("[" * 250 + "\n") * 31, "exhausted"),
        ("<a\n" * 2_000, "neutralised"),
        ("> " * 2_000 + "x", "neutralised"),
        ("# h\n" * 2_000, "plain"),
        ("<div>\n\n" * 2_000, "neutralised"),
        ("    " * 40 + "- x\n" + "x\n", "plain"),
    ],
)
def test_hostile_input_takes_the_bounded_path(body: str, kind: str) -> None:
    converter = render.new_converter(len(body))
    render_markdown(body, HERE, HERE, converter)
    report = converter.report
    assert {
        "exhausted": report.exhausted,
        "neutralised": report.neutralised > 0,
        "plain": report.plain_blocks == 1,
    }[kind], report
    assert report.scanned <= report.budget + len(body)


def test_defused_characters_still_show() -> None:
    html = html_of("a <b <c and\n\n" + "> " * 40 + "q\n")
    assert "a &lt;b &lt;c and" in html
    assert html.count("<blockquote>") == MAX_NESTING
    assert "&gt; &gt;" in html


def test_fenced_blocks_are_found_block_by_block() -> None:
    body = "~~~py\nx < 1\n~~~\n" * 300 + "```\nnever closed\n\n```js\ny\n```\n"
    converter = render.new_converter(len(body))
    html = render_markdown(body, HERE, HERE, converter)
    assert html.count('<pre><code class="language-py">x &lt; 1\n</code></pre>') == 300
    assert html == unguarded(body)
    assert converter.report.neutralised == 0


def test_plain_block_shows_its_source() -> None:
    body = "Before.\n\n" + "# h <i>\n" * (MAX_SPLITS + 1) + "\nAfter *now*."
    html = html_of(body)
    assert "<p>Before.</p>" in html and "<em>now</em>" in html
    assert "# h &lt;i&gt;<br>" in html and "<h1>" not in html


def test_raw_html_nesting_is_capped() -> None:
    html = html_of("<div>\n\n" * 500)
    assert html.count("<div>") == markdown_prepass.MAX_HTML_DEPTH


def test_recursion_too_deep_for_the_parser_shows_the_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def too_deep(self: object, source: str) -> str:
        raise RecursionError

    monkeypatch.setattr(markdown_guard.GuardedMarkdown, "convert", too_deep)
    assert render_markdown("*a* <b>", HERE, HERE) == "<p>*a* &lt;b&gt;</p>"


def test_guides_show_at_most_max_steps() -> None:
    body = "".join(f"## Step {i}\nDo {i}.\n" for i in range(MAX_STEPS + 50))
    sections = split_sections(body)
    assert len(sections.steps) == count_steps(body) == MAX_STEPS
    assert "## Step 249" in sections.steps[-1][1]
    numbered = "".join(f"{i}. Item {i}\n" for i in range(1, MAX_STEPS + 10))
    assert count_steps(numbered) == MAX_STEPS
    assert split_sections(numbered).outro.startswith(f"{MAX_STEPS + 1}. Item")


def test_long_runs_of_character_references_are_split_for_the_sanitiser() -> None:
    html = "<p>" + "a&amp;b " * 2_000 + "</p><a title='" + "&amp;" * 600 + "'>x</a>"
    split = render._split_entity_runs(html)
    assert split.count("<!---->") == 2_000 // 256
    assert render.sanitize_html(split, HERE, HERE) == render.sanitize_html(html, HERE, HERE)


def _sample_sections() -> list[str]:
    sections: list[str] = []
    for path in sorted(SAMPLE_PACK.rglob("*.md")):
        body = split_front_matter(path.read_text(encoding="utf-8")).body
        parts = split_sections(body)
        sections += [parts.intro, *(source for _, source in parts.steps), parts.outro, body]
    return sections


@pytest.mark.parametrize("source", _sample_sections())
def test_sample_pack_renders_as_python_markdown_does(source: str) -> None:
    assert render_markdown(source, HERE, HERE) == unguarded(source)


TOKENS = [
    *("word ", "two words ", "\n", "\n\n", "    ", "  \n", "- ", "1. ", "> ", "# ", "## "),
    *("[a](http://e.org)", "[b]", "![i](x.png)", "[x]: http://e.org\n", "`c`", "``d``"),
    *("**s**", "*e*", "_u_", "~~x~~", "H~2~O", "++ctrl+c++", "\\*", "&amp;", "&lt;&gt;" * 200),
    *("| a | b |\n|---|---|\n| 1 | 2 |\n", "```\ncode\n```\n", "~~~py\nx\n~~~\n", "---\n"),
    *("<kbd>K</kbd>", "<br>", "<b>", "</b>", "<!-- c -->", '"q"', "'", "{: .x}"),
    *("!!! note\n    body\n", "&amp;" * 300),
]


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
def test_ordinary_markup_renders_as_python_markdown_does(source: str) -> None:
    assert render_markdown(source, HERE, HERE) == unguarded(source)


def test_stand_ins_avoid_private_use_characters_of_the_text() -> None:
    text = "\ue000\ue001 [ <a <a <a"
    converter = render.new_converter(len(text))
    html = render_markdown(text, HERE, HERE, converter)
    assert converter.report.neutralised == 3
    assert html == "<p>\ue000\ue001 [ &lt;a &lt;a &lt;a</p>" == unguarded(text)


def test_block_queue_takes_and_puts_back_at_the_front() -> None:
    queue = markdown_guard.BlockQueue(["a", "b", "c"])
    assert (queue[0], len(queue)) == ("a", 3)
    assert queue.pop(0) == "a"
    queue.insert(0, "a2")
    assert [queue.pop(0) for _ in range(len(queue))] == ["a2", "b", "c"]
    assert not queue
    with pytest.raises(IndexError):
        queue.insert(1, "x")


def test_the_block_parser_works_through_a_block_queue(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every list of blocks reaches Python-Markdown's parser as a BlockQueue: taking a
    block from the front of a plain list moves all the others (20,000 paragraphs moved
    400 million list slots)."""
    seen: list[type] = []
    original = markdown.blockparser.BlockParser.parseBlocks

    def spy(self: object, parent: object, blocks: object) -> None:
        seen.append(type(blocks))
        original(self, parent, blocks)

    body = "para\n\n- item\n\n    nested\n\n> quote\n\n!!! note\n    inside\n"
    expected = unguarded(body)
    monkeypatch.setattr(markdown.blockparser.BlockParser, "parseBlocks", spy)
    assert render_markdown(body, HERE, HERE) == expected
    assert len(seen) > 4 and set(seen) == {markdown_guard.BlockQueue}


@pytest.mark.parametrize("char", [chr(c) for c in range(32, 127)])
def test_text_skipped_by_the_inline_patterns_needs_none_of_them(char: str) -> None:
    """Text without a character any inline pattern starts with skips them all; around
    every printable character, the result is still what Python-Markdown makes of it."""
    source = f"a{char}b {char}{char}x {char} y{char}{char}{char}z\n\n- {char}w{char}\n"
    assert render_markdown(source, HERE, HERE) == unguarded(source)
