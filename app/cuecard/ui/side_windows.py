"""The controller's side windows: the palette's suggestions, Content problems, Help and
about. A mixin of the TrayController (ui/controller.py); every method runs on the GUI
thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QIcon

from cuecard import __version__
from cuecard.context import AppContext
from cuecard.models import Card, Problem, WindowInfo
from cuecard.platform.hotkey import HotkeyResult, describe
from cuecard.ui.bridge import LibraryService
from cuecard.ui.learning_controller import LearningWindows
from cuecard.ui.loop import NudgeLoop
from cuecard.ui.recent import RecentCards
from cuecard.ui.windows import raise_window
from cuecard.watch.trigger import app_label

if TYPE_CHECKING:
    # Windows and what only they use: imported when first shown, not before the tray
    # icon is (tests/ui/test_start_imports.py).
    from cuecard.ui.about import AboutWindow
    from cuecard.ui.lists import ProblemsWindow
    from cuecard.ui.palette_rows import Section


class SideWindowsMixin:
    """Suggestions before typing, Content problems, Help and about."""

    context: AppContext
    service: LibraryService
    loop: NudgeLoop
    learning: LearningWindows
    recent: RecentCards
    icon: QIcon
    hotkey: HotkeyResult | None
    current_window: WindowInfo | None
    problems_window: ProblemsWindow | None
    about_window: AboutWindow | None

    if TYPE_CHECKING:  # provided by TrayController; no stubs at run time

        def open_card(self, card: Card, pulled: bool = False) -> object: ...

        def current_problems(self) -> tuple[Problem, ...]: ...

    def suggestions(self) -> list[Section]:
        """What the palette lists before anything is typed: the cards for the app in
        front, those due for a spaced review, those opened lately."""
        from cuecard.ui.palette_rows import Section

        sections = []
        window = self.current_window
        if window is not None and self.loop.candidates:
            cards = tuple(c.card for c in self.loop.candidates)
            sections.append(Section(f"For {app_label(window)}", cards))
        due = self.loop.learner.due_reviews(self.context.clock.now())
        sections.append(Section("Due for review", tuple(card for card, _ in due)))
        sections.append(Section("Recently opened", self.recent.recently_opened()))
        return sections

    def show_problems(self) -> None:
        if self.problems_window is None:
            from cuecard.ui.lists import ProblemsWindow

            self.problems_window = ProblemsWindow()
            self.problems_window.setWindowIcon(self.icon)
        self.problems_window.editor = self.context.settings.get("editor")
        self.problems_window.set_problems(self.current_problems(), self.context.content_roots)
        raise_window(self.problems_window)

    def open_card_by_id(self, card_id: str) -> None:
        card = self.service.snapshot.cards.get(card_id)
        if card is not None:
            self.open_card(card, pulled=True)

    def sync_host(self) -> str:
        """Where learning records are sent, when IT turned sync on; else ""."""
        settings = self.context.settings
        endpoint = settings.get("sync.endpoint") if settings.get("sync.enabled") else ""
        return QUrl(endpoint).host() if endpoint else ""

    def show_about(self) -> AboutWindow:
        if self.about_window is None or not self.about_window.isVisible():
            from cuecard.ui.about import AboutFacts, AboutWindow

            settings = self.context.settings
            hotkey = self.hotkey
            facts = AboutFacts(
                version=__version__,
                hotkey=describe(settings.get("hotkey")) if hotkey and hotkey.active else "",
                data_dir=str(self.context.paths.data_dir),
                guide=QUrl.fromLocalFile(str(self.context.paths.resource("help", "index.html"))),
                sync_host=self.sync_host(),
            )
            self.about_window = AboutWindow(facts, self.icon)
            self.about_window.stored_requested.connect(self.learning.show_stored)
        raise_window(self.about_window)
        return self.about_window
