"""The card window renders a card and tracks steps; driven through Qt signals."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QUrl
from pytestqt.qtbot import QtBot
from tests.conftest import guide_reviewed

from cuecard.clock import FixedClock
from cuecard.content.parse import read_card
from cuecard.models import Card
from cuecard.ui.card_window import BACKGROUND_RENDER_BYTES, STEP_SCHEME, CardWindow


def load(root: Path, relative: str) -> Card:
    card = read_card(root / relative, root).card
    assert card is not None
    return card


def test_shows_title_minutes_summary_owner_and_video(
    qtbot: QtBot, content_root: Path, clock: FixedClock
) -> None:
    reviewed = guide_reviewed(clock.today())
    window = CardWindow(load(content_root, "calc/freeze.md"), clock=clock)
    qtbot.addWidget(window)
    window.show()
    assert window.title_label.text() == "Freeze the header row"
    assert "2 min" in window.meta_label.text()
    assert "3 steps" in window.meta_label.text()
    assert window.summary_label.text() == "Keep column titles visible."
    assert "ana@example.org" in window.footer_label.text()
    assert reviewed.isoformat() in window.footer_label.text()
    assert window.video_button.isVisible()
    assert not window.stale_badge.isVisible()
    assert window.progress.format() == "0 of 3 steps done"
    body = window.browser.toPlainText()
    assert "Select the row below the header" in body
    assert "Intro text." in body


def test_stale_badge_follows_the_clock(qtbot: QtBot, content_root: Path, clock: FixedClock) -> None:
    card = load(content_root, "calc/freeze.md")
    assert card.review_due is not None
    clock.set(clock.now() + (card.review_due - clock.today()))
    window = CardWindow(card, clock=clock)
    qtbot.addWidget(window)
    window.show()
    assert not window.stale_badge.isVisible(), "due today is not yet stale"
    clock.advance(timedelta(days=1))
    window.set_card(card)
    assert window.stale_badge.isVisible()


def test_card_without_steps_or_video(qtbot: QtBot, content_root: Path) -> None:
    window = CardWindow(load(content_root, "notes.md"))
    qtbot.addWidget(window)
    window.show()
    assert window.title_label.text() == "Plain note"
    assert not window.progress.isVisible()
    assert not window.video_button.isVisible()
    assert "No owner" in window.footer_label.text()


def test_ticking_steps_updates_progress(qtbot: QtBot, content_root: Path) -> None:
    window = CardWindow(load(content_root, "calc/freeze.md"))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.progress_changed) as progress:
        window.browser.anchorClicked.emit(QUrl(f"{STEP_SCHEME}:1"))
    assert progress.args == [1, 3]
    assert window.done_steps == {1}
    assert window.progress.value() == 1
    assert window.progress.format() == "1 of 3 steps done"
    assert "☑" in window.browser.toPlainText()
    with qtbot.waitSignal(window.step_toggled) as toggled:
        window.browser.anchorClicked.emit(QUrl(f"{STEP_SCHEME}:1"))
    assert toggled.args == [1, False]
    assert window.done_steps == frozenset()


def test_out_of_range_step_is_ignored(qtbot: QtBot, content_root: Path) -> None:
    window = CardWindow(load(content_root, "calc/freeze.md"))
    qtbot.addWidget(window)
    with qtbot.assertNotEmitted(window.progress_changed):
        window.toggle_step(7)
    assert window.done_steps == frozenset()


def test_escape_closes(qtbot: QtBot, content_root: Path) -> None:
    window = CardWindow(load(content_root, "calc/freeze.md"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    with qtbot.waitSignal(window.closed):
        qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_the_width_the_user_chose_is_remembered(
    qtbot: QtBot, content_root: Path, tmp_path: Path
) -> None:
    state = QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat)
    card = load(content_root, "calc/freeze.md")
    first = CardWindow(card, state)
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 500)
    with qtbot.waitSignal(first.closed):
        first.close()
    second = CardWindow(card, QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(second)
    assert second.width() == 700, "the width is the user's; the height is the card's"


def test_reload_keeps_ticks_for_same_steps(qtbot: QtBot, content_root: Path) -> None:
    card = load(content_root, "calc/freeze.md")
    window = CardWindow(card)
    qtbot.addWidget(window)
    window.toggle_step(0)
    window.set_card(card)
    assert window.done_steps == {0}
    window.set_card(load(content_root, "notes.md"))
    assert window.done_steps == frozenset()


def test_reload_clears_ticks_when_the_steps_changed(qtbot: QtBot, content_root: Path) -> None:
    card = load(content_root, "calc/freeze.md")
    window = CardWindow(card)
    qtbot.addWidget(window)
    window.toggle_step(0)
    text = card.path.read_text(encoding="utf-8")
    card.path.write_text(text.replace("## ", "## Renamed: ", 1), encoding="utf-8")
    changed = load(content_root, "calc/freeze.md")
    assert changed.id == card.id and changed.step_count == card.step_count
    window.set_card(changed)
    assert window.done_steps == frozenset()


@pytest.mark.parametrize(
    "odd",
    ["[" * 20_000, ("[" * 250 + "\n") * 32],  # issue 8: 8 KB of this took 12.6 s to render
)
def test_a_big_odd_card_renders_off_the_gui_thread(
    qtbot: QtBot, content_root: Path, odd: str
) -> None:
    path = content_root / "odd.md"
    path.write_text("# Odd\n\n" + odd + "\n\n## Only step\nDo it.\n", encoding="utf-8")
    card = load(content_root, "odd.md")
    assert card.size > BACKGROUND_RENDER_BYTES
    window = CardWindow(card)
    qtbot.addWidget(window)
    # The constructor returned at once: the card is over the size rendered on the GUI thread.
    assert "Rendering the card" in window.browser.toPlainText()
    assert window.meta_label.text().endswith("1 step")
    window.toggle_step(0)
    assert window.done_steps == frozenset(), "no steps to tick before they are shown"
    with qtbot.waitSignal(window.rendered, timeout=60_000):
        pass
    assert "Only step" in window.browser.toPlainText()
    window.toggle_step(0)
    assert window.done_steps == {0}


def test_sample_cards_render_on_the_gui_thread() -> None:
    """The size limit keeps real cards synchronous: no "Rendering…" flash for them."""
    sizes = [p.stat().st_size for p in (Path(__file__).parents[2] / "content").rglob("*.md")]
    assert sizes and max(sizes) <= BACKGROUND_RENDER_BYTES
