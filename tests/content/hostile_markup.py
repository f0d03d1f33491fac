"""Hostile markdown bodies of a given size, shared by the tests and bench/markup.

Each generator returns about `size` characters of one odd kind of markup: runs of
brackets, emphasis, backticks, tags and entities, nesting by quote and list markers or
by indentation, block starts without blank lines, unclosed fences and comments, long
lines and many short lines. `ordinary(size)` is the sample pack's card bodies repeated.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from cuecard.content.frontmatter import split_front_matter

SAMPLE_PACK = Path(__file__).resolve().parents[2] / "content"
PROSE = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "


def fill(unit: str, size: int) -> str:
    """`unit` repeated to `size` characters."""
    return (unit * (size // len(unit) + 1))[:size]


def per_line(unit: str, count: int, size: int) -> str:
    """Lines of `count` times `unit`, to `size` characters."""
    return fill(unit * count + "\n", size)


def nested_lines(prefix: str, size: int, tail: str = "x") -> str:
    """Line i is `prefix` i times and `tail` (quotes or lists nested one deeper per line)."""
    lines: list[str] = []
    total = depth = 0
    while total < size:
        depth += 1
        line = prefix * depth + tail + "\n"
        lines.append(line)
        total += len(line)
    return "".join(lines)[:size]


@cache
def _sample_bodies() -> str:
    cards = sorted(SAMPLE_PACK.rglob("*.md"))
    return "\n\n".join(split_front_matter(p.read_text(encoding="utf-8")).body for p in cards)


def ordinary(size: int) -> str:
    """The sample pack's card bodies (tables, lists, keys, code, links), repeated."""
    return fill(_sample_bodies() + "\n\n", size)


HOSTILE: dict[str, Callable[[int], str]] = {
    "[ on one line": lambda n: "[" * n,
    "250 [ per line": lambda n: per_line("[", 250, n),
    "[ then prose": lambda n: "[" * (n // 5) + "\n" + fill(PROSE, n - n // 5 - 1),
    "![ run": lambda n: fill("![", n),
    "]( run": lambda n: fill("](", n),
    "[a]( run": lambda n: fill("[a](", n),
    "[a](b'c) links": lambda n: fill("[a](b'c) ", n),
    "nested [[[x]]]": lambda n: "[" * (n // 2 - 1) + "x" + "]" * (n // 2),
    "* run": lambda n: "*" * n,
    "250 * per line": lambda n: per_line("*", 250, n),
    "_ run": lambda n: "_" * n,
    "*a run": lambda n: fill("*a ", n),
    "lone ~": lambda n: fill("a~b ", n),
    "` run": lambda n: "`" * n,
    "`a run": lambda n: fill("`a ", n),
    "backtick runs of every length": lambda n: "".join(
        "`" * k + " " for k in range(1, int((2 * n) ** 0.5) + 2)
    )[:n],
    "unclosed ``` fences": lambda n: fill("```x\n", n),
    "many small fenced blocks": lambda n: fill("~~~\nx\n", n),
    "< run": lambda n: "<" * n,
    "<a run": lambda n: fill("<a ", n),
    "<a lines": lambda n: fill("<a\n", n),
    "</ run": lambda n: fill("</", n),
    "<!-- run": lambda n: fill("<!--", n),
    "<![CDATA[ run": lambda n: fill("<![CDATA[", n),
    "<a@b run": lambda n: fill("<a@b", n),
    "<a<b run": lambda n: fill("<a<b ", n),
    "[a](<b run": lambda n: fill("[a](<b", n),
    "nested <div> blocks": lambda n: fill("<div>\n\n", n),
    "& run": lambda n: "&" * n,
    "&amp; run": lambda n: fill("a&amp;b ", n),
    "> on one line": lambda n: fill("> ", n - 1) + "x",
    "> nested per line": lambda n: nested_lines("> ", n),
    "- on one line": lambda n: fill("- ", n - 1) + "x",
    "1. on one line": lambda n: fill("1. ", n - 1) + "x",
    "lists nested by indent": lambda n: nested_lines("    ", n, "- x"),
    "# heading lines": lambda n: fill("# h\n", n),
    "reference definitions": lambda n: fill("[x]: y\n", n),
    "admonition lines": lambda n: fill("!!! note\n    ", n),
    "| table rows": lambda n: "| a | b |\n|---|---|\n" + per_line("| x ", 50, n - 20),
    "table with code": lambda n: "| a | b |\n|---|---|\n" + per_line("`a`|", 400, n - 20),
    "## steps": lambda n: fill("## s\n", n),
    "many paragraphs": lambda n: fill("x\n\n", n),
    "many list items": lambda n: fill("- x\n", n),
    "one long line": lambda n: fill(PROSE, n).replace("\n", " "),
    "short lines": lambda n: fill("x\n", n),
    "blanks then x": lambda n: " " * (n - 1) + "x",
    "# and blanks": lambda n: "# a" + " " * (n - 4) + "b",
    "{: run": lambda n: fill("{:", n),
    "<b>x</b> dense": lambda n: fill("<b>x</b> ", n),
    "[a](b) dense": lambda n: fill("[a](b) ", n),
    "mixed markup": lambda n: fill("[*_`<&!](", n),
}
