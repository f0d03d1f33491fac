"""Snoozing nudges from the tray: for an hour, until tomorrow morning, until a time.

A mixin of the TrayController (ui/controller.py): it needs the nudge loop and the
controller's status refresh.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog

from cuecard.ui.loop import NudgeLoop


class SnoozeMixin:
    """The snooze menu's actions."""

    loop: NudgeLoop

    if TYPE_CHECKING:  # provided by TrayController; no stub at run time

        def _refresh_status(self) -> None: ...

    def snooze(self, length: timedelta) -> None:
        self.loop.snooze(self.loop.clock() + length)
        self._refresh_status()

    def snooze_until_tomorrow(self) -> None:
        now = self.loop.clock()
        tomorrow = datetime.combine(now.date() + timedelta(days=1), time(8, 0), now.tzinfo)
        self.loop.snooze(tomorrow)
        self._refresh_status()

    def ask_snooze_time(self) -> None:
        text, ok = QInputDialog.getText(None, "Snooze nudges", "Snooze until (HH:MM):")
        if not ok:
            return
        try:
            chosen = time.fromisoformat(text.strip())
        except ValueError:
            return
        now = self.loop.clock()
        until = datetime.combine(now.date(), chosen, now.tzinfo)
        self.loop.snooze(until if until > now else until + timedelta(days=1))
        self._refresh_status()
