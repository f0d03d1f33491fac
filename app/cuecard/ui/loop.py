"""The just-in-time loop on the GUI thread: window -> match -> decide -> nudge -> record.

Matching and deciding are pure (cuecard.rules, cuecard.policy, cuecard.learning); this
class only keeps the current window (and, where cards name dialogs or controls, the
focused element), notices natural pauses (coming to an app from another one, coming
back from idle), schedules re-decisions (dwell, gaps, snooze end) with one timer, shows
the toast and turns the user's choices into store events.

Focus is followed only where it matters: `focus_target_changed` names the active
window's app while a trigger with element fields fits that window, else None;
`elements_wanted` says whether the library has such triggers at all. A focused element
is used only while it belongs to the followed app and the window is not private.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta

import sqlite_utils
from PySide6.QtCore import QObject, QTimer, Signal

from cuecard.a11y.base import FocusTarget
from cuecard.clock import SYSTEM_CLOCK
from cuecard.content.library import LibrarySnapshot
from cuecard.learning.model import LearningRecord, LearningSettings, Offer
from cuecard.learning.pulse import QUESTIONS
from cuecard.learning.review import ReviewItem, is_natural_pause, schedule_all
from cuecard.memory import return_freed_memory
from cuecard.models import Card, FocusedElement, WindowInfo
from cuecard.platform.dnd import DndMonitor, DndState
from cuecard.platform.idle import IdleProbe, idle_probe
from cuecard.policy.decide import decide
from cuecard.policy.model import AttentionState, Decision, Moment, PolicySettings
from cuecard.rules.index import TriggerIndex
from cuecard.rules.rank import Candidate, Learner, match_window
from cuecard.store.events import (
    FOREVER,
    HINT,
    LATER,
    PROACTIVE,
    PULSE,
    REFLECTION,
    REFRESHER,
    REVIEW,
    Event,
    EventKind,
    apply_event,
)
from cuecard.store.events import load_attention as load_state
from cuecard.store.learning import load_learning, save_sightings
from cuecard.store.writer import StoreWriter
from cuecard.ui.bridge import GuiRelay
from cuecard.ui.learner import LearnerTracker
from cuecard.ui.nudge import NudgeToast

Clock = Callable[[], datetime]
MAX_TIMER_MS = 6 * 3600 * 1000
IDLE_POLL_MS = 60_000
SHOWN_VALUE = {
    Offer.CARD: PROACTIVE,
    Offer.HINT: HINT,
    Offer.REFRESHER: REFRESHER,
    Offer.REVIEW: REVIEW,
    Offer.PULSE: PULSE,
    Offer.REFLECTION: REFLECTION,
}


Loaded = tuple[AttentionState, LearningRecord, dict[str, ReviewItem]]


def _load_all(db: sqlite_utils.Database, now: datetime, settings: LearningSettings) -> Loaded:
    """On the writer thread: both states, and the review schedule (FSRS replays)."""
    record = load_learning(db)
    return load_state(db, now), record, schedule_all(record, settings)


class NudgeLoop(GuiRelay):
    """Owns the attention state in memory; the store writer persists every change."""

    candidates_changed = Signal(object)
    index_ready = Signal(object)  # (snapshot, index) once that index is in use
    _index_built = Signal(object)
    state_loaded = Signal(object)
    decided = Signal(object)
    learning_changed = Signal()  # the record changed: reviews due, paths, sprints, pulse
    review_requested = Signal(object)  # a card: start reviewing (the toast's "Start review")
    prompt_requested = Signal(str)  # Offer value: open the pulse or the sprint note
    dnd_changed = Signal(bool)
    focus_target_changed = Signal(object)  # FocusTarget | None
    elements_wanted = Signal(bool)

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
        learning: LearningSettings | None = None,
        idle: IdleProbe | None = None,
    ) -> None:
        super().__init__(parent)
        self.learner = LearnerTracker(learning or LearningSettings())
        self.idle: IdleProbe = idle_probe() if idle is None else idle  # None: the desktop's
        self.arrived_at: datetime | None = None
        self.back_from_idle_at: datetime | None = None
        self._was_idle = False
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
        self.element: FocusedElement | None = None
        self.focus_target: FocusTarget | None = None
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
        toast.got_it.connect(lambda card: self.record(EventKind.COMPLETED, card.id))
        toast.start_review.connect(self.review_requested.emit)
        toast.prompt_chosen.connect(self._prompt_chosen)
        self._idle_timer = QTimer(self, interval=IDLE_POLL_MS)
        self._idle_timer.timeout.connect(self.check_idle)

    def start(self) -> None:
        """Load the attention state off the GUI thread; nudges wait until it is in."""

        self.dnd.start(lambda quiet: self.post("dnd_changed", quiet))
        now = self.clock()
        # Events recorded from now until the state arrives are written after it is read:
        # they are applied to it on arrival (a snooze chosen right at start-up was lost).
        self._early_events = []
        settings = self.learner.settings
        self.post_result(self.writer.call(lambda db: _load_all(db, now, settings)), "state_loaded")

    def stop(self) -> None:
        """Stop deciding: no timer, and results that arrive later are dropped."""
        self._stopped = True
        self._timer.stop()
        self._idle_timer.stop()
        self.dnd.stop()

    def _dnd_changed(self, quiet: bool) -> None:
        if not quiet:
            self.evaluate()  # do-not-disturb ended: a nudge held back may be due now

    def _install_state(self, loaded: Loaded) -> None:
        state, record, items = loaded
        self.learner.set_record(record, items)
        for event in self._early_events or ():
            state = apply_event(state, event)
            self.learner.apply(event)
        self._early_events = None
        self.state = state
        self._idle_timer.start()
        self.learning_changed.emit()
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
        self.elements_wanted.emit(index.has_element_triggers)
        self.learner.set_snapshot(snapshot)
        self.learning_changed.emit()
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
        if (
            info is not None
            and not info.private
            and (self.window is None or self.window.private or info.app != self.window.app)
        ):
            self.arrived_at = self.clock()  # came to this app from another one
        self.window = info
        self.dnd.refresh()  # read again in the background; the dwell gives it time
        self._rematch()

    def on_element(self, element: FocusedElement | None) -> None:
        """The focused element changed. When that changes which cards fit, the dwell
        starts again: a field passed through quickly earns no nudge."""
        target = self.focus_target
        if element is not None and (
            target is None or (target.pid is not None and element.pid != target.pid)
        ):
            element = None  # another app's focus, or one we no longer follow
        if element is None or self.element is None:
            unchanged = element is self.element
        else:
            unchanged = element.same_focus(self.element)
        if unchanged:
            return
        self.element = element
        before = [c.card.id for c in self.candidates]
        self._rematch(restart_dwell=before)

    def _follow(self) -> None:
        """Follow the focus of the active window's app while a trigger with element
        fields fits the window (and it is not private); else follow nothing."""
        window, index = self.window, self.index
        target = None
        if (
            index is not None
            and window is not None
            and not window.private
            and index.follows_focus(window.app, window.title, window.window_class)
        ):
            target = FocusTarget(window.pid, window.window_id)
        if target == self.focus_target:
            return
        if target is None or self.focus_target is None or target.pid != self.focus_target.pid:
            self.element = None  # it belonged to another app (or to no followed one)
        self.focus_target = target
        self.focus_target_changed.emit(target)

    def check_idle(self) -> None:
        """Poll the idle time; coming back after `idle_after` is a natural pause."""
        if self._stopped:
            return
        seconds = self.idle()
        if seconds is None:
            return
        idle = seconds >= self.learner.settings.idle_after.total_seconds()
        if self._was_idle and not idle:
            self.back_from_idle_at = self.clock()
            self.evaluate()
        self._was_idle = idle

    @property
    def ranking(self) -> Learner:
        completed = frozenset(
            k for k, h in (self.state.cards if self.state else {}).items() if h.completed
        )
        return Learner(self.roles, completed)

    def _rematch(self, restart_dwell: list[str] | None = None) -> None:
        """Match again; `restart_dwell` (the card ids before a focus change) restarts the
        dwell when the cards that fit are not the same any more."""
        if self._stopped:
            return
        self._follow()
        window = self.window
        if self.index is None or window is None or window.private:
            self.candidates = []
        else:
            self.candidates = match_window(
                self.index,
                self.cards,
                window.app,
                window.title,
                window.window_class,
                self.ranking,
                element=self.element if self.focus_target is not None else None,
            )
            rows = self.learner.sighted([c.card.id for c in self.candidates], self.clock())
            if rows:
                self.writer.call(lambda db: save_sightings(db, rows))
        if restart_dwell is not None and restart_dwell != [c.card.id for c in self.candidates]:
            self.active_since = self.clock()
        self.candidates_changed.emit(self.candidates)
        self.evaluate()

    def evaluate(self) -> Decision | None:
        """Decide now; show the toast or schedule the next look."""
        self._timer.stop()
        if self._stopped or self.state is None or not self.nudges_enabled:
            return None
        now = self.clock()
        pause = is_natural_pause(
            now, self.arrived_at, self.back_from_idle_at, self.learner.settings
        )
        # The cached answer: reading do-not-disturb can block, never on the GUI thread.
        moment = Moment(now, self.window, self.active_since, self.dnd.quiet(), pause)
        cards = [candidate.card for candidate in self.candidates]
        inputs = self.learner.inputs(now, [card.id for card in cards])
        decision = decide(moment, cards, self.state, self.policy, inputs)
        self.decided.emit(decision)
        if decision.offer is not None and self.window is not None:
            self._offer(decision, self.window, now)
        elif decision.retry_at is not None:
            delay = (decision.retry_at - now) / timedelta(milliseconds=1)
            self._timer.start(int(min(max(delay, 0) + 5, MAX_TIMER_MS)))
        return decision

    def _offer(self, decision: Decision, window: WindowInfo, now: datetime) -> None:
        offer = decision.offer
        assert offer is not None
        card = decision.card
        self.record(EventKind.SHOWN, card.id if card else None, SHOWN_VALUE[offer])
        if card is not None:
            self.toast.offer(card, window, offer)
        elif offer is Offer.PULSE:
            self.toast.offer_prompt(
                offer, "Two quick questions about your learning", " ".join(QUESTIONS), window
            )
        else:
            sprint = self.learner.reflection(now)
            name = sprint.sprint.name if sprint else "Your sprint"
            self.toast.offer_prompt(
                offer, name, "What did you apply to a real task? One line is plenty.", window
            )

    def _prompt_chosen(self, kind: str, action: str) -> None:
        if kind == Offer.PULSE and action == "skip":
            self.record(EventKind.PULSE_SKIPPED, None)
        elif action == "accept":
            self.prompt_requested.emit(kind)

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
            self.learner.apply(event)
            if kind not in (EventKind.SHOWN, EventKind.DISMISSED, EventKind.SNOOZED):
                self.learning_changed.emit()
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
