"""The content problems list: errors before warnings, each with its folder, file and line;
double-click opens the file in an editor at that line."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QRectF, Qt, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cuecard.models import Level, Problem
from cuecard.platform.open_at_line import editor_at_line, launch
from cuecard.ui.plain import plain_label, tooltip
from cuecard.ui.style import EscapeClosable, colors, named
from cuecard.ui.wrapping import wrap_rows
from cuecard.wording import plural

ERROR_COLOUR, WARNING_COLOUR = "#d93025", "#e8a100"
PROBLEM_ROLE = Qt.ItemDataRole.UserRole


def level_icon(level: Level) -> QIcon:
    """A red disc with "!" for an error, an amber one for a warning."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(ERROR_COLOUR if level is Level.ERROR else WARNING_COLOUR))
    painter.drawEllipse(QRectF(2, 2, 28, 28))
    painter.setPen(QColor("#ffffff"))
    font = painter.font()
    font.setBold(True)
    font.setPixelSize(22)
    painter.setFont(font)
    painter.drawText(QRectF(0, 0, 32, 32), Qt.AlignmentFlag.AlignCenter, "!")
    painter.end()
    return QIcon(pixmap)


def where(problem: Problem, roots: Sequence[Path]) -> str:
    """`folder/file.md:12` relative to the content root that holds it; a file outside
    every root (a settings file) by its whole path, the home folder as `~`."""
    shown = str(problem.path)
    for root in roots:
        if problem.path.is_relative_to(root):
            shown = str(problem.path.relative_to(root))
            break
    else:
        home = Path.home()
        if problem.path.is_relative_to(home):
            shown = str(Path("~") / problem.path.relative_to(home))
    return f"{shown}:{problem.line}" if problem.line else shown


def summary_text(problems: Sequence[Problem]) -> str:
    errors = sum(1 for p in problems if p.level is Level.ERROR)
    warnings = len(problems) - errors
    parts = ([plural(errors, "error")] if errors else []) + (
        [plural(warnings, "warning")] if warnings else []
    )
    return " and ".join(parts) + ". Double-click one to open the file at its line."


SIZE = (760, 420)  # the most it takes before the list scrolls
MIN_LIST_HEIGHT = 90  # the empty state's room


class ProblemsWindow(EscapeClosable):
    """Every lint problem of the loaded content, errors first."""

    def __init__(
        self,
        roots: Sequence[Path] = (),
        editor: str = "",
        parent: QWidget | None = None,
        run: Callable[[Sequence[str]], bool] = launch,
        open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Content problems — Cuecard")
        self.resize(*SIZE)
        self.roots = tuple(roots)
        self.editor = editor
        self._run = run
        self._open_url = open_url
        layout = QVBoxLayout(self)
        self.summary = named(plain_label(word_wrap=True), "summary")
        self.summary.setStyleSheet("font-weight: 600;")
        self.tree = named(QTreeWidget(), "problems")
        self.tree.setHeaderLabels(["", "Where", "Problem"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setColumnWidth(0, 96)
        self.tree.setColumnWidth(1, 250)
        self.tree.itemActivated.connect(self.open_problem)
        wrap_rows(self.tree)  # a long problem reads in full, not cut with "…"
        self.empty = named(plain_label("Every card loaded cleanly. Nothing to fix."), "empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet(f"color: {colors().muted}; font-size: 15px;")
        self.pages = QStackedWidget()
        self.pages.addWidget(self.tree)
        self.pages.addWidget(self.empty)
        self.status = named(plain_label(word_wrap=True), "status")
        self.status.setStyleSheet(f"color: {colors().muted};")
        layout.addWidget(self.summary)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.status)
        self._icons = {level: level_icon(level) for level in Level}

    def set_problems(
        self, problems: Sequence[Problem], roots: Sequence[Path] | None = None
    ) -> None:
        if roots is not None:
            self.roots = tuple(roots)
        self.tree.clear()
        self.summary.setText(summary_text(problems) if problems else "No content problems")
        self.pages.setCurrentWidget(self.tree if problems else self.empty)
        ordered = sorted(problems, key=lambda p: (p.level is not Level.ERROR, str(p.path), p.line))
        for problem in ordered:
            error = problem.level is Level.ERROR
            item = QTreeWidgetItem(["Error" if error else "Warning", where(problem, self.roots)])
            item.setText(2, problem.message)
            item.setIcon(0, self._icons[problem.level])
            item.setForeground(0, QBrush(QColor(ERROR_COLOUR if error else WARNING_COLOUR)))
            item.setToolTip(1, tooltip(str(problem.path)))
            item.setToolTip(2, tooltip(problem.message))
            item.setData(0, PROBLEM_ROLE, problem)
            self.tree.addTopLevelItem(item)
        if not self.isVisible():
            self.fit_rows()

    def fit_rows(self) -> None:
        """As tall as its rows (a couple of problems get a small window), up to SIZE."""
        layout = self.layout()
        assert layout is not None
        rows = sum(self.tree.sizeHintForRow(n) for n in range(self.tree.topLevelItemCount()))
        list_height = self.tree.header().sizeHint().height() + rows + 2 * self.tree.frameWidth()
        chrome = layout.sizeHint().height() - self.pages.sizeHint().height()
        wanted = chrome + max(list_height, MIN_LIST_HEIGHT) + 8
        self.resize(SIZE[0], min(wanted, SIZE[1]))

    def open_problem(self, item: QTreeWidgetItem) -> str:
        """Open the problem's file at its line; returns (and shows) what happened."""
        problem = item.data(0, PROBLEM_ROLE)
        if not isinstance(problem, Problem):
            return ""
        name = where(problem, self.roots).rsplit(":", 1)[0] if problem.line else item.text(1)
        command = editor_at_line(problem.path, problem.line, self.editor)
        if command is not None and self._run(command):
            message = f"Opened {name} at line {max(problem.line, 1)} in {Path(command[0]).name}."
        elif self._open_url(QUrl.fromLocalFile(str(problem.path))):
            line = f" The problem is on line {problem.line}." if problem.line else ""
            message = (
                f"Opened {name}.{line} To open cards at the line, add a line such as "
                "editor: code -g {file}:{line} to your settings file."
            )
        else:
            message = f"Could not open {problem.path}."
        self.status.setText(message)
        return message
