"""Inline markdown reduced to plain text (titles, step names, the search index).

Linear in the input whatever the markup. Links are found by a scanner rather than the
regex `\\[([^\\]]*)\\]\\([^)]*\\)`, which retries every `[` against the same far `]`:
20,000 `[` on one line took 2 s, followed by 100 KB of text 24 s (measured). Every
remaining regex can only scan up to the next character of its own kind, so no two
attempts cover the same stretch.
"""

from __future__ import annotations

import re

# Cheat sheets mark a command's option letters inside words: "[c]reate", "E[x]tract".
_OPTION_MARK = re.compile(r"\[([^\W\d_]{1,2})\](?=[^\W\d_])")
_KEYS = re.compile(r"\+\+([^+\s][^\s]*?)\+\+")
_TAG = re.compile(r"<[^<>\n]{1,200}>")
_MARKS = re.compile(r"(\*\*|__|~~|`)")
# `(?<![\w*])[*_]...` written with the character first, so the regex engine can skip
# to candidates instead of testing the look-behind at every position.
_EMPHASIS = re.compile(r"[*_](?<![\w*][*_])(?=\S)([^*_\n]+?)(?<=\S)[*_](?![\w*])")
_BLOCK_MARKERS = re.compile(
    r"^[ \t]{0,3}(#{1,6}[ \t]+|[-*+][ \t]+(\[[ xX]\][ \t]+)?|\d{1,9}[.)][ \t]+|>[ \t]?)",
    re.MULTILINE,
)
_RULE_LINES = re.compile(r"^[\s:\-=]*$\n?", re.MULTILINE)
# Anything any step above could change; prose without it is already plain.
_MARKUP = re.compile(r"[\[+<*_~`|#>:=\-]|^[ \t]{0,3}\d", re.MULTILINE)


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


def _inline(text: str) -> str:
    """Links, images, keys, tags, marks and emphasis reduced to their text, each step
    skipped when its characters are absent (prose between many small code blocks comes
    in many small chunks)."""
    if "[" in text:
        if "![" in text:
            text = strip_links(text, "![")
        text = strip_links(text, "[")
        if "[" in text:
            text = _OPTION_MARK.sub(r"\1", text)
    if "++" in text:
        text = _KEYS.sub(_keys, text)
    if "<" in text:
        text = _TAG.sub("", text)
    if "*" in text or "_" in text or "~~" in text or "`" in text:
        text = _MARKS.sub("", text)
    if "*" in text or "_" in text:
        text = _EMPHASIS.sub(r"\1", text)
    return text


def inline_text(markdown: str) -> str:
    """Plain text of one line of inline markdown."""
    return _inline(markdown).strip()


def inline_to_plain(prose: str) -> str:
    """Prose lines (no code) with block markers, table pipes, inline markup and rule
    lines dropped (blank lines may stay: callers drop them)."""
    if not _MARKUP.search(prose):
        return prose
    return _RULE_LINES.sub("", _inline(_BLOCK_MARKERS.sub("", prose).replace("|", " ")))
