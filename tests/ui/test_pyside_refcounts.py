"""The Qt binding keeps None's reference count: PySide6 6.12.0 dropped one on every call
of a void method, and Python 3.11 aborts once None's count reaches zero ("none_dealloc"),
a few thousand calls into a session. pyproject.toml excludes that release."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

CALLS = 1000  # well below None's count at start (about 5,000): a drop fails, not aborts


def test_void_calls_keep_the_reference_count_of_none(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        widget.setWindowTitle("Cuecard")  # a void method
    assert sys.getrefcount(None) - before > -CALLS // 10
