"""Files at the top of a content root: pack.yaml, rules.yaml, paths/*.yaml, sprints/*.yaml."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from cuecard.content.confine import outside_root, refused_link
from cuecard.content.fields import FieldReader
from cuecard.content.triggers import parse_trigger_list
from cuecard.models import LearningPath, Level, PackInfo, Problem, Rule, Sprint
from cuecard.textdata import YamlDoc, YamlError, decode_card_bytes, load_yaml

MAX_META_BYTES = 256 * 1024
PACK_FILE = "pack.yaml"
RULES_FILE = "rules.yaml"
PATHS_DIR = "paths"
SPRINTS_DIR = "sprints"


@dataclass(frozen=True)
class PackMeta:
    """Everything a root declares besides its cards."""

    info: PackInfo
    rules: tuple[Rule, ...]
    paths: tuple[LearningPath, ...]
    sprints: tuple[Sprint, ...]
    problems: tuple[Problem, ...]
    files: tuple[Path, ...] = ()  # the pack files that exist (each one checked by lint)


def is_meta_file(path: Path, root: Path) -> bool:
    """True for the files this module reads (so a change to them reloads the pack)."""
    try:
        relative = path.relative_to(root)
    except ValueError:
        return False
    parts = relative.parts
    if len(parts) == 1:
        return parts[0] in (PACK_FILE, RULES_FILE)
    return len(parts) == 2 and parts[0] in (PATHS_DIR, SPRINTS_DIR) and parts[1].endswith(".yaml")


def _load(path: Path, root: Path, problems: list[Problem]) -> YamlDoc | None:
    target = outside_root(path, root)
    if target is not None:
        problems.append(refused_link(path, target, "not read"))
        return None
    try:
        raw = path.read_bytes()[: MAX_META_BYTES + 1]
    except OSError as exc:
        problems.append(Problem(path, 0, Level.ERROR, f"cannot read file: {exc.strerror or exc}"))
        return None
    if len(raw) > MAX_META_BYTES:
        problems.append(Problem(path, 0, Level.ERROR, "file is over 256 KB"))
        return None
    decoded = decode_card_bytes(raw)
    if decoded.text is None:
        problems.append(Problem(path, 0, Level.ERROR, decoded.problem or "unreadable"))
        return None
    loaded = load_yaml(decoded.text)
    if isinstance(loaded, YamlError):
        problems.append(Problem(path, loaded.line, Level.ERROR, loaded.message))
        return None
    return loaded


def _mapping(path: Path, doc: YamlDoc, problems: list[Problem]) -> FieldReader | None:
    if not isinstance(doc.data, dict):
        problems.append(Problem(path, 1, Level.ERROR, "expected a mapping of keys"))
        return None
    data = {str(key): value for key, value in doc.data.items()}
    return FieldReader(path, data, doc.key_lines, doc.item_lines, line_offset=0)


def load_pack_meta(root: Path) -> PackMeta:
    """Read a root's pack files; missing files are fine, broken ones become problems."""
    problems: list[Problem] = []
    info = _pack_info(root / PACK_FILE, root, problems)
    rules = _rules(root / RULES_FILE, root, problems)
    path_files, sprint_files = _yaml_files(root / PATHS_DIR), _yaml_files(root / SPRINTS_DIR)
    paths = tuple(
        learning_path
        for file in path_files
        if (learning_path := _learning_path(file, root, problems)) is not None
    )
    sprints = tuple(
        sprint for file in sprint_files if (sprint := _sprint(file, root, problems)) is not None
    )
    top = [root / name for name in (PACK_FILE, RULES_FILE) if (root / name).is_file()]
    files = (*top, *path_files, *sprint_files)
    return PackMeta(info, rules, paths, sprints, tuple(problems), files)


def _yaml_files(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if p.suffix == ".yaml" and p.is_file())
    except OSError:
        return []


def _pack_info(path: Path, root: Path, problems: list[Problem]) -> PackInfo:
    if not path.is_file():
        return PackInfo()
    doc = _load(path, root, problems)
    reader = _mapping(path, doc, problems) if doc else None
    if reader is None:
        return PackInfo()
    info = PackInfo(
        name=reader.text("name") or "",
        version=reader.text("version") or "",
        owner=reader.text("owner"),
        review_every_days=reader.duration_days("review_every"),
        audience=reader.string_list("audience"),
    )
    problems.extend(reader.problems)
    return info


