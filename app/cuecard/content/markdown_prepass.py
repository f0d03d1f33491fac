"""Text-level guards run before Python-Markdown parses a card body.

Python-Markdown (and the stdlib HTML parser it feeds) has whole-document scans that go
quadratic on odd markup: every unclosed code fence scans to the end of the text for its
closing fence and every fenced block copies the text, every unterminated `<tag`, `</x`
or `<!--` scans for its `>` or `-->`, a block with thousands of headings or rule lines
is re-searched after each one, `> > >` on one line nests a quote per marker, and each
inline match rebuilds its paragraph.

The pre-pass finds those spots in linear time and defuses them. Fenced code blocks are
found here, line by line, and handed to fenced_code's own formatting one at a time (its
whole-text search is switched off). A character Python-Markdown would show literally
anyway (the `<` of a tag that never ends) is swapped for a private-use stand-in that
Markdown does not treat as markup and that is turned back into the character in the
HTML afterwards. Markup beyond what any real card has (more than `MAX_SPLITS` block
starts in one block, lines indented past `MAX_INDENT`) shows the block as plain text.
Normal cards pass through unchanged, so they render exactly as Python-Markdown renders
them.
"""

from __future__ import annotations

import bisect
import html
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

MAX_SPLITS = 256  # headings, rules, quote starts, ... in one blank-line block
MAX_NESTING = 16  # container markers (`>`, `- `, `1. `) at the start of one line
MAX_INLINE = 8192  # inline markup characters in one block
MAX_SUBSCRIPTS = 32  # lone `~` in one block (pymdownx.tilde is slow on unpaired ones)
MAX_ROW_TICKS = 64  # backtick runs in one table-like line (the table splitter is O(n²))
MAX_HTML_DEPTH = 64  # unclosed raw HTML elements
MAX_HTML_TAGS = 4096  # raw HTML start tags in one card
MAX_INDENT = 128  # leading spaces: 32 levels of nested lists, each a recursion of the parser

NEUTRAL = "[]`<>~*_+&\\!-#|.)"
_PRIVATE_USE = range(0xE000, 0xF900)
_ESCAPED = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}

