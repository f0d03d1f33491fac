"""Read one card file into a `Card` plus its problems. Never raises on any input."""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cuecard.content.commands import code_commands, command_name
from cuecard.content.confine import image_problems
from cuecard.content.fields import FieldReader
from cuecard.content.frontmatter import split_front_matter
from cuecard.content.markdown_text import count_steps, first_heading, iter_fenced, plain_text
from cuecard.models import Card, Level, Problem, Trigger
from cuecard.terminal import unsafe_characters
from cuecard.textdata import YamlError, decode_card_bytes, load_yaml

MAX_CARD_BYTES = 1024 * 1024
CARD_SUFFIXES = (".md", ".markdown")
_HEADING = re.compile(r"#\s")


@dataclass(frozen=True, slots=True)
class ParsedCard:
    """The outcome of reading one file: a card (None when unusable) and its problems."""

    card: Card | None
    problems: tuple[Problem, ...]
    plain_text: str = ""
    # Command names the body's code runs (cuecard.content.commands); like the plain text,
    # they only feed the index cache.
    commands: tuple[str, ...] = ()
    key_lines: tuple[tuple[str, int], ...] = ()

    def line_of(self, key: str) -> int:
        return next((line for name, line in self.key_lines if name == key), 0)


def is_card_file(path: Path) -> bool:
    """Markdown files that are not hidden, editor backups or lock files."""
    name = path.name
    return (
        name.lower().endswith(CARD_SUFFIXES)
        and not name.startswith((".", "#", "~"))
        and not name.endswith("~")
    )


def read_card(path: Path, root: Path) -> ParsedCard:
    """Read and parse the card at `path`, which lies inside content root `root`."""
    try:
        stat = path.stat()
        if stat.st_size > MAX_CARD_BYTES:
            return _fatal(
                path, f"file is over 1 MB ({stat.st_size} bytes); not a micro-learning card"
            )
        with path.open("rb") as handle:
            raw = handle.read(MAX_CARD_BYTES + 1)
    except OSError as exc:
        return _fatal(path, f"cannot read file: {exc.strerror or exc}")
    if len(raw) > MAX_CARD_BYTES:
        return _fatal(path, "file is over 1 MB; not a micro-learning card")
    return parse_card_bytes(raw, path, root, size=stat.st_size, mtime_ns=stat.st_mtime_ns)


def parse_card_bytes(
    raw: bytes, path: Path, root: Path, size: int = 0, mtime_ns: int = 0
) -> ParsedCard:
    """Parse raw file content as if it were stored at `path` under `root`."""
    try:
        return _parse(raw, path, root, size, mtime_ns)
    except RecursionError:
        return _fatal(path, "content nests too deeply to parse")


def _parse(raw: bytes, path: Path, root: Path, size: int, mtime_ns: int) -> ParsedCard:
    decoded = decode_card_bytes(raw)
    if decoded.text is None:
        return _fatal(path, decoded.problem or "unreadable")
    split = split_front_matter(decoded.text)
    problems: list[Problem] = []
    data: dict[str, object] = {}
    reader_lines: tuple[dict[str, int], dict[str, list[int]]] = ({}, {})
    if split.unclosed:
        problems.append(
            Problem(
                path,
                1,
                Level.WARNING,
                "front matter starts with '---' but is never closed; read as body",
            )
        )
    if split.front_matter is not None:
        loaded = load_yaml(split.front_matter)
        if isinstance(loaded, YamlError):
            return _fatal(
                path,
                f"{loaded.message}; card not loaded",
                split.front_matter_line - 1 + loaded.line,
            )
        if isinstance(loaded.data, dict):
            data = {str(key): value for key, value in loaded.data.items()}
            reader_lines = (loaded.key_lines, loaded.item_lines)
        elif loaded.data is not None:
            problems.append(
                Problem(
                    path,
                    split.front_matter_line,
                    Level.WARNING,
                    "front matter is not a mapping of keys; ignored",
                )
            )
    reader = FieldReader(
        path, data, reader_lines[0], reader_lines[1], line_offset=split.front_matter_line - 1
    )
    body = split.body
    text = plain_text(body)
    heading = first_heading(body)
    if not text.strip() or (heading is not None and text.strip() == heading):
        return ParsedCard(
            None,
            (
                *problems,
                Problem(
                    path, split.body_line, Level.ERROR, "empty card: no body text; card not loaded"
                ),
            ),
        )
    steps = count_steps(body)
    reader.unknown_keys()
    tags = (
        *reader.string_list("tags"),
        *reader.string_list("category"),
        *reader.string_list("categories"),
        *reader.string_list("keywords", split_commas=True),
    )
    title = reader.text("title")
    required = reader.flag("required")
    card = Card(
        id=reader.text("id") or default_id(path, root),
        title=title or heading or _title_from_name(path),
        path=path,
        root=root,
        kind=reader.kind() or ("guide" if steps else "card"),
        minutes=reader.minutes(),
        summary=reader.first_text("summary", "description") or "",
        tags=tuple(dict.fromkeys(tag.lower() for tag in tags)),
        triggers=reader.triggers(),
        audience=reader.string_list("audience"),
        video=reader.video(),
        owner=reader.text("owner"),
        reviewed=reader.reviewed(),
        review_every_days=reader.duration_days("review_every"),
        requires=reader.string_list("requires"),
        recall=reader.recall(),
        required=required,
        due=reader.due(required),
        step_count=steps,
        size=size,
        mtime_ns=mtime_ns,
    )
    _check_shown_text(reader, card, title is not None, split.body, split.body_line)
    lines = tuple((key, reader.line_of(key)) for key in ("id", "requires") if key in data)
    problems.extend(image_problems(body, split.body_line, path, root))
    return ParsedCard(
        card,
        (*problems, *reader.problems),
        text,
        code_commands(body, command_name(card.title)),
        shared_key_lines(lines),
    )