def _rules(path: Path, root: Path, problems: list[Problem]) -> tuple[Rule, ...]:
    if not path.is_file():
        return ()
    doc = _load(path, root, problems)
    if doc is None or doc.data is None:
        return ()
    entries: Any = doc.data.get("rules") if isinstance(doc.data, dict) else doc.data
    if not isinstance(entries, list):
        problems.append(Problem(path, 1, Level.ERROR, "expected a list of {when, show} entries"))
        return ()

    def report(line: int, level: Level, message: str) -> None:
        problems.append(Problem(path, line, level, message, "when"))

    item_lines = doc.item_lines.get("rules" if isinstance(doc.data, dict) else "", [])
    rules = []
    for index, entry in enumerate(entries):
        line = item_lines[index] if index < len(item_lines) else 0
        if not isinstance(entry, dict) or "when" not in entry or "show" not in entry:
            problems.append(Problem(path, line, Level.ERROR, "each rule needs 'when' and 'show'"))
            continue
        when = entry["when"] if isinstance(entry["when"], list) else [entry["when"]]
        show = entry["show"] if isinstance(entry["show"], list) else [entry["show"]]
        triggers = parse_trigger_list(when, _constant(line), report)
        rules.append(Rule(triggers, tuple(str(item) for item in show), path, line))
    return tuple(rules)


def _constant(line: int) -> Callable[[int], int]:
    return lambda _index: line


def _learning_path(path: Path, root: Path, problems: list[Problem]) -> LearningPath | None:
    doc = _load(path, root, problems)
    reader = _mapping(path, doc, problems) if doc else None
    if reader is None:
        return None
    name = reader.text("name")
    days = _days(reader) if "days" in reader.data else _spread(reader)
    problems.extend(reader.problems)
    cards = tuple(dict.fromkeys(card for day in days for card in day))
    if not name or not cards:
        problems.append(
            Problem(path, 1, Level.ERROR, "a path needs 'name' and 'days' (or 'cards')")
        )
        return None
    return LearningPath(name, cards, path, reader.text("description") or "", path.stem, tuple(days))


def _days(reader: FieldReader) -> list[tuple[str, ...]]:
    """`days:` as a list whose items are a list of card ids, one id, or {cards: [...]}."""
    value = reader.data.get("days")
    if not isinstance(value, list):
        reader.drop("days", "a list of days, each a list of card ids")
        return []
    days = []
    for index, item in enumerate(value):
        entry = item.get("cards") if isinstance(item, dict) else item
        if isinstance(entry, str | int) and not isinstance(entry, bool):
            entry = [entry]
        if isinstance(entry, list) and entry and all(isinstance(c, str | int) for c in entry):
            days.append(tuple(str(card).strip() for card in entry))
        else:
            reader.report(
                "days", Level.WARNING, "a day should be a list of card ids; ignored", index
            )
    return days


def _spread(reader: FieldReader) -> list[tuple[str, ...]]:
    """A flat `cards:` list, `per_day` cards a day (default 1)."""
    cards = reader.string_list("cards")
    per_day = reader.data.get("per_day", 1)
    if isinstance(per_day, bool) or not isinstance(per_day, int) or per_day < 1:
        reader.drop("per_day", "a whole number of cards a day")
        per_day = 1
    return [cards[start : start + per_day] for start in range(0, len(cards), per_day)]


def _sprint(path: Path, root: Path, problems: list[Problem]) -> Sprint | None:
    doc = _load(path, root, problems)
    reader = _mapping(path, doc, problems) if doc else None
    if reader is None:
        return None
    name, goal = reader.text("name"), reader.text("goal") or ""
    start, end = _date(reader, "start"), _date(reader, "end")
    weeks = _weeks(reader)
    cards, tags = reader.string_list("cards"), reader.string_list("tags")
    problems.extend(reader.problems)
    dated = start is not None and end is not None
    if not name or not (dated or weeks is not None):
        problems.append(
            Problem(
                path,
                1,
                Level.ERROR,
                "a sprint needs 'name' and either 'start' and 'end' or 'weeks'",
            )
        )
        return None
    if start is not None and end is not None:
        weeks = None
        if not timedelta(weeks=2) <= end - start + timedelta(days=1) <= timedelta(weeks=4):
            problems.append(
                Problem(
                    path,
                    reader.line_of("end"),
                    Level.ERROR,
                    "a sprint lasts 2 to 4 weeks from start to end",
                )
            )
    else:
        start = end = None
    if not cards and not tags:
        problems.append(Problem(path, 1, Level.ERROR, "a sprint needs 'cards' or 'tags'"))
    return Sprint(
        name, goal, start, end, path, cards, tuple(tag.lower() for tag in tags), path.stem, weeks
    )


def _weeks(reader: FieldReader) -> int | None:
    """`weeks:` of a self-paced sprint: 2, 3 or 4."""
    value = reader.data.get("weeks")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 2 <= value <= 4:
        reader.drop("weeks", "2, 3 or 4")
        return None
    return value


def _date(reader: FieldReader, key: str) -> date | None:
    value = reader.data.get(key)
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    if value is not None:
        reader.drop(key, "a date like 2026-12-01")
    return None
