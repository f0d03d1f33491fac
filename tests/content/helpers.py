"""Small helpers shared by the content tests: write real files, parse card text."""

from __future__ import annotations

from pathlib import Path

from cuecard.content.parse import ParsedCard, parse_card_bytes
from cuecard.models import Card, Level, Problem

ROOT = Path("/content")


def write(path: Path, content: str | bytes) -> Path:
    """Write `content` (str as UTF-8) to `path`, creating folders; return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    return path


def parse(content: str | bytes, name: str = "card.md", root: Path = ROOT) -> ParsedCard:
    """Parse card text as if it were stored at root/name."""
    raw = content.encode("utf-8") if isinstance(content, str) else content
    return parse_card_bytes(raw, root / name, root)


def card_of(content: str | bytes, name: str = "card.md", root: Path = ROOT) -> Card:
    parsed = parse(content, name, root)
    assert parsed.card is not None, [p.message for p in parsed.problems]
    return parsed.card


def found(
    problems: tuple[Problem, ...] | list[Problem], level: Level | None = None
) -> list[tuple[int, str, str]]:
    """(line, level, message) of each problem, optionally only of one level."""
    return [
        (p.line, p.level.value, p.message) for p in problems if level is None or p.level is level
    ]


def messages(
    problems: tuple[Problem, ...] | list[Problem], level: Level | None = None
) -> list[str]:
    return [message for _, _, message in found(problems, level)]
