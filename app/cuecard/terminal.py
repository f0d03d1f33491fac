"""Untrusted text on a terminal: every CLI printer goes through `echo`.

Card fields, window titles, file names and the user's log can hold terminal control
characters (an ESC sequence can retitle the terminal, clear it or fake output) and bidi
overrides (text that reads differently from what it is). `echo` prints each line with
C0 and C1 control characters and bidi embeddings, overrides and isolates removed; the
plain direction marks U+200E and U+200F stay. JSON output needs none of this:
`json.dumps` escapes control characters and is printed unchanged.
"""

from __future__ import annotations

import re
import sys
from typing import TextIO

# C0 controls, DEL, C1 controls; LRE RLE PDF LRO RLO; LRI RLI FSI PDI.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SPACING = re.compile("[\t\n\v\f\r]")


def unsafe_characters(text: str) -> tuple[str, ...]:
    """The distinct unsafe characters in `text`, named like `U+202E`, in order of
    first appearance (for lint messages, which must not print them)."""
    seen = dict.fromkeys(f"U+{ord(match.group()):04X}" for match in UNSAFE.finditer(text))
    return tuple(seen)


def terminal_line(text: str) -> str:
    """`text` as one line that is safe to print: line breaks and tabs become spaces,
    every other unsafe character is removed."""
    return UNSAFE.sub("", _SPACING.sub(" ", text))


def echo(*lines: object, file: TextIO | None = None, flush: bool = False) -> None:
    """Print each argument as one line (see `terminal_line`)."""
    out = sys.stdout if file is None else file
    for line in lines:
        print(terminal_line(str(line)), file=out, flush=flush)
