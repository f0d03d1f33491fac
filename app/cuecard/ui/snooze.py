"""Pausing nudges from the tray: for an hour, until tomorrow morning, until a time, or
until the user resumes them. One word everywhere: *pause* (the menu, its title while
paused, the tooltip and the status line).

A mixin of the TrayController (ui/controller.py): it needs the nudge loop and the
controller's status refresh. The pause is the loop's snooze event in the record.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from cuecard.ui.loop import NudgeLoop
from cuecard.ui.plain import plain_label
from cuecard.ui.style import colors, dialog_flags

# "Until I resume": a pause that no clock reaches; the record keeps it like any other.
UNTIL_RESUMED = datetime(9999, 1, 1, tzinfo=UTC)
MORNING = time(8, 0)


def pause_wording(until: datetime, now: datetime) -> str:
    """For example "until 15:30", "until tomorrow 08:00", "until Mon 08:00", "until 3 Dec" or
    "until you resume them"."""
    if until >= UNTIL_RESUMED:
        return "until you resume them"
    local, today = until.astimezone(), now.astimezone().date()
    if local.date() == today:
        return f"until {local:%H:%M}"
    if local.date() == today + timedelta(days=1):
        return f"until tomorrow {local:%H:%M}"
    if local.date() < today + timedelta(days=7):
        return f"until {local:%a %H:%M}"
    return f"until {local.day} {local:%b}"


class PauseUntilDialog(QDialog):
    """Asks for the time nudges come back (today, or tomorrow when it has passed)."""

    def __init__(self, now: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent, dialog_flags())
        self.setWindowTitle("Pause nudges — Cuecard")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        row = QHBoxLayout()
        heading = plain_label("Pause nudges until")
        heading.setStyleSheet("font-weight: 600;")
        row.addWidget(heading)
        self.time = QTimeEdit()
        self.time.setObjectName("pauseTime")
        self.time.setDisplayFormat("HH:mm")
        later = now.astimezone() + timedelta(hours=2)
        self.time.setTime(QTime(later.hour, 0))
        row.addWidget(self.time)
        row.addStretch(1)
        layout.addLayout(row)
        note = plain_label(
            "Searching and the hotkey keep working while nudges are paused.", word_wrap=True
        )
        note.setStyleSheet(f"color: {colors().muted};")
        note.setMinimumWidth(300)
        layout.addWidget(note)
        buttons = QDialogButtonBox()
        buttons.addButton("Pause", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def until(self, now: datetime) -> datetime:
        chosen = self.time.time()
        local = now.astimezone()
        until = datetime.combine(local.date(), time(chosen.hour(), chosen.minute()), local.tzinfo)
        return until if until > local else until + timedelta(days=1)


class SnoozeMixin:
    """The *Pause nudges* menu's actions."""

    loop: NudgeLoop

    if TYPE_CHECKING:  # provided by TrayController; no stub at run time

        def _refresh_status(self) -> None: ...

    def snooze(self, length: timedelta) -> None:
        self.pause_until(self.loop.clock() + length)

    def snooze_until_tomorrow(self) -> None:
        now = self.loop.clock().astimezone()
        self.pause_until(datetime.combine(now.date() + timedelta(days=1), MORNING, now.tzinfo))

    def pause_until_resumed(self) -> None:
        self.pause_until(UNTIL_RESUMED)

    def pause_until(self, until: datetime | None) -> None:
        """Pause nudges until `until`; None resumes them."""
        self.loop.snooze(until)
        self._refresh_status()

    def ask_snooze_time(self) -> None:
        now = self.loop.clock()
        dialog = PauseUntilDialog(now)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.pause_until(dialog.until(now))
