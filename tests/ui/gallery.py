"""Every Cuecard window, open at once with the sample pack and a made-up learning record.

Used by tests/ui/fit_probe.py (does each window fit its screen at 100 % and 150 %?) and
by scripts/screenshots.py (every window in light and dark). The app runs as it does for
a user: a TrayController with the built-in cards, a learning record written through the
store, windows opened through the controller.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop, QPoint
from PySide6.QtWidgets import QWidget

from cuecard.clock import FixedClock
from cuecard.context import AppContext
from cuecard.models import Rect, WindowInfo
from cuecard.store.events import PROACTIVE, Event, EventKind
from cuecard.store.log import add_entry
from cuecard.store.picks import record_pick
from cuecard.store.searches import record_missed_search
from cuecard.ui.bridge import LibraryService
from cuecard.ui.controller import TrayController
from cuecard.ui.snooze import PauseUntilDialog
from cuecard.watch.base import BackendChoice

CALC = WindowInfo(
    app="soffice.bin",
    title="Q3 budget.ods - LibreOffice Calc",
    window_class="libreoffice-calc",
    geometry=Rect(0, 0, 1280, 800),
    window_id=7,
)


def wait_until(condition: Callable[[], bool], seconds: float = 15.0) -> bool:
    """Run the event loop until `condition` holds (False after `seconds`)."""
    deadline = QDeadlineTimer(int(seconds * 1000))
    while not condition():
        if deadline.hasExpired():
            return False
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    return True


BROKEN = "---\nminutes: 45\n---\n# Export the quarterly report\n\n## Open the report\n"
STALE = (
    "---\nowner: team@example.org\nreviewed: 2020-01-15\nreview_every: 180d\n---\n"
    "# Book a meeting room\n\n## Open the calendar\n"
)
CALC_DESKTOP = "[Desktop Entry]\nName=LibreOffice Calc\nStartupWMClass=libreoffice-calc\n"


def make_controller(folder: Path, tray: bool = False) -> TrayController:
    """The app with the built-in sample cards and a team folder with two cards that need
    a look, a fixed clock and no watcher."""
    folder.mkdir(parents=True, exist_ok=True)
    team = folder / "team-cards" / "finance"
    team.mkdir(parents=True, exist_ok=True)
    (team / "quarterly-report.md").write_text(BROKEN, encoding="utf-8")
    (team / "meeting-room.md").write_text(STALE, encoding="utf-8")
    # LibreOffice as a desktop has it installed: its desktop file names the app.
    applications = Path(os.environ.get("XDG_DATA_HOME", folder / "xdg")) / "applications"
    applications.mkdir(parents=True, exist_ok=True)
    (applications / "libreoffice-calc.desktop").write_text(CALC_DESKTOP, encoding="utf-8")
    settings = folder / "settings.yaml"
    settings.write_text(
        f"learner.paths: [first-week]\ncontent.roots: ['{folder / 'team-cards'}']\n"
    )
    now = datetime.now().astimezone().replace(hour=16, minute=40, second=0, microsecond=0)
    context = AppContext.create(folder / "data", settings, clock=FixedClock(now))
    service = LibraryService(context.open_library(), watch=False)
    choice = BackendChoice("none", "screenshots", None, False)
    controller = TrayController(context, service, tray, choice, use_hotkey=False)
    loaded = [False]
    controller.loop.index_ready.connect(lambda _: loaded.__setitem__(0, True))
    controller.start()
    assert wait_until(lambda: loaded[0] and controller.loop.state is not None)
    return controller


def seed_record(controller: TrayController) -> None:
    """Twelve weeks of learning: completions, a card in progress, notes, a missed search."""
    now = controller.context.clock.now()
    writer = controller.writer
    cards = sorted(controller.service.snapshot.cards)
    per_week = [0, 1, 2, 1, 0, 3, 2, 4, 2, 3, 5, 3]
    events = []
    begun = "spreadsheet/pivot-table"
    done = [card for card in cards if card != begun]
    for weeks_ago, count in enumerate(reversed(per_week)):
        for n in range(count):
            when = now - timedelta(weeks=weeks_ago, hours=n + 1)
            card = done[(weeks_ago * 3 + n) % len(done)]
            events += [Event(EventKind.OPENED, when, card), Event(EventKind.COMPLETED, when, card)]
    events += [
        Event(EventKind.SHOWN, now - timedelta(minutes=50), "spreadsheet/freeze-header", PROACTIVE),
        Event(EventKind.SHOWN, now - timedelta(hours=3), "spreadsheet/sort-and-filter", PROACTIVE),
        Event(EventKind.OPENED, now - timedelta(minutes=30), begun),
        Event(EventKind.STEP_DONE, now - timedelta(minutes=29), begun, "0"),
        Event(EventKind.STEP_DONE, now - timedelta(minutes=25), begun, "1"),
        Event(EventKind.RATED, now - timedelta(hours=2), "terminal/shell-shortcuts", "up"),
        Event(EventKind.SNOOZED, now - timedelta(days=2), None, ""),
    ]
    for event in events:
        writer.record(event)  # at their own times, weeks back
    writer.call(
        lambda db: add_entry(
            db, "Ctrl+R searches my shell history", now, "terminal/shell-shortcuts"
        )
    )
    writer.call(
        lambda db: add_entry(
            db, "Freeze panes lives in the View menu", now - timedelta(days=1), None
        )
    )
    writer.call(lambda db: record_missed_search(db, "mail merge"))
    picked = now - timedelta(hours=1)
    writer.call(
        lambda db: record_pick(db, "keep top row visible", "spreadsheet/freeze-header", picked)
    )
    writer.flush()
    controller.recent.load(writer)
    controller.picks.load()


def open_every_window(controller: TrayController) -> dict[str, QWidget]:
    """Show every window and dialog (none modal), filled in; name -> widget."""
    cards = controller.service.snapshot.cards
    windows: dict[str, QWidget] = {}
    controller.on_window(CALC)
    controller.loop.on_window(CALC)
    controller.toast.set_hotkey("Ctrl+Alt+Space")  # as when the global hotkey works
    controller.actions.set_hotkey("Ctrl+Alt+Space")
    controller.toast.offer(cards["spreadsheet/freeze-header"], CALC)
    windows["nudge"] = controller.toast
    card = controller.open_card(cards["spreadsheet/freeze-header"])
    card.toggle_step(0)
    windows["card-window"] = card
    code = controller.open_card(cards["terminal/find-files-and-text"])
    code.rate("up")
    windows["card-window-code"] = code
    two = min(
        (c for c in cards.values() if c.step_count >= 2), key=lambda c: (c.step_count, c.size)
    )
    short = controller.open_card(two)
    short.mark_done()
    windows["card-window-done"] = short
    report = code.outdated_dialog()
    report.show()
    windows["report-outdated"] = report
    controller.show_problems()
    assert controller.problems_window is not None
    windows["content-problems"] = controller.problems_window
    learning = controller.learning
    learning.show_my_learning()
    learning.show_log()
    learning.show_stored()
    assert learning.my_learning and learning.log_window and learning.stored
    windows["my-learning"] = learning.my_learning
    windows["learning-log"] = learning.log_window
    windows["stored-data"] = learning.stored
    windows["log-what-i-learned"] = learning.show_quick_log()
    windows["help-and-about"] = controller.show_about()
    windows["settings"] = controller.settings.show_settings()
    windows["welcome"] = controller.settings.show_welcome(controller.watcher.choice, True)
    windows["today-on-your-path"] = controller.coach.show_today()
    windows["reviews"] = controller.coach.show_reviews()
    windows["pulse"] = controller.coach.ask_pulse()
    sprint = controller.loop.learner.sprints[0]
    applied = controller.coach.ask_applied(sprint.id)
    assert applied is not None
    windows["sprint-applied"] = applied
    pause = PauseUntilDialog(controller.loop.clock())
    pause.show()
    windows["pause-until"] = pause
    if controller.no_tray is not None:
        windows["no-tray-window"] = controller.no_tray
    controller.show_search()  # last: the palette goes away when another window is active
    assert controller.palette is not None
    windows["palette"] = controller.palette
    wait_until(
        lambda: (
            learning.my_learning is not None
            and "Completed" in learning.my_learning.details.text()
            and learning.log_window is not None
            and learning.log_window.entries.topLevelItemCount() > 0
            and learning.stored is not None
            and learning.stored.tree.topLevelItemCount() > 0
        )
    )
    return windows


def show_tray_menu(controller: TrayController) -> QWidget:
    """The tray menu, popped up (as the no-tray window's More opens it)."""
    menu = controller.tray.menu if controller.tray is not None else None
    if menu is None:
        assert controller.no_tray is not None
        menu = controller.no_tray.menu
    menu.popup(QPoint(40, 40))
    return menu
