"""Follow the desktop's tray host while the app runs: it may start after Cuecard (a
login where Cuecard's autostart wins the race with the panel) or go away and come back
(a panel that crashes or is restarted).

A mixin of the TrayController (ui/controller.py). Every few seconds it asks whether a
tray host is there: once one appears, the tray icon is made (Qt embeds it, and embeds
it again after a restart of the host) and a no-tray window shown for want of a tray is
hidden; when the host has been gone for a while, the no-tray window comes back, so
Cuecard is never out of reach. A host that is only restarted (gone for a moment) changes
nothing. Only asked when the controller detected the tray itself (tests that pass
`tray_available` get a fixed answer).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon

from cuecard.context import AppContext
from cuecard.ui.style import tray_icon
from cuecard.ui.tray import NoTrayWindow, Tray, TrayActions

CHECK_EVERY_MS = 3000
GONE_CHECKS = 3  # this many checks in a row without a host: show the no-tray window


class TrayHostMixin:
    """Keeps the tray icon or the no-tray window in step with the tray host."""

    context: AppContext
    actions: TrayActions
    icon: QIcon
    tray: Tray | None
    no_tray: NoTrayWindow | None

    if TYPE_CHECKING:  # provided by TrayController; no stub at run time

        def _refresh_status(self) -> None: ...

    def follow_tray_host(
        self,
        follow: bool,
        available: Callable[[], bool] = QSystemTrayIcon.isSystemTrayAvailable,
        every_ms: int = CHECK_EVERY_MS,
    ) -> None:
        """Start checking for the tray host (when `follow`; call once, at start)."""
        self._host_available = available
        self._host_seen = self.tray is not None
        self._host_missed = 0
        if follow:
            self._host_timer = QTimer(self)  # type: ignore[arg-type]
            self._host_timer.timeout.connect(self.check_tray_host)
            self._host_timer.start(every_ms)

    def _forget_no_tray(self) -> None:
        """Late signals (an index built on a worker thread) must not reach a deleted window."""
        self.no_tray = None

    def check_tray_host(self) -> None:
        """One check. Acts only when the host comes or has been gone GONE_CHECKS checks:
        a no-tray window the user closed stays closed while nothing changes."""
        if self._host_available():
            self._host_missed = 0
            if self._host_seen:
                return
            self._host_seen = True
            if self.tray is None:
                self.tray = Tray(tray_icon(self.context.paths), self.actions, self)  # type: ignore[arg-type]
                self.tray.show()
            if self.no_tray is not None:
                self.no_tray.hide()
        else:
            if not self._host_seen:
                return
            self._host_missed += 1
            if self._host_missed < GONE_CHECKS:
                return
            self._host_seen = False
            if self.no_tray is None:
                self.no_tray = NoTrayWindow(self.icon, self.actions)
                self.no_tray.destroyed.connect(self._forget_no_tray)
            self.no_tray.show()
        self._refresh_status()
