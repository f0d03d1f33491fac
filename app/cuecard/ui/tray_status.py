"""What the tray says: its tooltip (or the no-tray window's status line), its badge, and
why an entry is empty or greyed out.

A mixin of the TrayController (ui/controller.py); every method runs on the GUI thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cuecard.content.library import LibrarySnapshot
from cuecard.context import AppContext
from cuecard.models import Card, Level, Problem, WindowInfo
from cuecard.rules.rank import Candidate
from cuecard.ui.bridge import LibraryService
from cuecard.ui.loop import NudgeLoop
from cuecard.ui.plain import tooltip
from cuecard.ui.snooze import pause_wording
from cuecard.ui.tray import NoTrayWindow, Tray, TrayActions
from cuecard.ui.watching import WatcherBridge
from cuecard.watch.status import WatcherStatus
from cuecard.watch.trigger import app_label
from cuecard.wording import plural

CARDS_IN_MENU = 12


def problems_text(problems: tuple[Problem, ...]) -> str:
    """For example "2 errors and 1 warning", "1 error", "3 warnings", "no problems"."""
    errors = sum(1 for p in problems if p.level is Level.ERROR)
    warnings = len(problems) - errors
    parts = [plural(errors, "error")] if errors else []
    if warnings:
        parts.append(plural(warnings, "warning"))
    return " and ".join(parts) or "no problems"


class TrayStatusMixin:
    """Keeps the tray's tooltip, badge and entry hints in step with the app."""

    context: AppContext
    service: LibraryService
    loop: NudgeLoop
    watcher: WatcherBridge
    actions: TrayActions
    tray: Tray | None
    no_tray: NoTrayWindow | None
    current_window: WindowInfo | None
    last_notice: str
    _problems: tuple[Problem, ...]

    if TYPE_CHECKING:  # provided by TrayController; no stub at run time

        def open_card(self, card: Card, pulled: bool = False) -> object: ...

    def on_watch_status(self, status: WatcherStatus) -> None:
        """Pull-only (from the start, or retrying after a failure) shows in the menu and
        the status line; the line goes away once a watcher runs again."""
        item = self.actions.watch_status
        item.setText(status.headline())
        item.setToolTip(tooltip(status.describe()))
        item.setVisible(not status.watching)
        self._refresh_status()

    def on_window(self, info: WindowInfo | None) -> None:
        self.current_window = info
        if info is None:
            reason = "Cuecard has not seen a window yet."
        elif info.private:
            reason = "The window in front is private (excluded in Settings): Cuecard ignores it."
        else:
            reason = ""
        self.actions.set_window_reason(reason)

    def on_candidates(self, candidates: list[Candidate]) -> None:
        entries = []
        for candidate in candidates[:CARDS_IN_MENU]:
            card = candidate.card
            minutes = f"  ({card.minutes} min)" if card.minutes else ""
            entries.append((f"{card.title}{minutes}", lambda c=card: self.open_card(c, True)))
        self.actions.show_cards(entries, self._no_cards_reason())
        self._refresh_status()

    def _no_cards_reason(self) -> str:
        info = self.current_window
        if not self.service.snapshot.generation:
            return "Still loading the cards…"
        if info is None:
            return "Cuecard has not seen a window yet"
        if info.private:
            return "The window in front is private"
        return f"No card for {app_label(info)} yet"

    def set_problems(self, problems: tuple[Problem, ...]) -> None:
        """Count the content problems into the menu, and badge the tray icon while a
        card is broken (red, with the count) or needs a look (amber)."""
        self._problems = problems
        self.actions.set_problem_count(len(problems))
        errors = sum(1 for p in problems if p.level is Level.ERROR)
        if self.tray is not None:
            self.tray.set_badge(errors, len(problems) - errors)
        self._refresh_status()

    def _refresh_status(self) -> None:
        snapshot: LibrarySnapshot = self.service.snapshot
        cards = len(snapshot.cards)
        loaded = snapshot.generation
        parts = [f"Cuecard — {plural(cards, 'card')}" if loaded else "Cuecard — loading cards…"]
        if self._problems:
            parts.append(f"Content problems: {problems_text(self._problems)}")
        if self.loop.candidates and self.current_window is not None:
            titles = ", ".join(c.card.title for c in self.loop.candidates[:3])
            parts.append(f"For {app_label(self.current_window)}: {titles}")
        paused = self.loop.snoozed_until
        now = self.context.clock.now()
        wording = pause_wording(paused, now) if paused is not None else None
        self.actions.set_paused(wording)
        if wording is not None:
            parts.append(f"Nudges paused {wording}")
        status = self.watcher.status
        if not status.watching:
            parts.append(status.headline())
        if self.actions.org_pause.isVisible():
            parts.append(self.actions.org_pause.text().replace("&&", "&"))
        if self.last_notice:
            parts.append(self.last_notice)
        text = "\n".join(parts)
        if self.tray is not None:
            self.tray.set_tooltip(text)
        if self.no_tray is not None:
            self.no_tray.set_tooltip(text)
