"""Content stays inside its root: a link that leads out of a content root is refused.

A content root is often a shared git checkout, and git checks out symlinks: a card
`notes.md -> ~/.ssh/id_rsa` or a folder `team -> /home/someone` must not pull files from
elsewhere on the machine into the library, the search index or a card window. Links that
stay inside the root are fine. Every reader of content files (cards, pack files, images)
asks `outside_root` before reading; lint names each refused file.
"""

from __future__ import annotations

import os
import urllib.parse
from pathlib import Path

import re2

from cuecard.content.markdown_text import iter_fenced
from cuecard.models import Level, Problem

# Markdown images and raw <img src=...>, on RE2: linear in the line whatever it holds.
_MARKDOWN_IMAGE = re2.compile(r"!\[[^\]\n]*\]\(\s*<?([^)\s>]+)")
_HTML_IMAGE = re2.compile(r"(?i)<img\b[^>]*?\bsrc\s*=\s*[\"']?([^\"'\s>]+)")
_ANY_IMAGE = re2.compile(r"(?i)!\[|<img")
# Different image paths of one card looked up on disk (lint here, the card window in
# render): a card of thousands of image references costs at most this many lookups.
MAX_IMAGE_PATHS = 256


def real_root(root: Path) -> Path:
    """The root with every link in its own path resolved (compare with this)."""
    return Path(os.path.realpath(root))


def outside_root(path: Path, root: Path, resolved_root: Path | None = None) -> Path | None:
    """Where `path` really leads when that is outside `root`, else None.

    Every link on the way is followed (the file itself and any folder above it), so a
    path below a folder link that leaves the root is outside too. `resolved_root` saves
    resolving the root again when many paths of one root are checked.
    """
    try:
        target = Path(os.path.realpath(path))
    except (OSError, ValueError):
        return path
    inside = resolved_root if resolved_root is not None else real_root(root)
    return None if target.is_relative_to(inside) else target


def refused_link(path: Path, target: Path, what: str) -> Problem:
    """The lint error for a link that leaves its root; `what` says what was not done."""
    return Problem(path, 0, Level.ERROR, f"links to {target}, outside the content root; {what}")


def local_image_sources(body: str) -> list[tuple[int, str]]:
    """(line index in `body`, src) of each image the body shows, outside code blocks."""
    found: list[tuple[int, str]] = []
    if not _ANY_IMAGE.search(body):
        return found  # most cards: one scan, not a line-by-line look
    for index, line, in_code in iter_fenced(body.split("\n")):
        if in_code or ("![" not in line and "<img" not in line.lower()):
            continue
        for pattern in (_MARKDOWN_IMAGE, _HTML_IMAGE):
            found.extend((index, match.group(1)) for match in pattern.finditer(line))
    return found


def image_problems(body: str, body_line: int, card: Path, root: Path) -> list[Problem]:
    """An error for each relative image of a card that leads outside the content root
    (the card window refuses to show it). Each different path is looked up once, and at
    most MAX_IMAGE_PATHS of them (a warning says how many more were not checked)."""
    sources = local_image_sources(body)
    if not sources:
        return []
    resolved_root = real_root(root)
    targets: dict[str, Path | None] = {}
    problems = []
    unchecked = 0
    for index, src in sources:
        parts = urllib.parse.urlsplit(src)
        if parts.scheme or parts.netloc or not parts.path or src.startswith(("/", "\\")):
            continue  # remote and absolute images are dropped for other reasons
        relative = urllib.parse.unquote(parts.path)
        if "\x00" in relative:
            continue
        if relative not in targets:
            if len(targets) >= MAX_IMAGE_PATHS:
                unchecked += 1
                continue
            targets[relative] = outside_root(card.parent / relative, root, resolved_root)
        target = targets[relative]
        if target is not None:
            problems.append(
                Problem(
                    card,
                    body_line + index,
                    Level.ERROR,
                    f"image '{src}' leads to {target}, outside the content root; it is not shown",
                )
            )
    if unchecked:
        problems.append(
            Problem(
                card,
                body_line,
                Level.WARNING,
                f"{unchecked} more images not checked: a card shows at most "
                f"{MAX_IMAGE_PATHS} different images",
            )
        )
    return problems
