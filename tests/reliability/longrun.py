"""A long run of the real loop: window change after window change from a scripted
watcher, a nudge every twentieth change (dismissed with Later, as a busy user does),
and a card rewritten every hundredth (a hot reload, waited for until the new trigger
index is in use). The clock moves 30 s a change, so a long run spans weeks.

Resident memory, open file descriptors and threads are measured after a warm-up and at
the end (after the collector and malloc_trim ran and background threads finished), and
every tenth of the way for the figures in docs/reliability.md.
"""

from __future__ import annotations

import gc
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import psutil
from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication

from cuecard.clock import FixedClock
from cuecard.context import AppContext
from cuecard.memory import return_freed_memory
from cuecard.models import WindowInfo
from cuecard.paths import bundled
from cuecard.ui.bridge import LibraryService
from cuecard.ui.controller import TrayController
from cuecard.watch.base import BackendChoice
from cuecard.watch.privacy import PrivacyRules, PrivateWatcher
from cuecard.watch.scripted import ScriptedWatcher

SETTINGS = """content.builtin: false
autostart: false
nudges:
  per_hour: 100000
  per_day: 100000
  min_gap_minutes: 0
  dwell_seconds: 0
  max_unopened: 100000
review.enabled: false
pulse.enabled: false
"""
EDITED = (
    "---\nid: longrun/edited\ntitle: Edited {n}\nwhen: [{{title: '*Edited {n}*'}}]\n---\n"
    "# E\n\nRevision {n}. {pad}\n"
)
EDITED_ID = "longrun/edited"


def edited_text(n: int) -> str:
    """Revision `n` of the edited card: a different size each time (0 to 299 characters
    of padding) and always a body; a heading alone is an empty card, rightly refused,
    which every 300th reload was: the full run timed out waiting for reload 300."""
    return EDITED.format(n=n, pad="z" * (n % 300))


OTHERS = [("firefox", "Firefox"), ("xterm", "XTerm"), ("evince", "Evince"), ("gedit", "Gedit")]


