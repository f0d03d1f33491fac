"""Render the learning screenshots (docs/review.png, docs/today.png, docs/hint.png,
docs/my-learning-more.png) on a private Xvfb display, from the sample pack and a made-up
learner record.

Run: .venv/bin/python scripts/screenshots_learning.py
"""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "app")]


def main() -> int:
    from tests.e2e.xsession import XSession

    with XSession(with_tray=False) as session:
        return subprocess.run(
            [sys.executable, __file__, "--inside"], env=session.env, check=False
        ).returncode


def inside() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from cuecard.clock import FixedClock
    from cuecard.content.library import ContentLibrary
    from cuecard.learning.model import (
        CardProgress,
        Grade,
        LearningRecord,
        LearningSettings,
        Offer,
        PulseAnswer,
        SprintMembership,
    )
    from cuecard.learning.overview import overview
    from cuecard.learning.paths import active_paths
    from cuecard.learning.review import due_items, schedule
    from cuecard.learning.sprints import all_sprints
    from cuecard.models import Rect, WindowInfo
    from cuecard.paths import AppPaths
    from cuecard.store.summary import LearnerSummary
    from cuecard.ui.learning import MyLearningWindow
    from cuecard.ui.nudge import NudgeToast
    from cuecard.ui.review import ReviewWindow
    from cuecard.ui.style import app_icon
    from cuecard.ui.today import TodayWindow

    app = QApplication(["cuecard"])
    snapshot = ContentLibrary([REPO / "content"], parallel=False).load()
    cards = snapshot.cards
    now = datetime(2026, 11, 25, 10, 30).astimezone()  # a Wednesday
    clock = FixedClock(now)
    settings = LearningSettings()
    done = now - timedelta(days=5)
    record = LearningRecord(
        cards={
            "habits/learning-log": CardProgress(1, 0, False, done, done),
            "browser/tab-shortcuts": CardProgress(1, 0, False, done, done),
            "spreadsheet/freeze-header": CardProgress(
                2, 1, False, done, now - timedelta(days=1), ((done, Grade.GOOD),)
            ),
            "video-call/shortcuts": CardProgress(1, 0, False, done, done),
            "spreadsheet/sort-and-filter": CardProgress(1, 0, False, done, done),
        },
        paths={"first-week": now - timedelta(days=2)},
        sprints={"report-confidence": SprintMembership(now - timedelta(days=4))},
        pulse_answers=(PulseAnswer(now - timedelta(days=3), "Pivot tables", "Ten quiet minutes"),),
    )
    items = schedule(cards, record, settings)
    queue = [(cards[i.card_id], i) for i in due_items(items, now)]
    review = ReviewWindow(settings, record.card, clock.now)
    review.set_queue(queue)
    review.show()
    review.reveal()
    today = TodayWindow()
    today.set_view(
        active_paths(snapshot.paths, record, now.date()),
        snapshot.paths,
        all_sprints(snapshot.sprints, cards, record, now.date()),
        cards,
        now.date(),
    )
    today.resize(560, 760)
    today.show()
    toast = NudgeToast(app_icon(AppPaths.default()))
    calc = WindowInfo(
        app="soffice.bin", title="Q3 budget.ods - LibreOffice Calc", geometry=Rect(0, 0, 1280, 1024)
    )
    mine = MyLearningWindow()
    view = overview(cards, snapshot.paths, snapshot.sprints, record, settings, now, items)
    mine.set_summary(
        LearnerSummary(3, 5, (), (), ()),
        {c.id: c.title for c in cards.values()},
        view,
        now.date(),
        True,
    )
    mine.show()
    out = Path(sys.argv[-1]) if sys.argv[-1].endswith("/") else REPO / "docs"

    def shoot() -> None:
        review.grab().save(str(out / "review.png"))
        today.grab().save(str(out / "today.png"))
        mine.grab().save(str(out / "my-learning-more.png"))
        toast.offer(cards["spreadsheet/freeze-header"], calc, Offer.HINT)
        QTimer.singleShot(300, lambda: (toast.grab().save(str(out / "hint.png")), app.quit()))

    QTimer.singleShot(800, shoot)
    return app.exec()


if __name__ == "__main__":
    sys.exit(inside() if "--inside" in sys.argv else main())
