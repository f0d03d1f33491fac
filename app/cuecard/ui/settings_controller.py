"""The Settings window and the first-start welcome, and applying what the user chose.

Writes the user's settings file (settings_edit keeps their comments and unknown keys),
reads every layer again and hands the new context to the running app through
`context_changed`: no restart. The login entry is changed through the OS's `Autostart`.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIcon

from cuecard import __version__
from cuecard.context import AppContext
from cuecard.first_run import (
    enforce_locked_autostart,
    mark_welcomed,
    needs_welcome,
    set_autostart,
    starts_at_login,
    welcome_facts,
)
from cuecard.platform.autostart import Autostart, system_autostart
from cuecard.platform.hotkey import unavailable_reason
from cuecard.settings_edit import write_user_settings
from cuecard.watch.base import BackendChoice

if TYPE_CHECKING:
    # Windows and what only they use: imported when first shown, not before the tray
    # icon is (tests/ui/test_start_imports.py).
    from cuecard.ui.settings_window import SettingsChange, SettingsWindow
    from cuecard.ui.welcome import WelcomeWindow

log = logging.getLogger(__name__)


class SettingsController(QObject):
    """Owns the Settings and welcome windows; emits each re-read context."""

    context_changed = Signal(object)  # AppContext
    notice = Signal(str)

    def __init__(
        self,
        context: AppContext,
        icon: QIcon,
        autostart: Autostart | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.icon = icon
        self._autostart = autostart
        self.window: SettingsWindow | None = None
        self.welcome: WelcomeWindow | None = None

    @property
    def autostart(self) -> Autostart:
        if self._autostart is None:
            self._autostart = system_autostart()
        return self._autostart

    def show_settings(self) -> SettingsWindow:
        settings = self.context.settings
        if self.window is None:
            from cuecard.ui.settings_window import SettingsWindow

            self.window = SettingsWindow(
                settings,
                starts_at_login(settings, self.autostart),
                self.context.clock.today(),
                unavailable_reason() or "",
            )
            self.window.setWindowIcon(self.icon)
            self.window.apply_requested.connect(self.apply)
        else:
            self.window.show_settings(settings, starts_at_login(settings, self.autostart))
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        return self.window

    def apply(self, change: SettingsChange) -> None:
        """Write `change`, re-read the settings and pass them on; the window shows any
        problem (and then stays open)."""
        problems = []
        if change.values:
            try:
                result = write_user_settings(self.context.user_settings_file, change.values)
            except OSError as error:
                problems.append(f"Could not save your settings: {error.strerror or error}.")
            else:
                log.info("settings changed: %s", ", ".join(sorted(change.values)))
                if result.backup is not None:
                    self.notice.emit(
                        f"Your settings file could not be edited in place; it was rewritten "
                        f"and the old one kept as {result.backup}."
                    )
        if change.autostart is not None:
            problem = set_autostart(self.context, self.autostart, change.autostart)
            if problem:
                problems.append(problem)
        self.reload()
        if self.window is not None:
            settings = self.context.settings
            self.window.show_settings(settings, starts_at_login(settings, self.autostart))
            self.window.show_result(" ".join(problems))

    def reload(self) -> AppContext:
        """Read every settings layer again and pass the result on."""
        self.context = self.context.reload()
        self.context_changed.emit(self.context)
        return self.context

    # First start ------------------------------------------------------------------

    def welcome_or_enforce(self, choice: BackendChoice, tray_available: bool) -> None:
        """At start: the welcome on the first start; else apply a locked `autostart`."""
        if needs_welcome(self.context.paths):
            self.show_welcome(choice, tray_available)
        else:
            enforce_locked_autostart(self.context.settings, self.autostart)

    def show_welcome(self, choice: BackendChoice, tray_available: bool) -> WelcomeWindow:
        facts = welcome_facts(
            self.context, choice, self.autostart, tray_available, os.environ, sys.platform
        )
        from cuecard.ui.welcome import WelcomeWindow

        self.welcome = WelcomeWindow(facts, self.icon)
        self.welcome.finished.connect(self._welcomed)
        self.welcome.show()
        self.welcome.raise_()
        self.welcome.activateWindow()
        return self.welcome

    def _welcomed(self, autostart: bool) -> None:
        try:
            mark_welcomed(self.context.paths, __version__)
        except OSError as error:
            log.warning("could not note that the welcome was shown: %s", error)
        if self.context.settings.is_locked("autostart"):
            enforce_locked_autostart(self.context.settings, self.autostart)
            return
        problem = set_autostart(self.context, self.autostart, autostart)
        if problem:
            self.notice.emit(problem)
        self.reload()
