"""Light structural reading of markdown source without rendering it.

Finds the title heading, splits a guide into intro / steps / outro, strips
Kramdown/Jekyll artefacts that authors bring from cheat-sheet sites, and reduces
markdown to plain text for indexing. Fenced code blocks are always respected.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$")
_H2 = re.compile(r"^##\s+(.+?)\s*#*\s*$")
_ORDERED_ITEM = re.compile(r"^\d{1,9}[.)]\s+(.*)$")
_IAL_LINE = re.compile(r"^\s*\{:[^}]*\}\s*$")
_IAL_TRAILING = re.compile(r"\s*\{:[^}]*\}\s*$")
_LIQUID_LINE = re.compile(r"^\s*\{%.*%\}\s*$")
_INLINE_PATTERNS = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),
    # Cheat sheets mark a command's option letters inside words: "[c]reate", "E[x]tract".
    (re.compile(r"\[([^\W\d_]{1,2})\](?=[^\W\d_])"), r"\1"),
    (
        re.compile(r"\+\+([^+\s][^\s]*?)\+\+"),
        lambda m: "+".join(part.capitalize() for part in m.group(1).split("+")),
    ),
    (re.compile(r"<[^>\n]{1,200}>"), ""),
    (re.compile(r"(\*\*|__|~~|`)"), ""),
    (re.compile(r"(?<![\w*])[*_](?=\S)([^*_\n]+?)(?<=\S)[*_](?![\w*])"), r"\1"),
)


@dataclass(frozen=True)
class BodySections:
    """Markdown source of a card body split into intro, steps (title, source) and outro."""

    intro: str
    steps: tuple[tuple[str, str], ...]
    outro: str


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


def clean_source(body: str) -> str:
    """Drop Kramdown attribute lists and Liquid tags outside code blocks."""
    lines = body.split("\n")
    kept = []
    for _, line, in_code in iter_fenced(lines):
        if not in_code:
            if _IAL_LINE.match(line) or _LIQUID_LINE.match(line):
                continue
            line = _IAL_TRAILING.sub("", line)
        kept.append(line)
    return "\n".join(kept)


def inline_text(markdown: str) -> str:
    """Plain text of one line of inline markdown."""
    text = markdown
    for pattern, replacement in _INLINE_PATTERNS:
        text = pattern.sub(replacement, text)
    return text.strip()


def first_heading(body: str) -> str | None:
    """Text of the first `# ` heading outside code blocks."""
    lines = body.split("\n")
    for _, line, in_code in iter_fenced(lines):
        if not in_code:
            match = _H1.match(line)
            if match:
                return inline_text(_IAL_TRAILING.sub("", match.group(1))) or None
    return None


def split_sections(body: str) -> BodySections:
    """Split a body into intro, steps and outro (the leading `# ` title is dropped)."""
    lines = clean_source(body).split("\n")
    lines = _drop_title(lines)
    heading_rows = [
        (index, match.group(1))
        for index, line, in_code in iter_fenced(lines)
        if not in_code and (match := _H2.match(line))
    ]
    if heading_rows:
        steps = []
        for position, (index, title) in enumerate(heading_rows):
            end = heading_rows[position + 1][0] if position + 1 < len(heading_rows) else len(lines)
            steps.append((inline_text(title), "\n".join(lines[index + 1 : end]).strip("\n")))
        return BodySections("\n".join(lines[: heading_rows[0][0]]).strip("\n"), tuple(steps), "")
    return _split_ordered_list(lines)


def _drop_title(lines: list[str]) -> list[str]:
    for index, line in enumerate(lines):
        if line.strip():
            return lines[index + 1 :] if _H1.match(line) else lines
    return lines


def _split_ordered_list(lines: list[str]) -> BodySections:
    start = next(
        (i for i, line, code in iter_fenced(lines) if not code and _ORDERED_ITEM.match(line)), None
    )
    if start is None:
        return BodySections("\n".join(lines).strip("\n"), (), "")
    items: list[list[str]] = []
    end = len(lines)
    for index in range(start, len(lines)):
        line = lines[index]
        match = _ORDERED_ITEM.match(line)
        if match:
            items.append([match.group(1)])
        elif not line.strip() or line[:1] in (" ", "\t"):
            items[-1].append(line[4:] if line.startswith("    ") else line.lstrip(" \t"))
        else:
            end = index
            break
    steps = tuple((inline_text(item[0]), "\n".join(item[1:]).strip("\n")) for item in items)
    return BodySections(
        "\n".join(lines[:start]).strip("\n"), steps, "\n".join(lines[end:]).strip("\n")
    )


def find_steps(body: str) -> tuple[str, ...]:
    """Titles of a guide's steps: `## ` sections, else the first ordered list's items."""
    return tuple(title for title, _ in split_sections(body).steps)


_BLOCK_MARKERS = re.compile(
    r"^[ \t]{0,3}(#{1,6}[ \t]+|[-*+][ \t]+(\[[ xX]\][ \t]+)?|\d{1,9}[.)][ \t]+|>[ \t]?)",
    re.MULTILINE,
)
_RULE_LINES = re.compile(r"^[\s:\-=]*$\n?", re.MULTILINE)


def plain_text(body: str) -> str:
    """Markdown reduced to words for indexing (code kept, markup dropped).

    Works chunk by chunk (prose between code fences) rather than line by line: one
    regex pass over a chunk is several times faster, and indexing is the hot path.
    """
    chunks: list[str] = []
    prose: list[str] = []

    def flush() -> None:
        if prose:
            text = _BLOCK_MARKERS.sub("", "\n".join(prose)).replace("|", " ")
            for pattern, replacement in _INLINE_PATTERNS:
                text = pattern.sub(replacement, text)
            chunks.append(_RULE_LINES.sub("", text))
            prose.clear()

    for _, line, in_code in iter_fenced(clean_source(body).split("\n")):
        if in_code:
            flush()
            if not _FENCE.match(line):
                chunks.append(line)
        else:
            prose.append(line)
    flush()
    return "\n".join(line.strip() for chunk in chunks for line in chunk.split("\n") if line.strip())
