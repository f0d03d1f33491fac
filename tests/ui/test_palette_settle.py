"""The palette searches a query of several words again, more widely, when typing
pauses (tests/search/test_settled.py has the library whose answer needs it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from tests.search.conftest import build
from tests.search.test_settled import QUERY as SETTLED_QUERY
from tests.search.test_settled import library as settled_library
from tests.ui.test_palette import make


def test_a_pause_in_typing_searches_the_query_more_widely(qtbot: QtBot, tmp_path: Path) -> None:
    # Past a keystroke's pools (tests/search/test_settled.py): found once typing pauses.
    build(tmp_path / "cards", tmp_path / "built.sqlite", settled_library())
    palette = make(qtbot, tmp_path, tmp_path / "cards")
    with qtbot.waitSignal(palette.settled, timeout=5000) as settled:
        qtbot.keyClicks(palette.query, SETTLED_QUERY)
        assert "peruse" not in [hit.card.title for hit in palette.hits[:5]]
    assert settled.args == [SETTLED_QUERY]
    assert palette.hits[0].card.title == "peruse"
    assert palette.results.currentRow() == 0
    label = palette.results.itemWidget(palette.results.item(0)).text()
    assert "peruse" in label and palette.hint.text().startswith("20 matches")


def test_a_moved_highlight_keeps_its_rows_after_the_pause(qtbot: QtBot, tmp_path: Path) -> None:
    build(tmp_path / "cards", tmp_path / "built.sqlite", settled_library())
    palette = make(qtbot, tmp_path, tmp_path / "cards")
    qtbot.keyClicks(palette.query, SETTLED_QUERY)
    before = [hit.card.id for hit in palette.hits]
    qtbot.keyClick(palette.query, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: not palette._settle_timer.isActive())
    assert [hit.card.id for hit in palette.hits] == before
    assert palette.results.currentRow() == 1
