"""The small prompts (the monthly pulse, what I applied in a sprint, pause nudges until):
proper dialogs with room around their words, titled "… — Cuecard", no maximise button."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from cuecard.clock import FixedClock
from cuecard.ui.prompts import AppliedDialog, PulseDialog
from cuecard.ui.snooze import PauseUntilDialog


@pytest.mark.parametrize("kind", ["pulse", "applied", "pause"])
def test_prompts_are_roomy_dialogs_without_maximise(
    qtbot: QtBot, clock: FixedClock, kind: str
) -> None:
    dialog: QDialog = {
        "pulse": lambda: PulseDialog(),
        "applied": lambda: AppliedDialog("Docs", "A real table of contents", ""),
        "pause": lambda: PauseUntilDialog(clock.now()),
    }[kind]()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle().endswith("— Cuecard")
    flags = dialog.windowFlags()
    assert not flags & Qt.WindowType.WindowMaximizeButtonHint
    assert not flags & Qt.WindowType.WindowMinimizeButtonHint
    layout = dialog.layout()
    assert layout is not None
    margins = layout.contentsMargins()
    assert min(margins.left(), margins.top(), margins.right()) >= 14, "not cramped"


def test_the_pulse_saves_only_an_answer(qtbot: QtBot) -> None:
    dialog = PulseDialog()
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()
    dialog.helps.setText("  ten quiet minutes ")
    assert dialog.save_button.isEnabled()
    assert dialog.answers == ("", "ten quiet minutes")
