"""Light structural reading of markdown source without rendering it.

Finds the title heading, splits a guide into intro / steps / outro, strips
Kramdown/Jekyll artefacts that authors bring from cheat-sheet sites, and reduces
markdown to plain text for indexing. Fenced code blocks are always respected.

Everything here runs in time linear in the input, whatever the markup: no regex can
backtrack over more than a bounded stretch or rescan text another match already
scanned, and work is done on whole text where possible rather than line by line
(a card of 30,000 one-character lines costs about what 30,000 ordinary characters do).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from cuecard.content.markdown_inline import inline_text, inline_to_plain

__all__ = [
    "MAX_STEPS",
    "BodySections",
    "clean_source",
    "count_steps",
    "find_steps",
    "first_heading",
    "inline_text",
    "iter_fenced",
    "plain_text",
    "split_sections",
]

# A guide shows at most this many steps; later `## ` sections belong to the last step and
# later list items to the outro (real guides have a handful; each step is a box to tick).
MAX_STEPS = 200
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_FENCE_LINES = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)
_FENCE_LINE_TEXT = re.compile(r"^ {0,3}(?:`{3,}|~{3,})[^\n]*", re.MULTILINE)
_NEWLINE = re.compile("\n")
_H1_CANDIDATES = re.compile(r"^#[^\S\n]", re.MULTILINE)
_H2_CANDIDATES = re.compile(r"^##[^\S\n]", re.MULTILINE)
_ORDERED_ITEM = re.compile(r"^\d{1,9}[.)]\s+(.*)$")
_ORDERED_ITEMS = re.compile(r"^\d{1,9}[.)][^\S\n]", re.MULTILINE)
# The first line that ends a list: not an item, not blank, not indented.
_LIST_END = re.compile(r"^(?!\d{1,9}[.)][^\S\n]|[^\S\n]*$|[ \t])", re.MULTILINE)


@dataclass(frozen=True)
class BodySections:
    """Markdown source of a card body split into intro, steps (title, source) and outro."""

    intro: str
    steps: tuple[tuple[str, str], ...]
    outro: str


def fenced_spans(text: str) -> list[tuple[int, int]]:
    """Fenced code blocks of `text` as (start, end) character spans, from the start of
    the opening fence line to the end of the closing one (to the end of the text when
    unclosed). Only fence-like lines are visited, found by one regex pass."""
    spans: list[tuple[int, int]] = []
    fence: str | None = None
    opened = 0
    for match in _FENCE_LINES.finditer(text):
        marker = match.group(1)
        if fence is None:
            fence, opened = marker, match.start()
        elif marker[0] == fence[0] and len(marker) >= len(fence):
            end = text.find("\n", match.end())
            spans.append((opened, end if end >= 0 else len(text)))
            fence = None
    if fence is not None:
        spans.append((opened, len(text)))
    return spans


def _line_ranges(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans as inclusive (first, last) line numbers."""
    ranges: list[tuple[int, int]] = []
    line = position = 0
    for start, end in spans:
        line += text.count("\n", position, start)
        last = line + text.count("\n", start, end)
        ranges.append((line, last))
        line, position = last, end
    return ranges


class _InCode:
    """`position in code` for positions asked in increasing order, in O(1) amortised
    (a moving pointer over the sorted fenced spans, not a scan of all of them)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.index = 0

    def __contains__(self, position: int) -> bool:
        while self.index < len(self.spans) and self.spans[self.index][1] <= position:
            self.index += 1
        return self.index < len(self.spans) and self.spans[self.index][0] <= position


def iter_fenced(lines: list[str]) -> Iterator[tuple[int, str, bool]]:
    """Yield (index, line, inside_code_fence) for each line."""
    fence: str | None = None
    for index, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)
            yield index, line, True
        elif fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            yield index, line, True
        else:
            yield index, line, False


def _prose_slices(count: int, ranges: list[tuple[int, int]]) -> Iterator[tuple[int, int, bool]]:
    """(start, end, is_code) line slices covering `count` lines, in order."""
    position = 0
    for first, last in ranges:
        if first > position:
            yield position, first, False
        yield first, last + 1, True
        position = last + 1
    if position < count:
        yield position, count, False


def _is_attribute_line(line: str) -> bool:
    """Kramdown attribute list (`{: .class}`) or Liquid tag (`{% x %}`) alone on a line."""
    stripped = line.strip()
    if stripped.startswith("{:") and stripped.endswith("}"):
        return len(stripped) >= 3 and "}" not in stripped[2:-1]
    return stripped.startswith("{%") and stripped.endswith("%}") and len(stripped) >= 4


def _strip_trailing_attributes(line: str) -> str:
    """Drop a trailing `{: ...}` attribute list (and the blanks before it) from a line."""
    end = len(line.rstrip())
    if end == 0 or line[end - 1] != "}":
        return line
    start = line.find("{:", line.rfind("}", 0, end - 1) + 1, end - 1)
    if start < 0:
        return line
    while start > 0 and line[start - 1].isspace():
        start -= 1
    return line[:start]


def _clean_lines(text: str) -> list[str]:
    lines = text.split("\n")
    if "{" not in text:
        return lines
    ranges = _line_ranges(text, fenced_spans(text))
    kept: list[str] = []
    for start, end, is_code in _prose_slices(len(lines), ranges):
        if is_code:
            kept.extend(lines[start:end])
            continue
        for line in lines[start:end]:
            if "{" in line:
                if _is_attribute_line(line):
                    continue
                line = _strip_trailing_attributes(line)
            kept.append(line)
    return kept


def clean_source(body: str) -> str:
    """Drop Kramdown attribute lists and Liquid tags outside code blocks."""
    return "\n".join(_clean_lines(body))


def heading_text(line: str, level: int) -> str | None:
    """What `^#{level}\\s+(.+?)\\s*#*\\s*$` captures in `line` (exactly `level` hashes then
    blank), computed without the regex's quadratic backtracking on long blank runs."""
    if not line.startswith("#" * level) or len(line) <= level or not line[level].isspace():
        return None
    rest = line[level:]
    text = rest.lstrip()
    if not text:
        return rest[-1] if len(rest) >= 2 else None
    title = text.rstrip().rstrip("#").rstrip()
    return title or "#"


