"""Runs the focused-element watcher while cards name dialogs or controls, and delivers
focus changes on the GUI thread.

- `set_wanted(True)` (the library has element triggers) creates and starts the
  platform's back-end; on Linux that switches the accessibility tree on. `set_wanted
  (False)` stops it, which switches the tree off again: no cards, no accessibility.
- With `enabled` False (the setting `accessibility.follow_focus`) it never runs one.
- `follow(target)` passes on which app's focus matters now (None: no app's); the loop
  decides, from the triggers that fit the active window.
- `observe` sees every reported element on the watcher's thread before anyone else
  (the log's filter: element names, like window titles, never reach the log).
- A back-end that fails while wanted is replaced after `backoff` (1 s, 2 s, … a minute);
  one that cannot run here is reported once through `unavailable`, as a notice for the
  user.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from cuecard.a11y.base import ElementWatcher, FocusTarget
from cuecard.a11y.select import ElementChoice, choose_element_watcher
from cuecard.logs import WindowTextFilter
from cuecard.models import FocusedElement
from cuecard.settings import Settings
from cuecard.ui.bridge import GuiRelay
from cuecard.ui.loop import NudgeLoop
from cuecard.watch.status import retry_delay

log = logging.getLogger(__name__)
ElementChooser = Callable[[], ElementChoice]


def notice(reason: str) -> str:
    return (
        "Some cards name dialogs or controls, but Cuecard cannot see the focused control "
        f"here ({reason}); those cards are offered from the tray and search only."
    )


class ElementBridge(GuiRelay):
    """Owns the element watcher (see the module docstring); every slot on the GUI thread."""

    element_changed = Signal(object)
    unavailable = Signal(str)
    _report = Signal(object, object)
    _failed = Signal(object)

    def __init__(
        self,
        choose: ElementChooser | None = None,
        *,
        backoff: Callable[[int], float] = retry_delay,
        enabled: bool = True,
        parent: QObject | None = None,
        observe: Callable[[FocusedElement | None], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.enabled = enabled  # the setting accessibility.follow_focus
        self._observe = observe
        self._choose = choose or choose_element_watcher
        self._backoff = backoff
        self.wanted = False  # running (asked for, and enabled)
        self._asked = False  # the library has element triggers
        self.target: FocusTarget | None = None
        self.watcher: ElementWatcher | None = None
        self.reason = ""  # why no back-end runs, when wanted and none does
        self._attempts = 0
        self._retry_timer = QTimer(self, singleShot=True)
        self._retry_timer.timeout.connect(self._start)
        self._report.connect(self._on_report)
        self._failed.connect(self._on_failed)

    @classmethod
    def serving(
        cls,
        loop: NudgeLoop,
        notice: Callable[[str], None],
        settings: Settings,
        choose: ElementChooser | None = None,
        log_filter: WindowTextFilter | None = None,
    ) -> ElementBridge:
        """A bridge for the running app: serving `loop` (see `serve`), owned by it; the
        names of every element it reports are kept out of the log by `log_filter`."""
        observe = log_filter.remember_element if log_filter is not None else None
        bridge = cls(choose, parent=loop, observe=observe)
        bridge.serve(loop, notice, settings)
        return bridge

    def serve(
        self,
        loop: NudgeLoop,
        notice: Callable[[str], None] | None = None,
        settings: Settings | None = None,
    ) -> None:
        """Run while `loop`'s library has element triggers (and `settings` allow it:
        accessibility.follow_focus), follow the app it names, hand it every focus
        change, and tell the user through `notice` when no back-end can run."""
        if settings is not None:
            self.enabled = bool(settings.get("accessibility.follow_focus"))
        if notice is not None:
            self.unavailable.connect(notice)
        loop.elements_wanted.connect(self.set_wanted)
        loop.focus_target_changed.connect(self.follow)
        self.element_changed.connect(loop.on_element)

    def set_enabled(self, enabled: bool) -> None:
        """The setting changed while the app runs: start or stop accordingly."""
        self.enabled = enabled
        self.set_wanted(self._asked)

    def set_wanted(self, wanted: bool) -> None:
        self._asked = wanted
        wanted = wanted and self.enabled
        if wanted == self.wanted:
            return
        self.wanted = wanted
        if wanted:
            self._attempts = 0
            self._start()
        else:
            self._retry_timer.stop()
            self._retire()

    def follow(self, target: FocusTarget | None) -> None:
        if target == self.target:
            return
        self.target = target
        if self.watcher is not None:
            self.watcher.follow(target)

    def stop(self) -> None:
        self.wanted = self.enabled = False  # for good: late signals start nothing
        self._retry_timer.stop()
        watcher, self.watcher = self.watcher, None
        if watcher is not None:
            watcher.stop()  # on quit: wait for it, so the tree is switched off again

    def _start(self) -> None:
        if not self.wanted or self.watcher is not None:
            return
        choice = self._choose()
        watcher = choice.watcher
        if watcher is None:
            self.reason = f"{choice.name}: {choice.reason}"
            log.warning("cards name dialogs or controls, but %s", self.reason)
            self.unavailable.emit(notice(self.reason))
            return
        self.reason = ""

        def forward(element: FocusedElement | None) -> None:  # on the watcher's thread
            if self._observe is not None:
                self._observe(element)
            self.post("_report", watcher, element)
            if element is None and watcher.failure is not None:
                self.post("_failed", watcher)

        self.watcher = watcher
        watcher.start(forward)
        if self.target is not None:
            watcher.follow(self.target)

    def _on_report(self, watcher: ElementWatcher, element: FocusedElement | None) -> None:
        if watcher is self.watcher:
            self.element_changed.emit(element)

    def _on_failed(self, watcher: ElementWatcher) -> None:
        if watcher is not self.watcher:
            return
        self.reason = watcher.failure or "stopped"
        log.warning("the focused-element watcher stopped: %s", self.reason)
        if self._attempts == 0:
            self.unavailable.emit(notice(self.reason))
        self._retire()
        delay = self._backoff(self._attempts)
        self._attempts += 1
        self._retry_timer.start(int(delay * 1000))

    def _retire(self) -> None:
        watcher, self.watcher = self.watcher, None
        if watcher is not None:
            # Joining its thread (and switching the tree off) must not hold up the GUI.
            threading.Thread(target=watcher.stop, name="a11y-retire", daemon=True).start()
            self.element_changed.emit(None)
