"""Spaced review in one small window: the question first, the answer on click, then the
learner's own grade (Again, Hard, Good, Easy), card after card."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from cuecard.learning.model import CardProgress, Grade, LearningSettings
from cuecard.learning.review import ReviewItem, describe_gap, next_due_by_grade
from cuecard.models import Card
from cuecard.ui.plain import plain_label, window_title
from cuecard.ui.style import EscapeClosable, colors, named
from cuecard.wording import plural

QUESTION_STYLE = "font-size: 18px;"
SIZE = (520, 340)  # while asking; the done state is as tall as its two lines

GRADE_LABELS = {
    Grade.AGAIN: "Again",
    Grade.HARD: "Hard",
    Grade.GOOD: "Good",
    Grade.EASY: "Easy",
}


class ReviewWindow(EscapeClosable):
    """Works through a queue of due reviews; emits each grade and asks for nothing else."""

    graded = Signal(str, str)  # card id, Grade value
    open_card = Signal(object)  # the full card, for a look at the steps

    def __init__(
        self,
        settings: LearningSettings,
        progress: Callable[[str], CardProgress],
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ReviewWindow")
        self.setWindowTitle(window_title("Review — Cuecard"))
        self.settings = settings
        self.progress = progress
        self.clock = clock
        self.queue: list[tuple[Card, ReviewItem]] = []
        self.position = 0
        self.next_due: tuple[str, datetime] | None = None
        self._build()
        self.resize(*SIZE)

    def _build(self) -> None:
        c = colors()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        self.counter = named(plain_label(), "counter")
        self.counter.setStyleSheet(f"color: {c.muted};")
        self.card_title = named(plain_label(word_wrap=True), "cardTitle")
        self.card_title.setStyleSheet("font-size: 14px; font-weight: 600;")
        self.question = named(plain_label(word_wrap=True), "question")
        self.question.setStyleSheet(QUESTION_STYLE)
        self.question.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        self.rule = line
        self.answer = named(plain_label(word_wrap=True), "answer")
        self.answer.setStyleSheet(f"font-size: 16px; color: {c.accent}; font-weight: 600;")
        self.answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.show_button = named(QPushButton("Show answer"), "showAnswer")
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.reveal)
        self.grades = QHBoxLayout()
        self.grade_buttons: dict[Grade, QPushButton] = {}
        for grade, label in GRADE_LABELS.items():
            button = named(QPushButton(label), f"grade_{grade.value}")
            button.clicked.connect(lambda _=False, g=grade: self.grade(g))
            self.grade_buttons[grade] = button
            self.grades.addWidget(button)
        self.look = named(QPushButton("Look at the card"), "lookAtCard")
        self.look.setFlat(True)  # a link, not a fifth button beside the grades
        self.look.setCursor(Qt.CursorShape.PointingHandCursor)
        self.look.setStyleSheet(
            f"QPushButton {{ border: none; color: {c.accent}; padding: 2px 4px; }}"
            " QPushButton:hover { text-decoration: underline; }"
        )
        self.look.clicked.connect(self._open_current)
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.look)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout.addWidget(self.counter)
        layout.addWidget(self.card_title)
        layout.addWidget(self.question, 1)
        layout.addWidget(self.rule)
        layout.addWidget(self.answer)
        layout.addWidget(self.show_button)
        layout.addLayout(self.grades)
        layout.addLayout(bottom)

    def set_queue(
        self, queue: list[tuple[Card, ReviewItem]], next_due: tuple[str, datetime] | None = None
    ) -> None:
        """Start over with these due reviews (most overdue first)."""
        self.queue = list(queue)
        self.position = 0
        self.next_due = next_due
        self._show_current()

    @property
    def current(self) -> tuple[Card, ReviewItem] | None:
        return self.queue[self.position] if self.position < len(self.queue) else None

    def _show_current(self) -> None:
        current = self.current
        self.answer.clear()
        self.answer.setVisible(False)
        self.rule.setVisible(False)
        for button in self.grade_buttons.values():
            button.setVisible(False)
        if current is None:
            self._show_done()
            return
        card, item = current
        prompt = item.prompt(card)
        self.counter.setText(f"Review {self.position + 1} of {len(self.queue)}")
        self.card_title.setText(card.title)
        self.question.setStyleSheet(QUESTION_STYLE)
        self.question.setText(prompt.question if prompt else card.title)
        self.show_button.setVisible(True)
        self.look.setVisible(True)

    def _show_done(self) -> None:
        self.counter.setText("Reviews")
        self.show_button.setVisible(False)
        self.look.setVisible(False)
        done = self.position
        self.card_title.setText(
            f"All caught up: {plural(done, 'review')} done." if done else "No reviews are due."
        )
        # The line under it is a note, not a question: normal size, muted.
        self.question.setStyleSheet(f"color: {colors().muted};")
        if self.next_due is not None:
            title, when = self.next_due
            self.question.setText(f"Next: {title}, {when.astimezone():%a %d %b}.")
        else:
            self.question.setText(
                "Complete a card with recall questions and Cuecard will ask them again "
                "a few days later."
            )
        if not self.isVisible():  # as tall as its two lines, not a question's room
            layout = self.layout()
            assert layout is not None
            self.resize(SIZE[0], layout.totalHeightForWidth(SIZE[0]))

    def reveal(self) -> None:
        """Show the answer and the four grades, with when each would bring it back."""
        current = self.current
        if current is None:
            return
        card, item = current
        prompt = item.prompt(card)
        self.answer.setText(prompt.answer if prompt else "")
        self.answer.setVisible(True)
        self.rule.setVisible(True)
        self.show_button.setVisible(False)
        now = self.clock()
        due = next_due_by_grade(self.progress(card.id), self.settings, now)
        for grade, button in self.grade_buttons.items():
            button.setText(f"{GRADE_LABELS[grade]}\n{describe_gap(due[grade] - now)}")
            button.setVisible(True)
        self.grade_buttons[Grade.GOOD].setFocus()

    def grade(self, grade: Grade) -> None:
        current = self.current
        if current is None or self.answer.isHidden():
            return
        self.graded.emit(current[0].id, grade.value)
        self.position += 1
        self._show_current()

    def _open_current(self) -> None:
        current = self.current
        if current is not None:
            self.open_card.emit(current[0])
