"""Content problems: plurals, folders, errors before warnings, opening at the line."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot
from tests.conftest import write_card

from cuecard.content.library import ContentLibrary
from cuecard.models import Level, Problem
from cuecard.ui.lists import ERROR_COLOUR, WARNING_COLOUR, ProblemsWindow


@pytest.fixture
def problems(tmp_path: Path) -> tuple[Path, tuple[Problem, ...]]:
    root = tmp_path / "cards"
    write_card(root, "calc/bad.md", "---\nminutes: 42\n---\n# Long\n\nBody\n")
    write_card(root, "writer/odd.md", "---\nminutes: 2\nfoo: 1\n---\n# Odd\n\nBody\n")
    snapshot = ContentLibrary([root]).load()
    return root, snapshot.problems


class Opened:
    def __init__(self, works: bool = True) -> None:
        self.commands: list[list[str]] = []
        self.urls: list[QUrl] = []
        self.works = works

    def run(self, command: Sequence[str]) -> bool:
        self.commands.append(list(command))
        return self.works

    def open(self, url: QUrl) -> bool:
        self.urls.append(url)
        return True


def test_counts_folders_and_levels(
    qtbot: QtBot, problems: tuple[Path, tuple[Problem, ...]]
) -> None:
    root, found = problems
    assert {p.level for p in found} == {Level.ERROR, Level.WARNING}
    window = ProblemsWindow([root])
    qtbot.addWidget(window)
    window.set_problems(found)
    errors = sum(1 for p in found if p.level is Level.ERROR)
    assert errors == 1
    assert window.summary.text().startswith("1 error and ")
    assert "1 errors" not in window.summary.text()
    first = window.tree.topLevelItem(0)
    assert first.text(0) == "Error", "errors come first"
    assert first.text(1) == "calc/bad.md:2", "the folder, the file and the line"
    assert first.foreground(0).color() == QColor(ERROR_COLOUR)
    last = window.tree.topLevelItem(window.tree.topLevelItemCount() - 1)
    assert last.text(0) == "Warning" and last.text(1).startswith("writer/odd.md")
    assert last.foreground(0).color() == QColor(WARNING_COLOUR)
    assert window.pages.currentWidget() is window.tree


def test_no_problems_is_an_empty_state(qtbot: QtBot) -> None:
    window = ProblemsWindow()
    qtbot.addWidget(window)
    window.set_problems(())
    assert window.pages.currentWidget() is window.empty
    assert window.tree.topLevelItemCount() == 0
    assert window.summary.text() == "No content problems"


def test_double_click_opens_the_file_at_the_line(
    qtbot: QtBot, problems: tuple[Path, tuple[Problem, ...]]
) -> None:
    root, found = problems
    opened = Opened()
    window = ProblemsWindow([root], "code -g {file}:{line}", run=opened.run, open_url=opened.open)
    qtbot.addWidget(window)
    window.set_problems(found)
    item = window.tree.topLevelItem(0)
    window.tree.itemActivated.emit(item, 1)
    assert opened.commands == [["code", "-g", f"{root / 'calc' / 'bad.md'}:2"]]
    assert window.status.text() == "Opened calc/bad.md at line 2 in code."


def test_without_an_editor_that_takes_a_line_the_file_opens_and_the_line_is_named(
    qtbot: QtBot, problems: tuple[Path, tuple[Problem, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", "vim")  # a terminal editor: not from a tray app
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setattr("cuecard.platform.open_at_line.default_markdown_editor", lambda: None)
    root, found = problems
    opened = Opened()
    window = ProblemsWindow([root], run=opened.run, open_url=opened.open)
    qtbot.addWidget(window)
    window.set_problems(found)
    window.open_problem(window.tree.topLevelItem(0))
    assert opened.commands == []
    assert opened.urls == [QUrl.fromLocalFile(str(root / "calc" / "bad.md"))]
    assert "line 2" in window.status.text()


def test_a_long_problem_wraps_instead_of_being_cut(qtbot: QtBot, tmp_path: Path) -> None:
    message = "past its review date; " + "the owner should look at it again " * 6
    problem = Problem(tmp_path / "team" / "card.md", 3, Level.WARNING, message)
    window = ProblemsWindow([tmp_path])
    qtbot.addWidget(window)
    window.resize(760, 420)
    window.set_problems([problem])
    window.show()
    qtbot.waitExposed(window)
    item = window.tree.topLevelItem(0)
    line = window.tree.fontMetrics().height()
    qtbot.waitUntil(lambda: window.tree.visualItemRect(item).height() >= 2 * line)
    window.resize(1800, 420)  # wider: fewer lines
    qtbot.waitUntil(lambda: window.tree.visualItemRect(item).height() < 2 * line)


def test_a_few_problems_get_a_small_window_many_scroll(qtbot: QtBot, tmp_path: Path) -> None:
    def problems(count: int) -> list[Problem]:
        return [
            Problem(tmp_path / f"card{n}.md", n + 1, Level.ERROR, "minutes is 45")
            for n in range(count)
        ]

    few, many = ProblemsWindow([tmp_path]), ProblemsWindow([tmp_path])
    few.set_problems(problems(2))
    many.set_problems(problems(60))
    for window in (few, many):
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
    assert few.height() < 260, "no empty half window under two rows"
    assert few.tree.verticalScrollBar().maximum() == 0, "both rows in view"
    assert many.height() > few.height() and many.tree.verticalScrollBar().maximum() > 0
