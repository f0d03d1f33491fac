"""A keystroke in the palette end to end: the search, the rows set, the list painted.

Offscreen Qt. Each text is set in the palette's query field as typing would (the search
runs on `textChanged`), then the event loop paints. The baseline, in the same run and
interleaved block by block: the rows made anew for every search (a label made, styled
and placed per row: what the palette did before ui/result_rows.py kept its rows).
Both palettes stay open: a palette closes itself when it loses activation, and opening
the second one closed the first (until the ninth round the palette keeping its rows was
timed closed: no paint, and every row fitted to an assumed width).
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path

from cuecard.content.library import LibrarySnapshot
from cuecard.search.engine import SearchEngine

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QSize
from PySide6.QtWidgets import QApplication, QListWidgetItem, QWidget

from cuecard.ui.palette import SearchPalette
from cuecard.ui.plain import rich_label
from cuecard.ui.result_rows import ResultRows, Row

BLOCKS = 4  # alternating blocks of each way


class StaysOpen(SearchPalette):
    """The palette, not closing when another window is activated (the other palette)."""

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        QWidget.changeEvent(self, event)


def made_anew(rows: ResultRows) -> None:
    """Replace `rows.set_rows` with the old way: clear, then a new label per row."""

    def set_rows(wanted: Sequence[Row]) -> None:
        rows.clear()
        for markup, card in wanted:
            item = QListWidgetItem()
            label = rich_label(markup, word_wrap=True)
            label.setContentsMargins(8, 6 if card else 10, 8, 6 if card else 2)
            rows.addItem(item)
            rows.setItemWidget(item, label)
            width = rows.viewport().width()
            item.setSizeHint(QSize(width, label.heightForWidth(width)))
        rows.row_cards = [card for _, card in wanted]

    rows.set_rows = set_rows  # type: ignore[method-assign]


def palette_keystrokes(
    cache: Path, snapshot: LibrarySnapshot, typed: list[str]
) -> tuple[list[float], list[float]]:
    """Milliseconds per keystroke, end to end: (rows kept, rows made anew)."""
    app = QApplication.instance() or QApplication([])
    palettes = []
    for anew in (False, True):
        palette = StaysOpen(SearchEngine(cache))
        if anew:
            made_anew(palette.results)
        palette.set_snapshot(snapshot)
        palette.open_palette()
        palette.query.setText("a")
        app.processEvents()
        palettes.append(palette)
    kept: list[float] = []
    anew_times: list[float] = []
    size = max(1, len(typed) // BLOCKS)
    for block in range(0, len(typed), size):
        for palette, times in zip(palettes, (kept, anew_times), strict=True):
            for text in typed[block : block + size]:
                start = time.perf_counter()
                palette.query.setText(text)
                app.processEvents()
                times.append((time.perf_counter() - start) * 1000)
            assert palette.isVisible(), "the palette timed stayed open"
    for palette in palettes:
        palette.close()
    return kept, anew_times
