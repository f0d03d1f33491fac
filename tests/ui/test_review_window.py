"""The review window's done and empty states: a short note, not a question-sized gap."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from cuecard.clock import FixedClock
from cuecard.learning.model import CardProgress, LearningSettings
from cuecard.ui.review import QUESTION_STYLE, SIZE, ReviewWindow


def test_nothing_due_is_a_compact_note(qtbot: QtBot, clock: FixedClock) -> None:
    window = ReviewWindow(LearningSettings(), lambda _: CardProgress(), clock.now)
    qtbot.addWidget(window)
    window.set_queue([], ("Word processor keyboard shortcuts", clock.now() + timedelta(days=2)))
    window.show()
    qtbot.waitExposed(window)
    assert window.card_title.text() == "No reviews are due."
    assert window.question.text().startswith("Next: Word processor keyboard shortcuts, ")
    assert window.question.styleSheet() != QUESTION_STYLE, "a note, not a big question"
    assert window.height() < SIZE[1] * 0.75, "as tall as its lines"
    assert not any(b.isVisible() for b in window.grade_buttons.values())