_FENCE_LINE = re.compile(r"^(?:~{3,}|`{3,})[^\n]*", re.MULTILINE)
_FENCE_RUN = re.compile(r"~+|`+")
_CONSTRUCT = re.compile(r"</?([A-Za-z][^\s/<>]*)|</|<[!?]")
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param"}
    | {"source", "track", "wbr"}
)
_QUOTE = re.compile("['\"]")
_SPLITS = re.compile(
    r"^[ ]*(?:#|!!!|\?\?\?|\[[^\[\]\n]*\]:|(?:[-*_=][ ]*){3,}$|=+[ ]*$|-+[ ]*$)"
    r"|^(?![ ]*>).*\n[ ]*>",
    re.MULTILINE,
)
_DEEP_NESTING = re.compile(
    r"^[ ]*(?:(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ ]))[ ]*){" + str(MAX_NESTING + 1) + ",}",
    re.MULTILINE,
)
_NESTING_MARKER = re.compile(r"(?:>|[-*+]|\d{1,9}[.)])[ ]*")
_INLINE_MARKUP = re.compile(r"[`\\\[<&*_~+]")
_LONE_TILDE = re.compile(r"(?<!~)~(?!~)")
_TICK_RUN = re.compile(r"`+")
_PIPE_LINE = re.compile(r"^[^|\n]*\|[^\n]*", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n(?:\n)+")
_DEEP_INDENT = re.compile(f"^ {{{MAX_INDENT + 1}}}", re.MULTILINE)


@dataclass(frozen=True)
class Neutraliser:
    """Private-use stand-ins (absent from the text) for characters to show literally."""

    table: dict[str, str]

    @classmethod
    def for_text(cls, text: str) -> Neutraliser | None:
        used = set(re.findall("[\ue000-\uf8ff]", text))
        free = (chr(code) for code in _PRIVATE_USE if chr(code) not in used)
        table = dict(zip(NEUTRAL, free, strict=False))
        return cls(table) if len(table) == len(NEUTRAL) else None

    def neutralise(self, text: str, positions: Iterable[int]) -> str:
        """`text` with the characters at `positions` (markup characters) swapped."""
        parts: list[str] = []
        copied = 0
        for position in sorted(set(positions)):
            stand_in = self.table.get(text[position])
            if stand_in is not None:
                parts += (text[copied:position], stand_in)
                copied = position + 1
        return "".join(parts) + text[copied:] if parts else text

    def restore_text(self, text: str) -> str:
        return text.translate({ord(s): c for c, s in self.table.items()})

    def restore_html(self, text: str) -> str:
        return text.translate({ord(s): _ESCAPED.get(c, c) for c, s in self.table.items()})


@dataclass(frozen=True)
class PrepassResult:
    """The defused text and what was done to it."""

    text: str
    neutralised: int
    plain_blocks: int


FenceCheck = Callable[[str, str], bool]


def fenced_blocks(text: str, opening: FenceCheck) -> list[tuple[int, int]]:
    """(start, end) of each fenced code block as Python-Markdown's fenced_code finds it.

    Its regex looks for the closing fence from every opening line and rebuilds the whole
    text after each block: unclosed fences each cost a scan to the end, and 30,000 small
    blocks 30,000 copies of the text. Here each fence line is looked at once: a line
    `opening(line, fence)` accepts opens a block, which ends at the first later line
    that is that fence alone."""
    lines = [(m.start(), m.group(0)) for m in _FENCE_LINE.finditer(text)]
    closings: dict[str, list[int]] = {}
    for start, line in lines:
        run = _FENCE_RUN.match(line)
        if run and line[run.end() :].strip(" ") == "":
            closings.setdefault(run.group(0), []).append(start)
    blocks: list[tuple[int, int]] = []
    inside_until = -1
    for start, line in lines:
        if start < inside_until:
            continue
        run = _FENCE_RUN.match(line)
        assert run is not None
        candidates = closings.get(run.group(0), [])
        later = bisect.bisect_right(candidates, start)
        if later < len(candidates) and opening(line, run.group(0)):
            end = text.find("\n", candidates[later])
            inside_until = end if end >= 0 else len(text)
            blocks.append((start, inside_until))
    return blocks


def unsafe_tags(text: str) -> list[int]:
    """Positions of `<` that start an HTML construct the HTML parser would scan past its
    end for: a tag, end tag, declaration or processing instruction with no `>` before the
    next `<`, a start tag with quotes the scan could run past, a comment with no `-->`
    after it, and every `<![` (CDATA). Each is looked at up to the next `<`, once.

    Also start tags past `MAX_HTML_DEPTH` unclosed elements or `MAX_HTML_TAGS` tags in
    all: the sanitiser's tree builder walks the open elements at every block tag, so
    40,000 nested `<div>` took it 22 s (measured)."""
    found: list[int] = []
    gt = comment_end = -2
    depth = tags = 0
    open_tags: dict[str, int] = {}
    for match in _CONSTRUCT.finditer(text):
        start = match.start()
        if text.startswith("<!--", start):
            if comment_end != -1 and comment_end < start + 4:
                comment_end = text.find("-->", start + 4)
            if comment_end == -1:
                found.append(start)
            continue
        if text.startswith("<![", start):
            found.append(start)
            continue
        if gt != -1 and gt < start:
            gt = text.find(">", start)
        next_lt = text.find("<", start + 1)
        if gt == -1 or (0 <= next_lt < gt) or not _quotes_closed(text, start, gt):
            found.append(start)
            continue
        name = (match.group(1) or "").lower()
        if match.group(0)[1] == "/":
            if open_tags.get(name, 0) > 0:
                open_tags[name] -= 1
                depth -= 1
        elif name and name not in _VOID:
            if depth >= MAX_HTML_DEPTH or tags >= MAX_HTML_TAGS:
                found.append(start)
                continue
            open_tags[name] = open_tags.get(name, 0) + 1
            depth += 1
            tags += 1
    return found


def _quotes_closed(text: str, start: int, end: int) -> bool:
    """Every quote in the tag text[start:end] opens an attribute value (after `=`) that
    closes before `end`, so the parser's scan cannot run past the `>` at `end`."""
    position = start
    while quote := _QUOTE.search(text, position, end):
        before = quote.start() - 1
        while before > start and text[before] in " \t\n":
            before -= 1
        closing = text.find(quote.group(0), quote.end(), end)
        if text[before] != "=" or closing < 0:
            return False
        position = closing + 1
    return True


def blocks_outside(text: str, fenced: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of each blank-line separated block that is not fenced code."""
    spans: list[tuple[int, int]] = []
    position = 0
    for start, end in [*fenced, (len(text), len(text))]:
        segment_start = position
        for gap in _BLANK_LINES.finditer(text, position, start):
            if gap.start() > segment_start:
                spans.append((segment_start, gap.start()))
            segment_start = gap.end()
        if start > segment_start:
            spans.append((segment_start, start))
        position = end
    return [(a, b) for a, b in spans if text[a:b].strip()]


def deep_nesting(text: str) -> list[int]:
    """Markers past the `MAX_NESTING`-th on lines that open that many quotes or lists."""
    found: list[int] = []
    for match in _DEEP_NESTING.finditer(text):
        markers = list(_NESTING_MARKER.finditer(text, match.start(), match.end()))
        found += (m.start() + len(m.group(0).rstrip(" ")) - 1 for m in markers[MAX_NESTING:])
    return found


def excess_inline(text: str, start: int, end: int) -> list[int]:
    """Inline markup past what one block may hold: over `MAX_INLINE` markup characters,
    `MAX_SUBSCRIPTS` lone tildes, or `MAX_ROW_TICKS` backtick runs on a `|` line."""
    found: list[int] = []
    marks = [m.start() for m in _INLINE_MARKUP.finditer(text, start, end)]
    found += marks[MAX_INLINE:]
    tildes = [m.start() for m in _LONE_TILDE.finditer(text, start, end)]
    found += tildes[MAX_SUBSCRIPTS:]
    if text.count("`", start, end) > MAX_ROW_TICKS:
        for row in _PIPE_LINE.finditer(text, start, end):
            if text.count("`", row.start(), row.end()) > MAX_ROW_TICKS:
                runs = list(_TICK_RUN.finditer(text, row.start(), row.end()))
                for run in runs[MAX_ROW_TICKS:]:
                    found += range(run.start(), run.end())
    return found


def too_many_splits(text: str, start: int, end: int) -> bool:
    splits = _SPLITS.finditer(text, start, end)
    return next(itertools.islice(splits, MAX_SPLITS, None), None) is not None


def plain_block_html(text: str) -> str:
    """A block shown as its source text, line by line."""
    return "<p>" + "<br>\n".join(html.escape(line) for line in text.split("\n")) + "</p>"


def defuse(
    text: str,
    neutraliser: Neutraliser,
    stash: Callable[[str], str],
    opening: FenceCheck,
    fence_html: Callable[[str], str],
) -> PrepassResult:
    """Apply every guard to `text` (Python-Markdown's normalised source). Fenced blocks
    (`opening` tells whether a fence line opens one) are replaced by `fence_html(block)`,
    the placeholder fenced_code itself would leave; `stash` stores HTML and returns its
    placeholder. The per-block checks run only when the whole text is over a limit."""
    parts: list[str] = []
    copied = 0
    for start, end in fenced_blocks(text, opening):
        parts += (text[copied:start], fence_html(text[start:end]))
        copied = end
    if parts:
        text = "".join(parts) + text[copied:]
    positions = unsafe_tags(text)
    positions += deep_nesting(text)
    splits = too_many_splits(text, 0, len(text))
    inline = (
        sum(text.count(c) for c in "`\\[<&*_~+") > MAX_INLINE
        or (text.count("~") > MAX_SUBSCRIPTS and len(_LONE_TILDE.findall(text)) > MAX_SUBSCRIPTS)
        or text.count("`") > MAX_ROW_TICKS
    )
    deep = [m.start() for m in _DEEP_INDENT.finditer(text)]
    plain: list[tuple[int, int]] = []
    if splits or inline or deep:
        for start, end in blocks_outside(text, []):
            nested = bisect.bisect_left(deep, start) < bisect.bisect_left(deep, end)
            if nested or (splits and too_many_splits(text, start, end)):
                plain.append((start, end))
            elif inline:
                positions += excess_inline(text, start, end)
    unique = {p for p in positions if text[p] in neutraliser.table}
    defused = neutraliser.neutralise(text, unique)
    if plain:
        parts, copied = [], 0
        for start, end in plain:
            shown = plain_block_html(text[start:end])
            parts += (defused[copied:start], stash(shown))
            copied = end
        defused = "".join(parts) + defused[copied:]
    return PrepassResult(defused, len(unique), len(plain))
