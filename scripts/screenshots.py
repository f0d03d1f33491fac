"""Render the docs/ screenshots on a private Xvfb display.

Run: .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "app")]


def main() -> int:
    from tests.e2e.xsession import XSession

    with XSession(with_tray=False) as session:
        env = session.env
        return subprocess.run(
            [sys.executable, __file__, "--inside"], env=env, check=False
        ).returncode


def inside() -> int:
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from cuecard.content.library import ContentLibrary
    from cuecard.models import Rect, WindowInfo
    from cuecard.paths import AppPaths
    from cuecard.ui.card_window import CardWindow
    from cuecard.ui.nudge import NudgeToast
    from cuecard.ui.style import app_icon
    from cuecard.ui.tray import NoTrayWindow, TrayActions

    app = QApplication(["cuecard"])
    snapshot = ContentLibrary([REPO / "content"], parallel=False).load()
    state = QSettings(os.devnull, QSettings.Format.IniFormat)
    window = CardWindow(snapshot.cards["spreadsheet/freeze-header"], state)
    window.show()
    window.toggle_step(0)
    actions = TrayActions()
    actions.set_problem_count(len(snapshot.problems))
    no_tray = NoTrayWindow(app_icon(AppPaths.default()), actions)
    toast = NudgeToast(app_icon(AppPaths.default()))
    calc = WindowInfo(
        app="soffice.bin", title="Q3 budget.ods - LibreOffice Calc", geometry=Rect(0, 0, 1280, 1024)
    )
    no_tray.set_tooltip(f"Cuecard — {len(snapshot.cards)} cards")

    import tempfile
    from datetime import date, datetime, timedelta

    from cuecard.content.cache import IndexCache
    from cuecard.search.engine import SearchEngine
    from cuecard.store.log import LogEntry
    from cuecard.store.summary import LearnerSummary
    from cuecard.ui.learning import MyLearningWindow
    from cuecard.ui.palette import SearchPalette

    cache = Path(tempfile.mkdtemp()) / "index.sqlite"
    indexed = ContentLibrary([REPO / "content"], IndexCache(cache), parallel=False).load()
    palette = SearchPalette(SearchEngine(cache))
    palette.set_snapshot(indexed)
    palette.query.setText("freeze")
    mine = MyLearningWindow()
    monday = date(2026, 11, 23)
    weekly = tuple(
        (monday - timedelta(weeks=11 - n), c)
        for n, c in enumerate([0, 1, 2, 1, 0, 3, 2, 4, 2, 3, 5, 3])
    )
    now = datetime(2026, 11, 25, 16, 40).astimezone()
    mine.set_summary(
        LearnerSummary(
            3,
            26,
            weekly,
            ("spreadsheet/pivot-table",),
            (
                LogEntry(1, now, "Ctrl+R searches my shell history"),
                LogEntry(2, now - timedelta(days=1), "Freeze panes lives in the View menu"),
            ),
        ),
        {c.id: c.title for c in snapshot.cards.values()},
    )

    from cuecard.clock import SYSTEM_CLOCK
    from cuecard.first_run import WelcomeFacts, tray_place
    from cuecard.settings import load_settings
    from cuecard.ui.settings_window import SettingsWindow
    from cuecard.ui.welcome import WelcomeWindow

    today = SYSTEM_CLOCK.today()
    folder = Path(tempfile.mkdtemp())
    site, user = folder / "site.yaml", folder / "user.yaml"
    site.write_text(
        f"nudges.per_day: 5\nnudges.paused_until: {today + timedelta(days=4)}\n"
        "locked: [nudges.per_day, nudges.paused_until]\n"
    )
    user.write_text(
        "nudges.quiet_hours: '18:00-08:30'\ncontent.roots: [~/team-cards, /srv/finance-cards]\n"
        "privacy.exclude_apps: [payroll-client]\nprivacy.exclude_titles: ['*Salary review*']\n"
    )
    settings_window = SettingsWindow(load_settings(site, user), True, today)
    facts = WelcomeFacts("Ctrl+Alt+Space", "", "", tray_place("linux", True), "", True, False)
    welcome = WelcomeWindow(facts, app_icon(AppPaths.default()))

    def shoot() -> None:
        out = REPO / "docs"
        settings_window.show()
        welcome.show()
        QTimer.singleShot(
            300,
            lambda: (
                settings_window.grab().save(str(out / "settings.png")),
                welcome.grab().save(str(out / "welcome.png")),
                settings_window.hide(),
                welcome.hide(),
            ),
        )
        window.grab().save(str(out / "card-window.png"))
        palette.show()
        mine.show()
        QTimer.singleShot(
            200,
            lambda: (
                palette.grab().save(str(out / "palette.png")),
                mine.grab().save(str(out / "my-learning.png")),
            ),
        )
        toast.offer(snapshot.cards["spreadsheet/freeze-header"], calc)
        QTimer.singleShot(300, lambda: toast.grab().save(str(out / "nudge.png")))
        no_tray.show()
        QTimer.singleShot(
            300, lambda: (no_tray.grab().save(str(out / "no-tray-window.png")), app.quit())
        )

    QTimer.singleShot(800, shoot)
    return app.exec()


if __name__ == "__main__":
    sys.exit(inside() if "--inside" in sys.argv else main())
