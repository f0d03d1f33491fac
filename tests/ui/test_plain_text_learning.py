"""The learning windows show outside text (card titles, recall prompts, path and sprint
names and goals, the learner's answers) as plain text: walked with hostile text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from tests.conftest import write_card
from tests.ui.test_plain_text import HOSTILE, MARK, WINDOW_TITLE, check
from tests.ui.widget_text import menu_texts, window_texts

from cuecard.clock import FixedClock
from cuecard.context import AppContext
from cuecard.learning.model import Offer
from cuecard.models import WindowInfo
from cuecard.store.events import EventKind
from cuecard.ui.bridge import LibraryService
from cuecard.ui.controller import TrayController
from cuecard.watch.base import BackendChoice
from cuecard.watch.privacy import PrivacyRules, PrivateWatcher
from cuecard.watch.scripted import ScriptedWatcher

QuitAfter = Callable[[TrayController], TrayController]
CARD = f"""---
id: evil
title: '{HOSTILE}'
required: true
due: 2099-01-01
owner: '{HOSTILE} <a@example.org>'
when:
  - app: xterm
recall:
  - q: '{HOSTILE} question'
    a: '{HOSTILE} answer'
---
# Heading

1. Step one.
"""


def test_learning_windows_show_outside_text_as_plain_text(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    quit_after: QuitAfter,
    clock: FixedClock,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert QImage(8, 8, QImage.Format.Format_RGB32).save(str(tmp_path / "b.png"))
    root = tmp_path / "content"
    write_card(root, "evil.md", CARD)
    write_card(
        root, "paths/p.yaml", f"name: '{HOSTILE}'\ndescription: '{HOSTILE}'\ndays: [[evil]]\n"
    )
    write_card(
        root, "sprints/s.yaml", f"name: '{HOSTILE}'\ngoal: '{HOSTILE}'\nweeks: 2\ncards: [evil]\n"
    )
    settings = tmp_path / "settings.yaml"
    settings.write_text("content.builtin: false\npulse.enabled: true\n")
    context = AppContext.create(tmp_path / "data", settings, [root], clock=clock)
    scripted = ScriptedWatcher()
    choice = BackendChoice("scripted", "test", PrivateWatcher(scripted, PrivacyRules.create()))
    service = LibraryService(context.open_library(), watch=False)
    controller = quit_after(TrayController(context, service, True, choice, use_hotkey=False))
    with qtbot.waitSignals(
        [controller.loop.state_loaded, controller.loop.index_ready], timeout=10_000
    ):
        controller.start()
    card = service.snapshot.cards["evil"]
    loop, coach = controller.loop, controller.coach
    coach.join_path("p")
    coach.join_sprint("s")
    loop.record(EventKind.COMPLETED, "evil")
    loop.record(EventKind.PULSE_ANSWERED, None, HOSTILE, HOSTILE)
    clock.advance(timedelta(days=15))
    window = WindowInfo(app="xterm", title=WINDOW_TITLE, window_class="XTerm")
    windows: dict[str, QWidget] = {}
    shown = []
    for offer in (Offer.HINT, Offer.REVIEW, Offer.REFRESHER):
        controller.toast.offer(card, window, offer)
        shown += window_texts(controller.toast, f"toast {offer}")
    controller.toast.offer_prompt(Offer.REFLECTION, card.title, card.title, window)
    windows["toast"] = controller.toast
    review = coach.show_reviews()
    review.reveal()
    windows["review"] = review
    windows["today"] = coach.show_today()
    applied = coach.ask_applied("s")
    assert applied is not None
    windows["applied"] = applied
    controller.learning.show_my_learning()
    mine = controller.learning.my_learning
    assert mine is not None
    qtbot.waitUntil(lambda: MARK in mine.details.text())
    windows["my learning"] = mine
    pulse = coach.ask_pulse()
    for shown_window in (*windows.values(), pulse):
        qtbot.addWidget(shown_window)
    shown += [text for name, w in windows.items() for text in window_texts(w, name)]
    shown += window_texts(pulse, "pulse")
    coach.refresh()
    assert controller.tray is not None
    shown += menu_texts(controller.tray.menu, "tray menu")
    found, wrong = check(shown)
    assert wrong == [], "\n".join(wrong)
    assert found >= {*windows, "tray menu"}, "every window showed the hostile text"
