"""Learning that lasts in the running app, on a fake clock: hints, reviews at natural
pauses, paths and sprints from the tray, the pulse, Share a tip, the outdated mailto."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QPoint, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QTextDocument
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton
from pytestqt.qtbot import QtBot
from tests.conftest import write_card

from cuecard.clock import FixedClock
from cuecard.context import AppContext
from cuecard.models import WindowInfo
from cuecard.platform.dnd import StaticDnd
from cuecard.store.db import open_db
from cuecard.store.events import EventKind
from cuecard.ui.bridge import LibraryService
from cuecard.ui.controller import TrayController
from cuecard.watch.base import BackendChoice
from cuecard.watch.privacy import PrivacyRules, PrivateWatcher
from cuecard.watch.scripted import ScriptedWatcher

CALC = WindowInfo(
    app="soffice.bin",
    title="q3.ods - LibreOffice Calc",
    window_class="libreoffice-calc",
    window_id=1,
)
CALC_DESKTOP = "[Desktop Entry]\nName=LibreOffice Calc\nStartupWMClass=libreoffice-calc\n"
WRITER = WindowInfo(app="swriter", title="memo.odt - LibreOffice Writer", window_id=2)
XTERM = WindowInfo(app="xterm", title="~", window_id=3)
FREEZE = """---
title: Freeze the header row
id: calc/freeze
owner: Ana <ana@example.org>
when: [{app: soffice.bin, title: "*LibreOffice Calc"}]
recall:
  - q: Which menu holds Freeze Rows and Columns?
    a: View
---
# Freeze the header row

1. Click row 2.
2. View > Freeze Rows and Columns.
"""
TOC = """---
title: Add a table of contents
id: writer/toc
when: [{app: swriter}]
---
# Add a table of contents

1. Insert > Table of Contents.
"""


class UrlCatcher(QObject):
    """Takes the URLs Cuecard hands to the desktop, so no test launches an app."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def take(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def urls() -> Iterator[UrlCatcher]:
    catcher = UrlCatcher()
    for scheme in ("file", "mailto"):
        QDesktopServices.setUrlHandler(scheme, catcher, "take")
    yield catcher
    for scheme in ("file", "mailto"):
        QDesktopServices.unsetUrlHandler(scheme)


