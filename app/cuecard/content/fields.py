"""Turn a front matter mapping into typed card fields, reporting what was dropped.

Each field is checked on its own: a wrong type drops that field with a warning that
names the file and line; the rest of the card still loads. Foreign keys written for
Jekyll, Hugo, Obsidian or Docusaurus map onto ours (see CARD-FORMAT.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cuecard.content.triggers import parse_trigger_list
from cuecard.models import Level, Problem, RecallPrompt, Trigger
from cuecard.terminal import unsafe_characters
from cuecard.textdata import parse_duration_days

KNOWN_KEYS = frozenset(
    {
        "title",
        "id",
        "kind",
        "minutes",
        "summary",
        "tags",
        "when",
        "audience",
        "video",
        "owner",
        "reviewed",
        "review_every",
        "requires",
        "recall",
        "required",
        "due",
    }
)
FOREIGN_KEYS = {
    "category": "tags",
    "categories": "tags",
    "keywords": "tags",
    "description": "summary",
    "updated": "reviewed",
    "date": "reviewed",
    "lastmod": "reviewed",
    "last_modified": "reviewed",
}
MAX_MINUTES = 10


@dataclass
class FieldReader:
    """Reads typed values out of one front matter mapping, collecting problems."""

    path: Path
    data: dict[str, Any]
    key_lines: dict[str, int]
    item_lines: dict[str, list[int]]
    line_offset: int
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, key: str, item: int | None = None) -> int:
        if item is not None:
            items = self.item_lines.get(key, [])
            if item < len(items):
                return items[item] + self.line_offset
        return self.key_lines.get(key, 0) + self.line_offset if key in self.key_lines else 0

    def report(self, key: str, level: Level, message: str, item: int | None = None) -> None:
        self.problems.append(Problem(self.path, self.line_of(key, item), level, message, key))

    def drop(self, key: str, expected: str) -> None:
        value = self.data.get(key)
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
        self.report(key, Level.WARNING, f"'{key}' should be {expected}, got {shown}; field ignored")

    def unsafe_text(self, key: str, value: str, line: int | None = None) -> None:
        """Warn when shown text holds terminal control or bidi override characters: the
        CLI strips them on output, so the text would print differently from the file."""
        found = unsafe_characters(value)
        if found:
            self.problems.append(
                Problem(
                    self.path,
                    self.line_of(key) if line is None else line,
                    Level.WARNING,
                    f"'{key}' contains control or bidi override characters "
                    f"({', '.join(found)}); they are stripped when printed",
                    key,
                )
            )

    def unknown_keys(self) -> None:
        for key in self.data:
            if key not in KNOWN_KEYS and key not in FOREIGN_KEYS:
                self.report(str(key), Level.WARNING, f"unknown key '{key}' ignored")

    def text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            text = str(value).strip()
            return text or None
        self.drop(key, "text")
        return None

    def first_text(self, *keys: str) -> str | None:
        for key in keys:
            if key in self.data:
                value = self.text(key)
                if value is not None:
                    return value
        return None

    def string_list(self, key: str, split_commas: bool = False) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            parts = value.split(",") if split_commas else [value]
            return tuple(part.strip() for part in parts if part.strip())
        if isinstance(value, list) and all(
            isinstance(item, str | int | float) and not isinstance(item, bool) for item in value
        ):
            return tuple(str(item).strip() for item in value if str(item).strip())
        self.drop(key, "a list of text")
        return ()

    def minutes(self) -> int | None:
        value = self.data.get("minutes")
        if value is None:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not (
                0 < value < float("inf")  # also refuses .nan
            )
        ):
            self.drop("minutes", "a positive number")
            return None
        minutes = max(1, round(value))
        if minutes > MAX_MINUTES:
            self.report(
                "minutes",
                Level.ERROR,
                f"minutes is {minutes}; a card must take at most {MAX_MINUTES} minutes",
            )
        return minutes

    def kind(self) -> str | None:
        value = self.text("kind")
        if value is None:
            return None
        if value.lower() in ("card", "guide"):
            return value.lower()
        self.drop("kind", "'card' or 'guide'")
        return None

    def reviewed(self) -> date | None:
        for key in ("reviewed", "lastmod", "updated", "last_modified", "date"):
            if key in self.data:
                parsed = _as_date(self.data[key])
                if parsed is None:
                    self.drop(key, "a date like 2026-09-01")
                    continue
                return parsed
        return None

    def flag(self, key: str) -> bool:
        """A yes/no field (false when absent or of the wrong type)."""
        value = self.data.get(key)
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        self.drop(key, "true or false")
        return False

    def due(self, required: bool) -> date | None:
        """`due:` of a required card; on other cards it means nothing and lint says so."""
        if "due" not in self.data:
            return None
        parsed = _as_date(self.data["due"])
        if parsed is None:
            self.drop("due", "a date like 2026-09-01")
            return None
        if not required:
            self.report("due", Level.WARNING, "'due' applies only to cards with 'required: true'")
            return None
        return parsed

    def duration_days(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        parsed = parse_duration_days(value)
        if parsed is None:
            self.drop(key, "a duration like 90d, 12w, 6m or 1y")
        return parsed

    def video(self) -> str | None:
        value = self.text("video")
        if value is not None and not value.lower().startswith(("https://", "http://")):
            self.drop("video", "an http(s) link")
            return None
        return value

    def triggers(self, key: str = "when") -> tuple[Trigger, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, dict):
            value = [value]
        if not isinstance(value, list):
            self.drop(key, "a list of triggers ({app, title, class})")
            return ()
        return parse_trigger_list(
            value, lambda index: self.line_of(key, index), self._trigger_problem
        )

    def _trigger_problem(self, line: int, level: Level, message: str) -> None:
        self.problems.append(Problem(self.path, line, level, message, "when"))

    def recall(self) -> tuple[RecallPrompt, ...]:
        value = self.data.get("recall")
        if value is None:
            return ()
        if not isinstance(value, list):
            self.drop("recall", "a list of {q, a}")
            return ()
        prompts = []
        for index, item in enumerate(value):
            if isinstance(item, dict) and isinstance(item.get("q"), str) and "a" in item:
                prompts.append(RecallPrompt(item["q"].strip(), str(item["a"]).strip()))
            else:
                self.report(
                    "recall", Level.WARNING, "recall item needs 'q' and 'a'; ignored", index
                )
        return tuple(prompts)


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
        except ValueError:
            return None
    return None
