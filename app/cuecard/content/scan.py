"""Find a content root's card files, the way every reader of the library sees them.

Hidden folders and tool folders (node_modules, __pycache__) are skipped; folder links
are never followed (a full scan and a hot reload agree on this), and a card or folder
link that leads outside the root is listed as refused, never read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cuecard.content.confine import outside_root, real_root
from cuecard.content.parse import is_card_file

SKIPPED_DIRS = frozenset({"node_modules", "__pycache__"})


@dataclass(frozen=True)
class CardFiles:
    """What a scan found: card files to read, and links that lead out of the root
    (refused, each with where it leads)."""

    files: list[Path]
    escaped: list[tuple[Path, Path]]


def scan_card_files(folder: Path, root: Path | None = None) -> CardFiles:
    """Card files below `folder` (inside content root `root`, default `folder`), sorted,
    skipping hidden and tool folders. Folder links are never followed; a card link or a
    folder link that leads outside the root is listed in `escaped`. Never raises."""
    resolved_root = real_root(root if root is not None else folder)
    found: list[Path] = []
    escaped: list[tuple[Path, Path]] = []
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as scan:
                for entry in scan:
                    if entry.name.startswith("."):
                        continue
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            if entry.name not in SKIPPED_DIRS:
                                stack.append(Path(entry.path))
                        elif entry.is_symlink():
                            _check_link(entry, resolved_root, found, escaped)
                        elif entry.is_file() and is_card_file(Path(entry.name)):
                            found.append(Path(entry.path))
                    except OSError:
                        continue
        except OSError:
            continue
    return CardFiles(sorted(found), sorted(escaped))


def _check_link(
    entry: os.DirEntry[str],
    resolved_root: Path,
    found: list[Path],
    escaped: list[tuple[Path, Path]],
) -> None:
    is_folder = entry.is_dir()
    if is_folder and entry.name in SKIPPED_DIRS:
        return
    if not is_folder and not (entry.is_file() and is_card_file(Path(entry.name))):
        return
    path = Path(entry.path)
    target = outside_root(path, resolved_root, resolved_root)
    if target is not None:
        escaped.append((path, target))
    elif not is_folder:
        found.append(path)


def walk_card_files(folder: Path) -> list[Path]:
    """All card files below `folder` that stay inside it, sorted. Never raises."""
    return scan_card_files(folder).files


def is_skipped(path: Path, root: Path) -> bool:
    """True for hidden or skipped folders and what is below them (never indexed)."""
    return any(
        part.startswith(".") or part in SKIPPED_DIRS for part in path.relative_to(root).parts
    )


def reached_by_scan(
    folder: Path, root: Path, memo: dict[tuple[Path, Path], bool] | None = None
) -> bool:
    """True when a scan of `root` reaches `folder`: no folder link on the way. `memo`
    saves resolving the same folder twice within one batch of changes."""
    if folder == root:
        return True
    known = memo.get((root, folder)) if memo is not None else None
    if known is None:
        known = Path(os.path.realpath(folder)) == real_root(root) / folder.relative_to(root)
        if memo is not None:
            memo[(root, folder)] = known
    return known
