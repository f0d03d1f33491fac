"""`cuecard preview FILE`: one card in the card window, re-rendered on every save."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Signal

from cuecard.content.parse import read_card
from cuecard.content.watcher import ContentWatcher
from cuecard.context import AppContext
from cuecard.models import Card, Problem
from cuecard.private_files import private_file
from cuecard.terminal import echo
from cuecard.ui.bridge import GuiRelay
from cuecard.ui.card_window import CardWindow
from cuecard.ui.plain import window_title


def root_for(file: Path, roots: tuple[Path, ...]) -> Path:
    """The content root a file belongs to: a configured root, a folder with pack.yaml,
    or else the file's own folder (so its images stay in reach)."""
    containing = [root for root in roots if file.is_relative_to(root)]
    if containing:
        return max(containing, key=lambda root: len(root.parts))
    for folder in file.parents:
        if (folder / "pack.yaml").is_file():
            return folder
    return file.parent


class PreviewController(GuiRelay):
    """Keeps a CardWindow in step with one file on disk."""

    file_changed = Signal()

    def __init__(self, context: AppContext, file: Path) -> None:
        super().__init__()
        self.file = file
        self.root = root_for(file, context.content_roots)
        self.clock = context.clock
        state_file = private_file(context.paths.window_state)  # kept 0600 by QSettings
        self.state = QSettings(str(state_file), QSettings.Format.IniFormat)
        self.window: CardWindow | None = None
        self._watcher = ContentWatcher([file.parent], self._on_paths, recursive=False)
        self.file_changed.connect(self.reload)

    def _read(self) -> tuple[Card, tuple[Problem, ...]]:
        parsed = read_card(self.file, self.root)
        if parsed.card is not None:
            return parsed.card, parsed.problems
        previous = self.window.card if self.window is not None else None
        stub = previous or Card(
            id=self.file.stem, title=self.file.name, path=self.file, root=self.root
        )
        return stub, parsed.problems

    def start(self) -> bool:
        card, problems = self._read()
        self.window = CardWindow(card, self.state, self.clock)
        self.window.set_card(card, problems)
        self.window.setWindowTitle(window_title(f"Preview: {card.title} — Cuecard"))
        self.window.show()
        self._watcher.start()
        self.window.closed.connect(self._watcher.stop)
        for problem in problems:
            echo(problem.format(), file=sys.stderr)
        return True

    def _on_paths(self, paths: set[Path]) -> None:
        if any(path == self.file for path in paths):
            self.post("file_changed")

    def reload(self) -> None:
        if self.window is None:
            return
        card, problems = self._read()
        self.window.set_card(card, problems)
        self.window.setWindowTitle(window_title(f"Preview: {card.title} — Cuecard"))
