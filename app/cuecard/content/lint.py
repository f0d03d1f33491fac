"""`cuecard lint`: every problem of a set of roots, as text lines or JSON.

`lint_snapshot` is the one source of content counts and problems: `cuecard lint`,
`cuecard doctor` and the tray's "Content problems" all show its report.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cuecard.content.library import LibrarySnapshot
from cuecard.models import Level, Problem
from cuecard.terminal import terminal_line
from cuecard.wording import plural


@dataclass(frozen=True)
class RootReport:
    """One root's share of a report: its files, cards and problems."""

    path: Path
    files: int
    cards: int
    errors: int
    warnings: int


@dataclass(frozen=True)
class LintReport:
    """Problems found, sorted by file and line, plus what was checked.

    `files` counts every file checked: cards, files that failed to load, pack files.
    """

    problems: tuple[Problem, ...]
    cards: int
    files: int = 0
    roots: tuple[RootReport, ...] = ()

    @property
    def errors(self) -> int:
        return sum(1 for problem in self.problems if problem.level is Level.ERROR)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0

    def as_text(self, relative_to: Path | None = None) -> str:
        """One line per problem, safe to print on a terminal (see cuecard.terminal)."""
        lines = [terminal_line(problem.format(relative_to)) for problem in self.problems]
        lines.append(
            f"{plural(self.files, 'file')} checked, {plural(self.cards, 'card')}: "
            f"{plural(self.errors, 'error')}, {plural(self.warnings, 'warning')}"
        )
        return "\n".join(lines)

    def as_json(self) -> str:
        return json.dumps(
            {
                "files": self.files,
                "cards": self.cards,
                "errors": self.errors,
                "warnings": self.warnings,
                "problems": [
                    {
                        "path": str(p.path),
                        "line": p.line,
                        "level": p.level.value,
                        "message": p.message,
                        "field": p.code or None,
                    }
                    for p in self.problems
                ],
            },
            indent=2,
        )


def stale_problems(snapshot: LibrarySnapshot, today: date, level: Level) -> list[Problem]:
    """A problem for every card past its review date, naming its owner."""
    found = []
    for card in snapshot.cards.values():
        due = card.review_due
        if due is not None and card.is_stale(today):
            owner = f"; owner {card.owner}" if card.owner else "; no owner"
            found.append(
                Problem(
                    card.path,
                    0,
                    level,
                    f"past its review date ({due.isoformat()}, reviewed {card.reviewed}){owner}",
                    "reviewed",
                )
            )
    return found


def lint_snapshot(
    snapshot: LibrarySnapshot, today: date, stale_as_error: bool = False
) -> LintReport:
    """Lint an already loaded library as of `today`."""
    level = Level.ERROR if stale_as_error else Level.WARNING
    problems = [*snapshot.problems, *stale_problems(snapshot, today, level)]
    ordered = sorted(set(problems), key=lambda p: (str(p.path), p.line, p.level.value, p.message))
    errors: Counter[Path | None] = Counter()
    warnings: Counter[Path | None] = Counter()
    for problem in ordered:
        counter = errors if problem.level is Level.ERROR else warnings
        counter[_root_of(problem.path, snapshot)] += 1
    roots = tuple(
        RootReport(root.path, root.files, root.cards, errors[root.path], warnings[root.path])
        for root in snapshot.roots
    )
    files = sum(root.files for root in snapshot.roots)
    return LintReport(tuple(ordered), len(snapshot.cards), files, roots)


def _root_of(path: Path, snapshot: LibrarySnapshot) -> Path | None:
    """The innermost root that holds `path` (roots may be nested)."""
    holders = [root.path for root in snapshot.roots if path.is_relative_to(root.path)]
    return max(holders, key=lambda root: len(root.parts), default=None)