def wait(
    predicate: Callable[[], bool], timeout: float = 30.0, state: Callable[[], str] = str
) -> None:
    """Run the Qt event loop until `predicate` holds (no sleeping in the GUI thread);
    on a time-out, say why with `state()`."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"the app did not get there in time: {state()}")
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


@dataclass
class Sample:
    """One measurement of the process."""

    changes: int
    nudges: int
    reloads: int
    rss: int
    fds: int
    threads: int


@dataclass
class LongRun:
    """The app under a long scripted session; `run` drives it, `samples` record it."""

    base: Path
    clock: FixedClock
    changes: int = 0
    nudges: int = 0
    reloads: int = 0
    timeout: float = 30.0  # for each change and reload to be seen
    samples: list[Sample] = field(default_factory=list)

    def start(self) -> LongRun:
        content = self.base / "content"
        shutil.copytree(bundled("content"), content)
        self.edited = content / "longrun-edited.md"
        self.edited.write_text(edited_text(0))
        config = self.base / "settings.yaml"
        config.write_text(SETTINGS)
        self.context = AppContext.create(self.base / "data", config, [content], clock=self.clock)
        self.watcher = ScriptedWatcher()
        choice = BackendChoice(
            "scripted", "long run", PrivateWatcher(self.watcher, PrivacyRules.create())
        )
        self.service = LibraryService(self.context.open_library(), watch=True)
        self.controller = TrayController(self.context, self.service, None, choice, use_hotkey=False)
        self.controller.loop.idle = lambda: 0.0
        self.controller.watcher.window_changed.connect(self._changed)
        self.controller.loop.decided.connect(self._decided)
        self._index_ready = 0
        self.controller.loop.index_ready.connect(self._indexed)
        self.controller.start()
        wait(lambda: self._index_ready > 0 and self.controller.loop.state is not None)
        return self

    def _changed(self, _info: object) -> None:
        self.changes += 1

    def _indexed(self, _payload: object) -> None:
        self._index_ready += 1

    def _decided(self, decision: object) -> None:
        if getattr(decision, "offer", None) is not None:
            self.nudges += 1

    def window(self, n: int) -> WindowInfo:
        if n % 20 == 19:  # from another app to a spreadsheet: the sample cards fit it
            return WindowInfo(
                "soffice.bin",
                f"Budget {n}.ods - LibreOffice Calc",
                "libreoffice-calc",
                pid=4000,
                window_id=4000 + n,
            )
        app, kind = OTHERS[n % len(OTHERS)]
        title = f"{kind} window {n} of the long run"
        return WindowInfo(app, title, kind, pid=100 + n % 7, window_id=n)

    def change(self) -> None:
        seen, nudged = self.changes, self.nudges
        n = seen
        self.clock.advance(timedelta(seconds=30))
        self.watcher.push(self.window(n))
        wait(
            lambda: self.changes > seen,
            self.timeout,
            state=lambda: f"window change {n + 1}; {self}",
        )
        if self.nudges > nudged and self.controller.toast.isVisible():
            self.controller.toast.later_button.click()

    def reload(self) -> None:
        ready = self._index_ready
        self.reloads += 1
        self.edited.write_text(edited_text(self.reloads))
        title = f"Edited {self.reloads}"
        wait(
            lambda: (
                self._index_ready > ready
                and any(c.title == title for c in self.controller.loop.cards.values())
            ),
            self.timeout,
            state=lambda: f"reload to {title!r}; {self}; {self._edited_state(ready)}",
        )

    def __str__(self) -> str:
        return f"{self.changes:,} changes, {self.nudges:,} nudges, {self.reloads:,} reloads"

    def _edited_state(self, ready: int) -> str:
        """Where the edited card got to: the library, its problems, the loop's index."""
        snapshot = self.service.snapshot
        library = snapshot.cards.get(EDITED_ID)
        loop = self.controller.loop.cards.get(EDITED_ID)
        problems = [p.message for p in snapshot.problems if p.path == self.edited]
        return (
            f"library generation {snapshot.generation} has {library and library.title!r} "
            f"(problems: {problems}), the loop's index {loop and loop.title!r} "
            f"({self._index_ready - ready} index builds since the write)"
        )

    def measure(self) -> Sample:
        wait(_background_idle, state=_busy_threads)
        gc.collect()
        return_freed_memory()
        process = psutil.Process()
        sample = Sample(
            self.changes,
            self.nudges,
            self.reloads,
            process.memory_info().rss,
            process.num_fds(),
            threading.active_count(),
        )
        self.samples.append(sample)
        return sample

    def run(self, changes: int, nudges: int, reloads: int, warm_up: float = 0.1) -> None:
        """Drive until all three counts are reached; measure after `warm_up` of the way
        and every tenth."""
        every_reload = max(1, changes // max(reloads, 1))
        tenth = max(1, changes // 10)
        warmed = False
        while self.changes < changes or self.nudges < nudges or self.reloads < reloads:
            self.change()
            if self.changes % every_reload == 0 and self.reloads < reloads:
                self.reload()
            if not warmed and self.changes >= changes * warm_up:
                warmed = True
                self.measure()
            elif warmed and self.changes % tenth == 0:
                self.measure()
        self.measure()

    def stop(self) -> None:
        self.controller.quit()


def _background_idle() -> bool:
    """No index build, reload or debounce thread of the app still running."""
    return not _busy_threads()


def _busy_threads() -> str:
    """The index build, reload and debounce threads still running, by name."""
    busy = {"trigger-index", "content-roots", "pack-reload"}
    return ", ".join(
        t.name
        for t in threading.enumerate()
        if t.name in busy or (isinstance(t, threading.Timer) and t.is_alive() and not _harness(t))
    )


def _harness(thread: threading.Thread) -> bool:
    """pytest-timeout's watchdog: a Timer of the test run's, not of the app's."""
    return thread.name.startswith("pytest_timeout")
