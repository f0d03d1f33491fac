"""The content problems list."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cuecard.models import Level, Problem
from cuecard.ui.plain import plain_label, tooltip
from cuecard.ui.style import EscapeClosable, named


class ProblemsWindow(EscapeClosable):
    """Every lint problem of the loaded content; double-click opens the file."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Content problems — Cuecard")
        self.resize(820, 420)
        layout = QVBoxLayout(self)
        self.summary = named(plain_label(), "summary")
        self.tree = named(QTreeWidget(), "problems")
        self.tree.setHeaderLabels(["Level", "File", "Line", "Problem"])
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnWidth(0, 70)
        self.tree.setColumnWidth(1, 260)
        self.tree.setColumnWidth(2, 50)
        self.tree.itemActivated.connect(self._open_file)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)

    def set_problems(self, problems: tuple[Problem, ...]) -> None:
        self.tree.clear()
        errors = sum(1 for p in problems if p.level is Level.ERROR)
        self.summary.setText(
            f"{errors} errors and {len(problems) - errors} warnings. "
            "Double-click a row to open the file."
            if problems
            else "No problems: every card loaded cleanly."
        )
        for problem in problems:
            item = QTreeWidgetItem(
                [problem.level.value, problem.path.name, str(problem.line or ""), problem.message]
            )
            item.setToolTip(1, tooltip(str(problem.path)))
            item.setToolTip(3, tooltip(problem.message))
            item.setData(0, Qt.ItemDataRole.UserRole, str(problem.path))
            self.tree.addTopLevelItem(item)

    def _open_file(self, item: QTreeWidgetItem) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(item.data(0, Qt.ItemDataRole.UserRole)))