def _check_shown_text(
    reader: FieldReader, card: Card, title_in_data: bool, body: str, body_line: int
) -> None:
    """Lint the fields the CLI prints and the windows show for control characters."""
    title_line = reader.line_of("title") if title_in_data else 0
    if not title_in_data and unsafe_characters(card.title):  # the `# ` heading's line
        lines = iter_fenced(body.split("\n"))
        rows = (index for index, line, code in lines if not code and _HEADING.match(line))
        title_line = next((body_line + index for index in rows), 0)
    reader.unsafe_text("title", card.title, title_line)
    reader.unsafe_text("summary" if "summary" in reader.data else "description", card.summary)
    reader.unsafe_text("id", card.id)
    reader.unsafe_text("owner", card.owner or "")
    reader.unsafe_text("tags", " ".join(card.tags))


def default_id(path: Path, root: Path) -> str:
    """The path below the content root, without its suffix, with forward slashes."""
    try:
        relative = path.relative_to(root)
    except ValueError:
        relative = Path(path.name)
    return relative.with_suffix("").as_posix()


def _title_from_name(path: Path) -> str:
    words = re.sub(r"[-_]+", " ", path.stem).strip()
    return words[:1].upper() + words[1:] if words else path.name


def _fatal(path: Path, message: str, line: int = 0) -> ParsedCard:
    return ParsedCard(None, (Problem(path, line, Level.ERROR, message),))


def file_signature(path: Path) -> tuple[int, int] | None:
    """(size, mtime_ns) of a file, or None when it is gone."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


@functools.lru_cache(maxsize=4096)
def _shared_date(value: date) -> date:
    return value


def _share(value: str | None) -> str | None:
    return sys.intern(value) if value is not None else None


@functools.lru_cache(maxsize=16384)
def _shared_tuple(values: tuple[str, ...]) -> tuple[str, ...]:
    return values


def _share_all(values: tuple[str, ...]) -> tuple[str, ...]:
    """One tuple object for each distinct list of (interned) strings: cards of one app
    repeat the same `app:` list and tags over and over."""
    return _shared_tuple(tuple(sys.intern(v) for v in values)) if values else ()


@functools.lru_cache(maxsize=4096)
def shared_key_lines(lines: tuple[tuple[str, int], ...]) -> tuple[tuple[str, int], ...]:
    """One object for each distinct key-line table: most cards put `id:` on line 2."""
    return lines


def compact_card(card: Card) -> Card:
    """The same card with values that repeat across thousands of cards (owner, tags,
    trigger apps and patterns, review date) held once: megabytes of an idle app with
    10,000 cards, measured."""
    triggers = tuple(
        Trigger(_share_all(t.apps), _share(t.title), _share(t.window_class), t.line, t.element)
        for t in card.triggers
    )
    return dataclasses.replace(
        card,
        kind=sys.intern(card.kind),
        tags=_share_all(card.tags),
        audience=_share_all(card.audience),
        owner=_share(card.owner),
        reviewed=_shared_date(card.reviewed) if card.reviewed else None,
        triggers=triggers,
    )
