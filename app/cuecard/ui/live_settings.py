"""Applying changed settings to the running app, without a restart.

A mixin of the TrayController (ui/controller.py): the nudge policy, exclusion lists,
hotkey, content roots, daily prompt, an organisation's pause and whether the focus is
followed for element triggers all follow a new
`AppContext` (from the Settings window, which re-reads every settings layer).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cuecard.content.library import LibrarySnapshot
from cuecard.context import AppContext
from cuecard.doctor import privacy_problems, settings_problems
from cuecard.models import Problem, WindowInfo
from cuecard.platform.hotkey import HotkeyResult, describe, register
from cuecard.settings import parse_clock
from cuecard.ui.bridge import LibraryService
from cuecard.ui.coach import Coach
from cuecard.ui.elements import ElementBridge
from cuecard.ui.learning_controller import LearningWindows
from cuecard.ui.loop import NudgeLoop
from cuecard.ui.nudge import NudgeToast
from cuecard.ui.plain import menu_text
from cuecard.ui.tray import TrayActions
from cuecard.ui.watching import WatcherBridge


class LiveSettingsMixin:
    """Registers the hotkey and applies each new context to the running parts."""

    context: AppContext
    loop: NudgeLoop
    toast: NudgeToast
    learning: LearningWindows
    coach: Coach
    watcher: WatcherBridge
    elements: ElementBridge
    service: LibraryService
    actions: TrayActions
    hotkey: HotkeyResult | None
    current_window: WindowInfo | None
    settings_problems: tuple[Problem, ...]
    _use_hotkey: bool

    if TYPE_CHECKING:  # provided by TrayController and GuiRelay; no stubs at run time

        def post(self, name: str, *args: object) -> None: ...

        def show_notice(self, message: str) -> None: ...

        def on_window(self, info: WindowInfo | None) -> None: ...

        def on_snapshot(self, snapshot: LibrarySnapshot) -> None: ...

        def _refresh_status(self) -> None: ...

    def _register_hotkey(self) -> None:
        if not self._use_hotkey:
            return
        if self.hotkey is not None:
            self.hotkey.stop()
        combo = self.context.settings.get("hotkey")
        self.hotkey = register(combo, lambda: self.post("hotkey_pressed"))
        keys = describe(combo) if self.hotkey.active else ""
        self.actions.set_hotkey(keys)  # shown next to "Search cards…"
        self.toast.set_hotkey(keys)
        if not self.hotkey.active and self.watcher.active:
            self.show_notice(self.hotkey.message)

    def apply_context(self, context: AppContext) -> None:
        """Settings changed (the Settings window, a reload): apply them without a restart."""
        old, self.context = self.context, context
        self.learning.context = context
        settings = context.settings
        self.loop.policy = context.policy
        self.loop.roles = frozenset(r.lower() for r in settings.get("learner.roles"))
        self.loop.nudges_enabled = settings.get("nudges.enabled")
        self.loop.learner.set_settings(context.learning)
        self.coach.context = context
        self.elements.set_enabled(settings.get("accessibility.follow_focus"))
        privacy = context.privacy_rules
        self.watcher.set_privacy(privacy)
        self.settings_problems = (
            *privacy_problems(settings, privacy),
            *settings_problems(settings),
        )
        hidden = privacy.redact(self.current_window)
        if hidden is not self.current_window:  # the window in front is now excluded
            self.on_window(hidden)
            self.loop.on_window(hidden)
        if settings.get("hotkey") != old.settings.get("hotkey"):
            self._register_hotkey()
        self.learning.schedule_daily_prompt(parse_clock(settings.get("log.daily_prompt")))
        if context.content_roots != old.content_roots:
            self.service.set_roots(context.content_roots)  # the snapshot follows
        else:
            self.on_snapshot(self.service.snapshot)  # recount the problems
        self.loop.evaluate()
        self._refresh_pause()

    def _refresh_pause(self) -> None:
        now = self.context.clock.now()
        until = self.context.policy.paused_until
        paused = self.context.policy.paused_at(now) is not None and until is not None
        action = self.actions.org_pause
        action.setVisible(paused)
        if paused and until is not None:
            from cuecard.ui.settings_window import pause_text  # the window's module: lazily

            action.setText(menu_text(pause_text(until, now.date())))
        self._refresh_status()