class App:
    """A controller on a fake clock with a scripted watcher and a scripted idle time."""

    def __init__(
        self,
        qtbot: QtBot,
        tmp_path: Path,
        clock: FixedClock,
        settings: str,
        cards: dict[str, str] | None = None,
    ) -> None:
        root = tmp_path / "content"
        write_card(root, "freeze.md", FREEZE)
        write_card(root, "toc.md", TOC)
        for name, text in (cards or {}).items():
            write_card(root, name, text)
        write_card(
            root, "paths/first-week.yaml", "name: First week\ndays: [[calc/freeze], [writer/toc]]\n"
        )
        write_card(
            root,
            "sprints/docs.yaml",
            "name: Docs\ngoal: Better documents\nweeks: 2\ncards: [writer/toc]\n",
        )
        # The app's name comes from its desktop file (the hermetic XDG_DATA_HOME's).
        write_card(Path(os.environ["XDG_DATA_HOME"]) / "applications", "calc.desktop", CALC_DESKTOP)
        config = tmp_path / "settings.yaml"
        config.write_text("content.builtin: false\n" + settings)
        self.context = AppContext.create(tmp_path / "data", config, [root], clock=clock)
        self.context.paths.user_content.mkdir(parents=True)  # as run_tray_app does
        self.clock = clock
        self.idle_seconds: float | None = 0.0
        self.watcher = ScriptedWatcher()
        choice = BackendChoice(
            "scripted", "test", PrivateWatcher(self.watcher, PrivacyRules.create())
        )
        self.service = LibraryService(self.context.open_library(), watch=True)
        self.controller = TrayController(self.context, self.service, True, choice, use_hotkey=False)
        self.controller.loop.idle = lambda: self.idle_seconds
        self.controller.loop.dnd = StaticDnd(False)
        self.qtbot = qtbot
        with qtbot.waitSignals(
            [self.controller.loop.state_loaded, self.controller.loop.index_ready], timeout=10_000
        ):
            self.controller.start()

    @property
    def loop(self):  # type: ignore[no-untyped-def]
        return self.controller.loop

    def focus(self, window: WindowInfo) -> None:
        with self.qtbot.waitSignal(self.controller.watcher.window_changed):
            self.watcher.push(window)

    def settle(self) -> object:
        """Past the dwell (and the gap since the last nudge), decide again."""
        self.clock.advance(timedelta(minutes=11))
        return self.loop.evaluate()

    def events(self) -> list[tuple[str, str | None, str | None]]:
        self.controller.writer.flush()
        rows = (
            open_db(self.context.paths.database)
            .db.execute("SELECT kind, card_id, value FROM events ORDER BY id")
            .fetchall()
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


QuitAfter = Callable[[TrayController], TrayController]
Make = Callable[..., App]


@pytest.fixture
def make(qtbot: QtBot, tmp_path: Path, clock: FixedClock, quit_after: QuitAfter) -> Make:
    def build(settings: str = "", cards: dict[str, str] | None = None) -> App:
        app = App(qtbot, tmp_path, clock, settings, cards)
        quit_after(app.controller)
        return app

    return build


def test_a_hint_after_completion_then_a_review_at_a_natural_pause(make: Make, qtbot: QtBot) -> None:
    app = make("")
    toast = app.controller.toast
    app.loop.record(EventKind.OPENED, "calc/freeze")
    app.loop.record(EventKind.COMPLETED, "calc/freeze")
    app.focus(CALC)
    app.settle()
    assert toast.isVisible()
    assert (toast.detail.text(), toast.later_button.text()) == (
        "You've done this before. Need the steps?",
        "I've got it",
    )
    toast.later_button.click()
    assert app.events()[-2:] == [
        ("shown", "calc/freeze", "hint"),
        ("completed", "calc/freeze", None),
    ]
    app.clock.advance(timedelta(days=3))
    decision = app.settle()
    assert str(decision.offer) == "hint", "no natural pause: the due review waits"  # type: ignore[attr-defined]
    toast.hide()
    app.clock.advance(timedelta(minutes=11))
    app.focus(WRITER)
    app.focus(CALC)  # back to Calc from another app: a natural pause
    app.clock.advance(timedelta(seconds=5))
    decision = app.loop.evaluate()
    assert decision is not None and str(decision.offer) == "review"
    assert toast.heading.text() == "Quick review"
    assert app.controller.actions.reviews_due.text() == "Reviews due (1)"
    with qtbot.waitSignal(app.loop.review_requested):
        toast.show_button.click()
    review = app.controller.coach.review_window
    assert review is not None and review.isVisible()
    qtbot.addWidget(review)
    assert review.question.text() == "Which menu holds Freeze Rows and Columns?"
    assert review.answer.isHidden() and review.grade_buttons["good"].isHidden()  # type: ignore[index]
    review.show_button.click()
    assert review.answer.text() == "View"
    good = review.grade_buttons["good"]  # type: ignore[index]
    assert good.isVisible() and good.text().startswith("Good\nin ")
    good.click()
    assert app.events()[-1] == ("recall_reviewed", "calc/freeze", "good")
    assert review.card_title.text().startswith("All caught up: 1 review done.")
    assert app.controller.actions.reviews_due.text() == "No reviews due"
    assert not app.controller.actions.reviews_due.isEnabled()


def test_coming_back_from_idle_is_a_natural_pause(make: Make) -> None:
    app = make("")
    app.loop.record(EventKind.COMPLETED, "calc/freeze")
    app.focus(CALC)
    app.clock.advance(timedelta(days=4))
    app.idle_seconds = 3600
    app.loop.check_idle()
    assert not app.controller.toast.isVisible()
    app.idle_seconds = 2
    app.loop.check_idle()  # the learner is back
    assert app.controller.toast.isVisible()
    assert app.controller.toast.heading.text() == "Quick review"


def test_paths_from_settings_and_sprints_from_the_tray(make: Make, qtbot: QtBot) -> None:
    app = make("learner.paths: [first-week, no-such-path]\n")
    assert ("path_joined", None, "first-week") in app.events()
    actions = app.controller.actions
    actions.today_menu.aboutToShow.emit()
    texts = [a.text() for a in actions.today_menu.actions()]
    assert texts[0].startswith("First week · day 1 of 2 · 0/2 done")
    assert "   Freeze the header row" in texts
    assert any(t.startswith("   Next: Add a table of contents") for t in texts)
    entry = next(a for a in actions.today_menu.actions() if a.text() == "   Freeze the header row")
    entry.trigger()
    assert "calc/freeze" in app.controller.card_windows
    actions.sprints_menu.aboutToShow.emit()
    [sprint] = [a for a in actions.sprints_menu.actions() if a.isCheckable()]
    assert (sprint.text(), sprint.isChecked()) == ("Docs", False)
    sprint.trigger()
    assert app.events()[-1] == ("sprint_joined", None, "docs")
    today = app.controller.coach.show_today()
    qtbot.addWidget(today)
    bar = today.findChild(QProgressBar, "pathProgress")
    assert bar is not None and not bar.isTextVisible(), "a thin bar, no text drawn over it"
    assert bar.format() in {label.text() for label in today.findChildren(QLabel)}, "words beside"
    today.close()
    today.hide()
    app.controller.coach.today = None  # a fresh window, sized to what it shows
    fresh = app.controller.coach.show_today()
    qtbot.addWidget(fresh)
    qtbot.waitExposed(fresh)
    shown = [b for b in fresh.findChildren(QPushButton) if b.isVisible()]
    lowest = max(b.mapTo(fresh, QPoint(0, b.height())).y() for b in shown)
    assert fresh.height() - lowest < 48, "no empty half window under the content"
    assert all(
        b.cursor().shape() == Qt.CursorShape.PointingHandCursor
        for b in fresh.findChildren(QPushButton, "pathCard")
    ), "cards are links"
    app.controller.coach.ask_applied("docs")
    dialog = app.controller.coach.dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.text.setPlainText("Rebuilt our onboarding doc with a real TOC")  # type: ignore[union-attr]
    with qtbot.waitSignal(app.controller.coach.db_result, timeout=2000, raising=False):
        dialog.accept()
    app.controller.writer.flush()
    log = open_db(app.context.paths.database).db.execute("SELECT text FROM log").fetchall()
    assert log == [("Applied in the sprint Docs: Rebuilt our onboarding doc with a real TOC",)]
    assert app.events()[-1] == ("sprint_finished", None, "docs")


def test_pulse_is_offered_at_a_pause_and_skippable(make: Make, qtbot: QtBot) -> None:
    app = make("pulse.enabled: true\n")
    app.focus(XTERM)
    app.clock.advance(timedelta(seconds=5))
    app.loop.evaluate()
    toast = app.controller.toast
    assert toast.isVisible() and toast.heading.text() == "Cuecard pulse"
    toast.never_button.click()  # "Skip this month"
    assert app.events()[-2:] == [("shown", None, "pulse"), ("pulse_skipped", None, None)]
    dialog = app.controller.coach.ask_pulse()
    qtbot.addWidget(dialog)
    dialog.learning.setText("Pivot tables")
    dialog.helps.setText("Ten quiet minutes")
    dialog.save_button.click()
    assert app.events()[-1] == ("pulse_answered", None, "Pivot tables")
    app.controller.learning.show_my_learning()
    mine = app.controller.learning.my_learning
    assert mine is not None
    qtbot.addWidget(mine)
    qtbot.waitUntil(lambda: "Ten quiet minutes" in mine.details.text())
    assert mine.pulse_button.isVisible()


def test_share_a_tip_from_the_window_before(make: Make, qtbot: QtBot, urls: UrlCatcher) -> None:
    app = make("")
    app.focus(CALC)
    with qtbot.waitSignal(
        app.service.snapshot_changed,
        timeout=10_000,
        check_params_cb=lambda s: any(
            c.path.name == "a-tip-for-libreoffice-calc.md" for c in s.cards.values()
        ),
    ):
        path = app.controller.coach.share_tip()
    assert path is not None and urls.urls == [QUrl.fromLocalFile(str(path))]
    card = app.service.snapshot.card_at(path)
    assert card is not None and card.triggers[0].apps == ("soffice.bin",)
    assert card.id.startswith("tips/") and "calc" not in card.id, "a random id, not the app's"
    assert ("tip_created", card.id, None) in app.events()
    path.write_text(path.read_text().replace("minutes: 2", "minutes: 45"))
    qtbot.waitUntil(lambda: "Your tip has a problem" in app.controller.last_notice, timeout=10_000)
    assert "at most 10 minutes" in app.controller.last_notice


def test_report_outdated_offers_a_prefilled_email(
    make: Make, qtbot: QtBot, urls: UrlCatcher
) -> None:
    app = make("")
    window = app.controller.open_card(app.service.snapshot.cards["calc/freeze"], pulled=True)
    qtbot.addWidget(window)
    assert window.email_button.isHidden()
    window.report_outdated("The menu is now called Window")
    assert window.email_button.isVisible()
    window.email_button.click()
    [url] = urls.urls
    assert url.scheme() == "mailto" and url.path() == "ana@example.org"
    assert "subject=Outdated%20card%3A%20Freeze%20the%20header%20row" in url.toString(
        QUrl.ComponentFormattingOption.FullyEncoded
    )
    assert "The menu is now called Window" in url.query(QUrl.ComponentFormattingOption.FullyDecoded)
    assert app.events()[-1] == ("reported_outdated", "calc/freeze", None)
    toc = app.controller.open_card(app.service.snapshot.cards["writer/toc"], pulled=True)
    qtbot.addWidget(toc)
    toc.report_outdated("")
    assert toc.email_button.isHidden(), "no owner with an address: nothing to offer"


def test_review_due_on_its_own_records_through_the_store(
    qtbot: QtBot, tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    from cuecard.store.events import Event, write_events
    from cuecard.ui.review_app import ReviewApp

    root = tmp_path / "content"
    write_card(root, "freeze.md", FREEZE)
    config = tmp_path / "settings.yaml"
    config.write_text("content.builtin: false\n")
    context = AppContext.create(tmp_path / "data", config, [root], clock=clock)
    nothing = ReviewApp(context)
    assert not nothing.start()
    assert "No reviews are due." in capsys.readouterr().out
    db = open_db(context.paths.database).db
    write_events(db, [Event(EventKind.COMPLETED, clock.now(), "calc/freeze")])
    db.conn.close()
    clock.advance(timedelta(days=5))
    review = ReviewApp(context)
    assert review.start() and review.window is not None
    qtbot.addWidget(review.window)
    review.window.reveal()
    review.window.grade_buttons["easy"].click()  # type: ignore[index]
    review.stop()
    rows = (
        open_db(context.paths.database)
        .db.execute("SELECT kind, card_id, value FROM events ORDER BY id")
        .fetchall()
    )
    assert rows[-1] == ("recall_reviewed", "calc/freeze", "easy")


def test_the_palette_suggests_the_cards_due_for_review(make: Make) -> None:
    app = make("")
    assert [s.cards for s in app.controller.suggestions() if s.title == "Due for review"] == [()]
    app.loop.record(EventKind.COMPLETED, "calc/freeze")
    app.clock.advance(timedelta(days=5))
    [due] = [s for s in app.controller.suggestions() if s.title == "Due for review"]
    assert [card.id for card in due.cards] == ["calc/freeze"]


def test_a_second_start_with_review_due_opens_the_reviews(make: Make) -> None:
    app = make("")
    app.controller.on_instance_message("review-due")
    window = app.controller.coach.review_window
    assert window is not None and window.isVisible()
    assert window.card_title.text() == "No reviews are due."


def test_a_required_card_says_so_and_cannot_be_dismissed_for_good(make: Make, qtbot: QtBot) -> None:
    from dataclasses import replace

    app = make("")
    card = replace(app.service.snapshot.cards["calc/freeze"], required=True, due=None)
    toast = app.controller.toast
    toast.offer(card, CALC)
    assert toast.heading.text().startswith("Required") and toast.never_button.isHidden()
    window = app.controller.open_card(card, pulled=True)
    qtbot.addWidget(window)
    assert window.meta_label.text().startswith("Required")


def shown_text(rich: str) -> str:
    """A rich label's text as it reads on screen, on one line."""
    document = QTextDocument()
    document.setHtml(rich)
    return " ".join(document.toPlainText().split())


def test_my_learning_lists_required_cards_and_the_reviews_due(
    make: Make, qtbot: QtBot, clock: FixedClock
) -> None:
    due = clock.today() + timedelta(days=14)
    drill = (
        f"---\ntitle: Fire drill\nid: safety/fire\nrequired: true\ndue: {due}\n---\n# Fire\n\nGo.\n"
    )
    app = make("", {"fire.md": drill})
    app.loop.record(EventKind.COMPLETED, "calc/freeze")
    app.controller.writer.flush()
    app.clock.advance(timedelta(days=5))  # the first review falls due
    app.controller.coach.refresh()
    assert app.controller.actions.reviews_due.text() == "Reviews due (1)"
    app.controller.learning.show_my_learning()
    mine = app.controller.learning.my_learning
    assert mine is not None
    qtbot.addWidget(mine)
    qtbot.waitUntil(lambda: "Required" in mine.details.text())
    text = shown_text(mine.details.text())
    assert f"Fire drill due {due.isoformat()}" in text  # the title is a link to the card
    reviews = text.split("Reviews due", 1)[1].split("Paths and sprints", 1)[0]
    assert "Freeze the header row" in reviews
    assert mine.review_button.text() == "Review now (1)" and mine.review_button.isEnabled()
    with qtbot.waitSignal(app.loop.review_requested, raising=False, timeout=500):
        mine.review_button.click()
    window = app.controller.coach.review_window
    assert window is not None and window.isVisible()
    qtbot.addWidget(window)
    assert window.question.text() == "Which menu holds Freeze Rows and Columns?"
    app.loop.record(EventKind.COMPLETED, "safety/fire")
    app.controller.writer.flush()
    app.controller.learning.refresh()
    qtbot.waitUntil(lambda: "Fire drill done" in shown_text(mine.details.text()))


def test_pull_shows_the_full_card_after_nudges_have_faded_away(make: Make, qtbot: QtBot) -> None:
    app = make("")
    app.loop.record(EventKind.COMPLETED, "calc/freeze")
    for _ in range(3):  # then three without opening the steps: no nudge any more
        app.loop.record(EventKind.COMPLETED, "calc/freeze")
    app.focus(CALC)
    decision = app.settle()
    assert not app.controller.toast.isVisible()
    assert getattr(decision, "card", None) is None
    app.controller.on_hotkey()  # pull: the hotkey opens the full card all the same
    window = app.controller.card_windows["calc/freeze"]
    qtbot.addWidget(window)
    assert window.isVisible()
    qtbot.waitUntil(lambda: window.progress.format() == "0 of 2 steps done")
    assert app.events()[-1] == ("opened", "calc/freeze", None)


def test_a_path_is_joined_and_a_sprint_left_from_the_tray(make: Make) -> None:
    app = make("")
    actions = app.controller.actions
    actions.today_menu.aboutToShow.emit()
    texts = [a.text() for a in actions.today_menu.actions()]
    assert "You are not on a learning path" in texts
    [path] = [a for a in actions.today_menu.actions() if a.isCheckable()]
    assert (path.text(), path.isChecked()) == ("First week", False)
    path.trigger()
    assert app.events()[-1] == ("path_joined", None, "first-week")
    actions.today_menu.aboutToShow.emit()
    texts = [a.text() for a in actions.today_menu.actions()]
    assert texts[0].startswith("First week · day 1 of 2 · 0/2 done")
    actions.sprints_menu.aboutToShow.emit()
    [sprint] = [a for a in actions.sprints_menu.actions() if a.isCheckable()]
    sprint.trigger()
    assert app.events()[-1] == ("sprint_joined", None, "docs")
    actions.sprints_menu.aboutToShow.emit()
    [sprint] = [a for a in actions.sprints_menu.actions() if a.isCheckable()]
    assert sprint.isChecked() and sprint.text() == "Docs · 0/1 done"
    sprint.trigger()  # unticked: the learner leaves the sprint
    assert app.events()[-1] == ("sprint_left", None, "docs")
    actions.sprints_menu.aboutToShow.emit()
    [sprint] = [a for a in actions.sprints_menu.actions() if a.isCheckable()]
    assert not sprint.isChecked()
    actions.today_menu.aboutToShow.emit()
    [path] = [a for a in actions.today_menu.actions() if a.isCheckable()]
    path.trigger()
    assert app.events()[-1] == ("path_left", None, "first-week")