def first_heading(body: str) -> str | None:
    """Text of the first `# ` heading outside code blocks."""
    candidates = _H1_CANDIDATES.finditer(body)
    first = next(candidates, None)
    if first is None:
        return None
    code = _InCode(fenced_spans(body))
    for match in (first, *candidates):
        position = match.start()
        if position in code:
            continue
        end = body.find("\n", position)
        title = heading_text(body[position : end if end >= 0 else len(body)], 1)
        if title is not None:
            return inline_text(_strip_trailing_attributes(title)) or None
    return None


def _heading_rows(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """(start, raw title) of each `## ` heading outside code blocks, at most MAX_STEPS."""
    rows: list[tuple[int, str]] = []
    code = _InCode(spans)
    for match in _H2_CANDIDATES.finditer(text):
        if len(rows) == MAX_STEPS:
            break
        position = match.start()
        if position in code:
            continue
        end = text.find("\n", position)
        title = heading_text(text[position : end if end >= 0 else len(text)], 2)
        if title is not None:
            rows.append((position, title))
    return rows


def _body_lines(body: str) -> list[str]:
    """Cleaned lines with the leading `# ` title dropped."""
    lines = _clean_lines(body)
    for index, line in enumerate(lines):
        if line.strip():
            return lines[index + 1 :] if heading_text(line, 1) is not None else lines
    return lines


def split_sections(body: str) -> BodySections:
    """Split a body into intro, steps and outro (the leading `# ` title is dropped)."""
    lines = _body_lines(body)
    text = "\n".join(lines)
    spans = fenced_spans(text)
    heading_rows = _line_numbers(text, _heading_rows(text, spans))
    if heading_rows:
        steps = []
        for position, (index, title) in enumerate(heading_rows):
            end = heading_rows[position + 1][0] if position + 1 < len(heading_rows) else len(lines)
            steps.append((inline_text(title), "\n".join(lines[index + 1 : end]).strip("\n")))
        return BodySections("\n".join(lines[: heading_rows[0][0]]).strip("\n"), tuple(steps), "")
    return _split_ordered_list(lines, text, spans)


def _line_numbers(text: str, rows: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Rows keyed by character position re-keyed by line number."""
    numbered: list[tuple[int, str]] = []
    line = previous = 0
    for position, title in rows:
        line += text.count("\n", previous, position)
        previous = position
        numbered.append((line, title))
    return numbered


def _list_region(text: str, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Character span of the first ordered list outside code: from its first item to the
    first line that is neither an item, blank nor indented."""
    code = _InCode(spans)
    for match in _ORDERED_ITEMS.finditer(text):
        position = match.start()
        if position not in code:
            break
    else:
        return None
    next_line = text.find("\n", position)
    if next_line < 0:
        return position, len(text)
    found = _LIST_END.search(text, next_line + 1)
    end = found.start() if found else len(text)
    items = _ORDERED_ITEMS.finditer(text, position, end)
    beyond = next(itertools.islice(items, MAX_STEPS, None), None)
    return position, beyond.start() if beyond else end


def _split_ordered_list(lines: list[str], text: str, spans: list[tuple[int, int]]) -> BodySections:
    region = _list_region(text, spans)
    if region is None:
        return BodySections(text.strip("\n"), (), "")
    start = text.count("\n", 0, region[0])
    end = len(lines) if region[1] >= len(text) else start + text.count("\n", *region)
    items: list[list[str]] = []
    for line in lines[start:end]:
        match = _ORDERED_ITEM.match(line)
        if match:
            items.append([match.group(1)])
        else:
            items[-1].append(line[4:] if line.startswith("    ") else line.lstrip(" \t"))
    steps = tuple((inline_text(item[0]), "\n".join(item[1:]).strip("\n")) for item in items)
    return BodySections(
        "\n".join(lines[:start]).strip("\n"), steps, "\n".join(lines[end:]).strip("\n")
    )


def find_steps(body: str) -> tuple[str, ...]:
    """Titles of a guide's steps: `## ` sections, else the first ordered list's items."""
    return tuple(title for title, _ in split_sections(body).steps)


def count_steps(body: str) -> int:
    """len(find_steps(body)) without building the steps: what indexing needs."""
    text = "\n".join(_body_lines(body))
    spans = fenced_spans(text)
    rows = _heading_rows(text, spans)
    if rows:
        return len(rows)
    region = _list_region(text, spans)
    return 0 if region is None else len(_ORDERED_ITEMS.findall(text, region[0], region[1]))


def plain_text(body: str) -> str:
    """Markdown reduced to words for indexing (code kept, markup dropped).

    Works chunk by chunk (prose between code fences) rather than line by line: one
    regex pass over a chunk is several times faster, and indexing is the hot path.
    """
    text = "\n".join(_clean_lines(body)) if "{" in body else body
    chunks: list[str] = []
    position = 0
    for start, end in fenced_spans(text):
        if start > position:
            chunks.append(inline_to_plain(text[position:start]))
        chunks.append(_FENCE_LINE_TEXT.sub("", text[start:end]))  # code without fence lines
        position = end
    chunks.append(inline_to_plain(text[position:]))
    return "\n".join(s for chunk in chunks for line in chunk.split("\n") if (s := line.strip()))
