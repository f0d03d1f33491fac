"""Inline markdown reduced to plain text (titles, step names, the search index).

Linear in the input whatever the markup. Links are found by a scanner rather than the
regex `\\[([^\\]]*)\\]\\([^)]*\\)`, which retries every `[` against the same far `]`:
20,000 `[` on one line took 2 s, followed by 100 KB of text 24 s (measured). Every
remaining regex can only scan up to the next character of its own kind, so no two
attempts cover the same stretch.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_KEYS = re.compile(r"\+\+([^+\s][^\s]*?)\+\+")
_TAG = re.compile(r"<[^<>\n]{1,200}>")
_MARKS = re.compile(r"(\*\*|__|~~|`)")
_EMPHASIS = re.compile(r"(?<![\w*])[*_](?=\S)([^*_\n]+?)(?<=\S)[*_](?![\w*])")
_BLOCK_MARKERS = re.compile(
    r"^[ \t]{0,3}(#{1,6}[ \t]+|[-*+][ \t]+(\[[ xX]\][ \t]+)?|\d{1,9}[.)][ \t]+|>[ \t]?)",
    re.MULTILINE,
)
_RULE_LINES = re.compile(r"^[\s:\-=]*$\n?", re.MULTILINE)


def _keys(match: re.Match[str]) -> str:
    return "+".join(part.capitalize() for part in match.group(1).split("+"))


def strip_links(text: str, opener: str) -> str:
    """`re.sub(re.escape(opener) + r"([^\\]]*)\\]\\([^)]*\\)", r"\\1", text)`, linear.

    The regex tries each `[` against the first `]` after it; every `[` before that `]`
    meets the same `]` and fails the same way, so one look covers them all, and once no
    `)` is left nothing after can match."""
    out: list[str] = []
    copied = search = 0
    while (start := text.find(opener, search)) >= 0:
        inner = start + len(opener)
        close = text.find("]", inner)
        if close < 0:
            break
        if text.startswith("(", close + 1):
            end = text.find(")", close + 2)
            if end < 0:
                break
            out += (text[copied:start], text[inner:close])
            copied = search = end + 1
        else:
            search = close + 1
    if not out:
        return text
    out.append(text[copied:])
    return "".join(out)


_STEPS: tuple[Callable[[str], str], ...] = (
    lambda text: strip_links(text, "!["),
    lambda text: strip_links(text, "["),
    lambda text: _KEYS.sub(_keys, text),
    lambda text: _TAG.sub("", text),
    lambda text: _MARKS.sub("", text),
    lambda text: _EMPHASIS.sub(r"\1", text),
)


def _inline(text: str) -> str:
    for step in _STEPS:
        text = step(text)
    return text


def inline_text(markdown: str) -> str:
    """Plain text of one line of inline markdown."""
    return _inline(markdown).strip()


def inline_to_plain(prose: str) -> str:
    """Prose lines (no code) with block markers, table pipes, inline markup and rule
    lines dropped."""
    return _RULE_LINES.sub("", _inline(_BLOCK_MARKERS.sub("", prose).replace("|", " ")))
