""" "Today on your path": each path you are on (today's cards, what is left from earlier
days, what comes next, progress), the paths you could join, and the learning sprints
with their goal, progress, join and leave."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLayout,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cuecard.learning.paths import PathProgress
from cuecard.learning.sprints import SprintProgress, SprintStatus, can_join
from cuecard.models import Card, LearningPath
from cuecard.ui.plain import elide, menu_text, plain_label, window_title
from cuecard.ui.screens import active_screen, fit_size
from cuecard.ui.style import EscapeClosable, colors, named
from cuecard.wording import plural

TITLE_CHARS = 70
WIDTH = 560
MAX_HEIGHT = 720  # taller content scrolls


def _heading(text: str, size: int = 16) -> QWidget:
    label = plain_label(text, word_wrap=True)
    label.setStyleSheet(f"font-size: {size}px; font-weight: 600;")
    return label


def _muted(text: str) -> QWidget:
    label = plain_label(text, word_wrap=True)
    label.setStyleSheet(f"color: {colors().muted};")
    return label


def _bar(done: int, total: int, name: str) -> QWidget:
    """A thin bar in the accent colour with its words beside it (as in the card window:
    text drawn over a bar reads badly in a dark theme)."""
    c = colors()
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    bar = named(QProgressBar(textVisible=False), name)
    bar.setRange(0, max(total, 1))
    bar.setValue(done)
    bar.setFormat(f"{done} of {total} done")
    bar.setFixedHeight(8)
    bar.setStyleSheet(
        f"QProgressBar {{ border: none; border-radius: 4px; background: {c.border}; }}"
        f"QProgressBar::chunk {{ background: {c.accent}; border-radius: 4px; }}"
    )
    words = plain_label(bar.format())
    words.setStyleSheet(f"color: {c.muted}; font-size: 12px;")
    layout.addWidget(bar, 1, Qt.AlignmentFlag.AlignVCenter)
    layout.addWidget(words)
    return row


def _link_button(text: str, name: str) -> QPushButton:
    """A card to open: accent text that looks like a link, a soft row on hover."""
    c = colors()
    button = named(QPushButton(text), name)
    button.setFlat(True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setStyleSheet(
        f"QPushButton {{ text-align: left; padding: 3px 8px; border: none; color: {c.accent}; }}"
        f" QPushButton:hover {{ background: {c.surface}; border-radius: 4px; }}"
    )
    return button


class TodayWindow(EscapeClosable):
    """Built from plain data on each `set_view`; asks for changes through signals."""

    open_card = Signal(object)
    join_path = Signal(str)
    leave_path = Signal(str)
    join_sprint = Signal(str)
    leave_sprint = Signal(str)
    write_applied = Signal(str)
    sprint_page = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TodayWindow")
        self.setWindowTitle(window_title("Today on your path — Cuecard"))
        self.resize(WIDTH, 480)
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body = QWidget()
        self.content = QVBoxLayout(self.body)
        self.content.setSpacing(8)
        scroll.setWidget(self.body)
        outer.addWidget(scroll)

    def _clear(self) -> None:
        while self.content.count():
            item = self.content.takeAt(0)
            if item is None:
                continue
            widget, layout = item.widget(), item.layout()
            if widget is not None:
                widget.deleteLater()
            elif layout is not None:
                self._drop_layout(layout)

    def _drop_layout(self, layout: QLayout) -> None:
        while layout.count():
            child = layout.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.deleteLater()

    def _card_buttons(self, label: str, card_ids: Sequence[str], cards: Mapping[str, Card]) -> None:
        if not card_ids:
            return
        self.content.addWidget(_muted(label))
        for card_id in card_ids:
            card = cards.get(card_id)
            if card is None:
                continue
            minutes = f"  ({card.minutes} min)" if card.minutes else ""
            button = _link_button(menu_text(elide(card.title, TITLE_CHARS) + minutes), "pathCard")
            button.clicked.connect(lambda _=False, c=card: self.open_card.emit(c))
            self.content.addWidget(button)

    def _row(self, *buttons: QPushButton) -> None:
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        self.content.addLayout(row)

    def set_view(
        self,
        paths: Sequence[PathProgress],
        available: Sequence[LearningPath],
        sprints: Sequence[SprintProgress],
        cards: Mapping[str, Card],
        today: date,
    ) -> None:
        self._clear()
        if not paths:
            self.content.addWidget(_heading("You are not on a learning path"))
        for progress in paths:
            self._path(progress, cards)
        joinable = [p for p in available if p.id not in {x.path.id for x in paths}]
        if joinable:
            self.content.addWidget(_heading("Paths you can join", 14))
            for path in joinable:
                self.content.addWidget(
                    _muted(
                        f"{path.name}: {plural(len(path.days), 'day')}, "
                        f"{plural(len(path.cards), 'card')}. {path.description}"
                    )
                )
                join = named(QPushButton(menu_text(f"Join {elide(path.name, 60)}")), "joinPath")
                join.clicked.connect(lambda _=False, i=path.id: self.join_path.emit(i))
                self._row(join)
        self.content.addSpacing(12)
        self.content.addWidget(_heading("Learning sprints"))
        if not sprints:
            self.content.addWidget(_muted("No sprints in your content yet."))
        for sprint in sprints:
            self._sprint(sprint, cards, today)
        self.content.addStretch(1)
        if not self.isVisible():
            self.fit_content()

    def fit_content(self) -> None:
        """As tall as what it shows (up to MAX_HEIGHT, then it scrolls), inside the
        free area of the screen; the user's size stands once it is open."""
        outer = self.layout()
        assert outer is not None
        margins = outer.contentsMargins()
        width = max(self.width(), WIDTH)
        inner = width - margins.left() - margins.right()
        body = self.content.totalHeightForWidth(inner)
        need = (body if body > 0 else self.body.sizeHint().height()) + margins.top()
        wanted = QSize(width, min(need + margins.bottom() + 4, MAX_HEIGHT))
        self.resize(fit_size(wanted, self.screen() or active_screen(), self))

    def _path(self, progress: PathProgress, cards: Mapping[str, Card]) -> None:
        self.content.addWidget(_heading(progress.path.name))
        if progress.finished:
            self.content.addWidget(_muted(f"Finished: all {plural(progress.total, 'card')} done."))
        else:
            self.content.addWidget(_muted(f"Day {progress.day} of {progress.days}"))
        self.content.addWidget(_bar(progress.done, progress.total, "pathProgress"))
        if not progress.finished:
            if not progress.today and not progress.behind:
                self.content.addWidget(_muted("Today's cards are done. Nice work!"))
            self._card_buttons("Today", progress.today, cards)
            self._card_buttons("Left from earlier days", progress.behind, cards)
            self._card_buttons("Next", progress.upcoming, cards)
        leave = named(QPushButton("Leave this path"), "leavePath")
        leave.clicked.connect(lambda _=False, i=progress.path.id: self.leave_path.emit(i))
        self._row(leave)

    def _sprint(self, progress: SprintProgress, cards: Mapping[str, Card], today: date) -> None:
        sprint = progress.sprint
        self.content.addWidget(_heading(sprint.name, 14))
        if sprint.goal:
            self.content.addWidget(plain_label(f"Goal: {sprint.goal}", word_wrap=True))
        if progress.start is not None and progress.end is not None:
            when = f"{progress.start:%d %b} to {progress.end:%d %b}"
        else:
            when = f"{plural(sprint.weeks or 0, 'week')} from the day you join"
        left = progress.days_left(today)
        state = {
            SprintStatus.UPCOMING: "not started",
            SprintStatus.ACTIVE: f"{plural(left, 'day')} left" if left else "running",
            SprintStatus.ENDED: "ended",
        }[progress.status]
        joined = "you're in" if progress.joined else "not joined"
        self.content.addWidget(_muted(f"{when} · {state} · {joined}"))
        if progress.joined:
            self.content.addWidget(_bar(len(progress.done), len(progress.cards), "sprintProgress"))
            todo = [c for c in progress.cards if c not in progress.done]
            self._card_buttons("Still to do", todo[:8], cards)
        buttons = []
        if can_join(progress):
            join = named(QPushButton("Join the sprint"), "joinSprint")
            join.clicked.connect(lambda _=False, i=sprint.id: self.join_sprint.emit(i))
            buttons.append(join)
        if progress.joined:
            if progress.status is not SprintStatus.UPCOMING:
                label = "Edit what I applied…" if progress.finished else "What I applied…"
                write = named(QPushButton(label), "writeApplied")
                write.clicked.connect(lambda _=False, i=sprint.id: self.write_applied.emit(i))
                buttons.append(write)
            leave = named(QPushButton("Leave"), "leaveSprint")
            leave.clicked.connect(lambda _=False, i=sprint.id: self.leave_sprint.emit(i))
            buttons.append(leave)
            page = named(QPushButton("Summary page"), "sprintPage")
            page.clicked.connect(lambda _=False, i=sprint.id: self.sprint_page.emit(i))
            buttons.append(page)
        self._row(*buttons)
