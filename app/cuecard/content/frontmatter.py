"""Split a card file into its `---` front matter and its body.

Loading the front matter's YAML safely is cuecard.textdata's job (shared with settings).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SplitFile:
    """A card file's parts. `body_line` is the 1-based file line where the body starts."""

    front_matter: str | None
    front_matter_line: int
    body: str
    body_line: int
    unclosed: bool = False


def split_front_matter(text: str) -> SplitFile:
    """Split `---` delimited front matter from the body (text already decoded)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return SplitFile(None, 0, text, 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return SplitFile(front, 2, body, index + 2)
    return SplitFile(None, 0, text, 1, unclosed=True)
