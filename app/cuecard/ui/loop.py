"""The just-in-time loop on the GUI thread: window -> match -> decide -> nudge -> record.

Matching and deciding are pure (cuecard.rules, cuecard.policy); this class only keeps
the current window, schedules re-decisions (dwell, gaps, snooze end) with one timer,
shows the toast and turns the user's choices into store events.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal

from cuecard.clock import SYSTEM_CLOCK
from cuecard.content.library import LibrarySnapshot
from cuecard.memory import return_freed_memory
from cuecard.models import Card, WindowInfo
from cuecard.platform.dnd import DndMonitor, DndState
from cuecard.policy.decide import decide
from cuecard.policy.model import AttentionState, Decision, Moment, PolicySettings
from cuecard.rules.index import TriggerIndex
from cuecard.rules.rank import Candidate, Learner, match_window
from cuecard.store.events import FOREVER, LATER, PROACTIVE, Event, EventKind, apply_event
from cuecard.store.events import load_attention as load_state
from cuecard.store.writer import StoreWriter
from cuecard.ui.bridge import GuiRelay
from cuecard.ui.nudge import NudgeToast

Clock = Callable[[], datetime]
MAX_TIMER_MS = 6 * 3600 * 1000


class NudgeLoop(GuiRelay):
    """Owns the attention state in memory; the store writer persists every change."""

    candidates_changed = Signal(object)
    index_ready = Signal(object)  # (snapshot, index) once that index is in use
    _index_built = Signal(object)
    state_loaded = Signal(object)
    decided = Signal(object)
    dnd_changed = Signal(bool)

    def __init__(
        self,
        writer: StoreWriter,
        toast: NudgeToast,
        policy: PolicySettings,
        roles: frozenset[str] = frozenset(),
        nudges_enabled: bool = True,
        clock: Clock = SYSTEM_CLOCK.now,
        dnd: DndState | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.writer = writer
        self.toast = toast
        self.policy = policy
        self.roles = roles
        self.nudges_enabled = nudges_enabled
        self.clock = clock
        self.dnd: DndState = DndMonitor() if dnd is None else dnd  # read off this thread
        self.state: AttentionState | None = None
        self.cards: dict[str, Card] = {}
        self.index: TriggerIndex | None = None
        self._index_request = 0  # a build for an older snapshot must not replace a newer one
        self.window: WindowInfo | None = None
        self.active_since = clock()
        self.candidates: list[Candidate] = []
        self._stopped = False
        self._early_events: list[Event] | None = None
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.evaluate)
        self._index_built.connect(self._install_index)
        self.state_loaded.connect(self._install_state)
        self.dnd_changed.connect(self._dnd_changed)
        toast.show_card.connect(lambda card: self.record(EventKind.OPENED, card.id))
        toast.later.connect(lambda card: self.record(EventKind.DISMISSED, card.id, LATER))
        toast.never.connect(lambda card: self.record(EventKind.DISMISSED, card.id, FOREVER))

    def start(self) -> None:
        """Load the attention state off the GUI thread; nudges wait until it is in."""

        self.dnd.start(lambda quiet: self.post("dnd_changed", quiet))
        now = self.clock()
        # Events recorded from now until the state arrives are written after it is read:
        # they are applied to it on arrival (a snooze chosen right at start-up was lost).
        self._early_events = []
        future = self.writer.call(lambda db: load_state(db, now))
        future.add_done_callback(
            lambda done: None if done.exception() else self.post("state_loaded", done.result())
        )

    def stop(self) -> None:
        """Stop deciding: no timer, and results that arrive later are dropped."""
        self._stopped = True
        self._timer.stop()
        self.dnd.stop()

    def _dnd_changed(self, quiet: bool) -> None:
        if not quiet:
            self.evaluate()  # do-not-disturb ended: a nudge held back may be due now

    def _install_state(self, state: AttentionState) -> None:
        for event in self._early_events or ():
            state = apply_event(state, event)
        self._early_events = None
        self.state = state
        self._rematch()

    def set_snapshot(self, snapshot: LibrarySnapshot) -> None:
        """Rebuild the trigger index on a worker thread (RE2 sets take a moment)."""
        self._index_request += 1
        request = self._index_request

        def build() -> None:
            index = TriggerIndex.from_snapshot(snapshot)
            return_freed_memory()
            self.post("_index_built", (request, snapshot, index))

        threading.Thread(target=build, name="trigger-index", daemon=True).start()

    def _install_index(self, payload: tuple[int, LibrarySnapshot, TriggerIndex]) -> None:
        request, snapshot, index = payload
        if request != self._index_request:
            return  # overtaken by a newer set_snapshot while it was being built
        self.cards = dict(snapshot.cards)
        self.index = index
        self._rematch()
        self.index_ready.emit((snapshot, index))

    def on_window(self, info: WindowInfo | None) -> None:
        if (
            info is None
            or self.window is None
            or info.window_id != self.window.window_id
            or (info.title != self.window.title)
        ):
            self.active_since = self.clock()
        self.window = info
        self.dnd.refresh()  # read again in the background; the dwell gives it time
        self._rematch()

    @property
    def learner(self) -> Learner:
        completed = frozenset(
            k for k, h in (self.state.cards if self.state else {}).items() if h.completed
        )
        return Learner(self.roles, completed)

    def _rematch(self) -> None:
        if self._stopped:
            return
        window = self.window
        if self.index is None or window is None or window.private:
            self.candidates = []
        else:
            self.candidates = match_window(
                self.index, self.cards, window.app, window.title, window.window_class, self.learner
            )
        self.candidates_changed.emit(self.candidates)
        self.evaluate()

    def evaluate(self) -> Decision | None:
        """Decide now; show the toast or schedule the next look."""
        self._timer.stop()
        if self._stopped or self.state is None or not self.nudges_enabled:
            return None
        now = self.clock()
        # The cached answer: reading do-not-disturb can block, never on the GUI thread.
        moment = Moment(now, self.window, self.active_since, self.dnd.quiet())
        cards = [candidate.card for candidate in self.candidates]
        decision = decide(moment, cards, self.state, self.policy)
        self.decided.emit(decision)
        if decision.card is not None and self.window is not None:
            self.record(EventKind.SHOWN, decision.card.id, PROACTIVE)
            self.toast.offer(decision.card, self.window)
        elif decision.retry_at is not None:
            delay = (decision.retry_at - now) / timedelta(milliseconds=1)
            self._timer.start(int(min(max(delay, 0) + 5, MAX_TIMER_MS)))
        return decision

    def record(
        self,
        kind: EventKind,
        card_id: str | None,
        value: str | None = None,
        comment: str | None = None,
    ) -> None:
        event = Event(kind, self.clock(), card_id, value, comment)
        self.writer.record(event)
        if self.state is not None:
            self.state = apply_event(self.state, event)
        elif self._early_events is not None:
            self._early_events.append(event)

    def snooze(self, until: datetime | None) -> None:
        """Snooze all nudges until `until` (None resumes them)."""
        self.record(EventKind.SNOOZED, None, until.isoformat() if until else "")
        if until is not None:
            self.toast.hide()
        self.evaluate()

    @property
    def snoozed_until(self) -> datetime | None:
        if self.state is None or self.state.snoozed_until is None:
            return None
        return self.state.snoozed_until if self.state.snoozed_until > self.clock() else None
