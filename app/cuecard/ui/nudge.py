"""The nudge: a small toast in the corner of the active window's screen.

It never takes focus or keyboard input from the user's window (a frameless tool window,
shown without activation and refusing focus), stays on top, and hides itself after
about 12 seconds, but not while the pointer rests on it. It names the application the
tip is for (watch/app_names.py), shows the hotkey that opens it, and has a close ×.
Every offer is also announced (`offered`), so the tray can list recent tips. Its X11
class is `cuecard` and its title starts with "Cuecard: ".

What it offers (cuecard.learning.model.Offer): a card in full, a compact hint for a card
done before, a refresher, a due review, or a prompt (the pulse, a sprint's end). Each
choice is one signal; expiring counts as "Later".

On Wayland a window can neither place itself nor refuse focus: the watcher back-end
asks the compositor instead (sway: rules sent over its IPC socket, see
watch/wayland_sway.py; KWin: the script in resources/kwin), recognising the toast by
the app id and title prefix in cuecard.own_windows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QEnterEvent, QIcon, QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cuecard.learning.model import Offer
from cuecard.models import Card, Rect, WindowInfo
from cuecard.own_windows import TOAST_MARGIN, TOAST_TITLE_PREFIX
from cuecard.ui.plain import elide, picture_label, plain_label, tooltip, window_title
from cuecard.ui.screens import active_screen
from cuecard.ui.style import colors, named
from cuecard.watch.trigger import app_label

TIMEOUT_MS = 12_000
TOAST_WIDTH = 400
AFTER_HOVER_MS = 4_000  # time left to decide once the pointer leaves the toast
MARGIN = TOAST_MARGIN
TITLE_CHARS = 120  # a toast shows a few lines; the card window shows everything
SUMMARY_CHARS = 200


class NudgeToast(QWidget):
    """Offers one card; emits what the user chose. Reused for every nudge."""

    show_card = Signal(object)
    later = Signal(object)
    never = Signal(object)
    expired = Signal(object)
    offered = Signal(object)  # every card offered, for the tray's "Recent tips"
    got_it = Signal(object)  # a hint answered "I've got it": done without the steps
    start_review = Signal(object)
    review_later = Signal(object)
    prompt_chosen = Signal(str, str)  # (Offer value, "accept" | "later" | "skip")

    def __init__(
        self,
        icon: QIcon,
        parent: QWidget | None = None,
        name_app: Callable[[WindowInfo], str] = app_label,
    ) -> None:
        super().__init__(
            parent,
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.WindowDoesNotAcceptFocus,
        )
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setObjectName("NudgeToast")
        self.card: Card | None = None
        self.name_app = name_app
        self._remaining_ms = TIMEOUT_MS  # left when the pointer came in
        self.kind: Offer = Offer.CARD
        self._timer = QTimer(self, singleShot=True, interval=TIMEOUT_MS)
        self._timer.timeout.connect(self._expire)
        self._build(icon)

    def _build(self, icon: QIcon) -> None:
        c = colors()
        frame = QFrame(self)
        frame.setObjectName("toastFrame")
        frame.setStyleSheet(
            f"#toastFrame {{ background: {c.surface}; border: 1px solid {c.border};"
            f" border-radius: 12px; }} QLabel {{ color: {c.text}; }}"
            f" QPushButton {{ padding: 5px 12px; border-radius: 6px; border: 1px solid"
            f" {c.border}; background: transparent; color: {c.text}; }}"
            f" QPushButton#showButton {{ background: {c.accent}; color: {c.on_accent};"
            f" border-color: {c.accent}; font-weight: 600; }}"
            f" QToolButton#closeButton {{ border: none; color: {c.muted}; font-size: 14px;"
            f" padding: 0 4px; }} QToolButton#closeButton:hover {{ color: {c.text}; }}"
        )
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(6)
        header = QHBoxLayout()
        logo = picture_label(icon.pixmap(20, 20))
        header.addWidget(logo)
        self.heading = named(plain_label(), "heading")
        self.heading.setStyleSheet(f"color: {c.muted}; font-size: 12px;")
        header.addWidget(self.heading, 1)
        self.close_button = named(QToolButton(), "closeButton")
        self.close_button.setText("✕")
        self.close_button.setToolTip(tooltip("Close (Cuecard asks again later)"))
        self.close_button.setAccessibleName("Close")
        self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.close_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.close_button.clicked.connect(self._close)
        header.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(header)
        self.card_title = named(plain_label(word_wrap=True), "cardTitle")
        self.card_title.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.detail = named(plain_label(word_wrap=True), "detail")
        self.detail.setStyleSheet(f"color: {c.muted};")
        layout.addWidget(self.card_title)
        layout.addWidget(self.detail)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        self.show_button = named(QPushButton("Show"), "showButton")
        self.later_button = named(QPushButton("Later"), "laterButton")
        self.never_button = named(QPushButton("Don't show again"), "neverButton")
        for button in (self.show_button, self.later_button, self.never_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.hotkey_hint = named(plain_label(), "hotkeyHint")
        self.hotkey_hint.setStyleSheet(f"color: {c.muted}; font-size: 11px;")
        self.hotkey_hint.setVisible(False)
        buttons.addWidget(self.hotkey_hint)
        layout.addLayout(buttons)
        self.show_button.clicked.connect(lambda: self._choose("accept"))
        self.later_button.clicked.connect(lambda: self._choose("later"))
        self.never_button.clicked.connect(lambda: self._choose("never"))
        self.setFixedWidth(TOAST_WIDTH)

    def set_hotkey(self, keys: str) -> None:
        """Show the hotkey that opens the offered card ("" when none works here)."""
        self.hotkey_hint.setText(keys)
        self.hotkey_hint.setToolTip(tooltip(f"Press {keys} in any app to open this card"))
        self.hotkey_hint.setVisible(bool(keys))

    def offer(self, card: Card, window: WindowInfo, kind: Offer = Offer.CARD) -> None:
        """Show the toast for `card` next to `window` without taking focus: in full, as a
        hint, as a refresher or as a review prompt."""
        self.card = card
        self.kind = kind
        self.setWindowTitle(window_title(f"{TOAST_TITLE_PREFIX}{card.title}"))
        app = self.name_app(window)
        self.card_title.setText(elide(card.title, TITLE_CHARS))
        minutes = f"{card.minutes} min" if card.minutes else card.kind.capitalize()
        summary = elide(card.summary, SUMMARY_CHARS)
        full = f"{minutes} · {summary}" if summary else minutes
        heading, detail, buttons = {
            Offer.HINT: (
                f"Tip for {app}",
                "You've done this before. Need the steps?",
                ("Show steps", "I've got it", "Don't show again"),
            ),
            Offer.REFRESHER: (
                f"Refresher for {app}",
                f"It has been a while. {full}",
                ("Show", "Later", "Don't show again"),
            ),
            Offer.REVIEW: (
                "Quick review",
                "One question to keep it fresh; about a minute.",
                ("Start review", "Later", ""),
            ),
        }.get(kind, (f"Tip for {app}", full, ("Show", "Later", "Don't show again")))
        if card.required and kind is Offer.CARD:
            due = f", due {card.due.isoformat()}" if card.due else ""
            heading = f"Required{due}: for {app}"
            buttons = ("Show", "Later", "")
        self._present(heading, detail, buttons, window.geometry)
        if kind in (Offer.CARD, Offer.HINT, Offer.REFRESHER):
            self.offered.emit(card)

    def offer_prompt(self, kind: Offer, title: str, detail: str, window: WindowInfo | None) -> None:
        """The pulse or a sprint's end: not about a card; Answer, Later or Skip."""
        self.card = None
        self.kind = kind
        self.setWindowTitle(window_title(f"{TOAST_TITLE_PREFIX}{title}"))
        self.card_title.setText(elide(title, TITLE_CHARS))
        heading = "Cuecard pulse" if kind is Offer.PULSE else "Your sprint has ended"
        skip = "Skip this month" if kind is Offer.PULSE else ""
        accept = "Answer" if kind is Offer.PULSE else "Write it"
        self._present(heading, detail, (accept, "Later", skip), window.geometry if window else None)

    def _present(
        self, heading: str, detail: str, buttons: tuple[str, str, str], geometry: Rect | None
    ) -> None:
        self.heading.setText(heading)
        self.detail.setText(detail)
        for button, text in zip(
            (self.show_button, self.later_button, self.never_button), buttons, strict=True
        ):
            button.setText(text)
            button.setVisible(bool(text))
        self.adjustSize()
        self.move(self._corner(geometry))
        self.show()
        self.raise_()
        self._remaining_ms = TIMEOUT_MS
        self._timer.start(TIMEOUT_MS)
        if self.underMouse():
            self._pause()

    def _corner(self, geometry: Rect | None) -> QPoint:
        area = active_screen(geometry).availableGeometry()
        return QPoint(area.right() - self.width() - MARGIN, area.bottom() - self.height() - MARGIN)

    @property
    def paused(self) -> bool:
        """True while the pointer rests on the toast: it stays until the pointer leaves."""
        return self.isVisible() and not self._timer.isActive()

    def _pause(self) -> None:
        if self._timer.isActive():
            self._remaining_ms = self._timer.remainingTime()
            self._timer.stop()

    def enterEvent(self, event: QEnterEvent) -> None:  # noqa: N802 (Qt override)
        self._pause()
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if self.isVisible() and not self._timer.isActive():
            self._timer.start(max(self._remaining_ms, AFTER_HOVER_MS))
        super().leaveEvent(event)

    def _close(self) -> None:
        """The ×: not now, whatever was offered (a hint's "later" means "I've got it")."""
        card, kind = self.card, self.kind
        self._timer.stop()
        self.hide()
        if kind in (Offer.PULSE, Offer.REFLECTION):
            self.prompt_chosen.emit(kind.value, "later")
        elif card is not None:
            (self.review_later if kind is Offer.REVIEW else self.later).emit(card)

    def _choose(self, action: str) -> None:
        """Hide, then emit what the learner chose for what was offered."""
        card, kind = self.card, self.kind
        self._timer.stop()
        self.hide()
        if kind in (Offer.PULSE, Offer.REFLECTION):
            self.prompt_chosen.emit(kind.value, "skip" if action == "never" else action)
            return
        if card is None:
            return
        signal: SignalInstance
        if kind is Offer.REVIEW:
            signal = self.start_review if action == "accept" else self.review_later
        elif kind is Offer.HINT and action == "later":
            signal = self.got_it
        else:
            signal = {"accept": self.show_card, "later": self.later, "never": self.never}[action]
        signal.emit(card)

    def accept_offer(self) -> bool:
        """The hotkey's way in: take the offer (open the card, start the review, answer
        the prompt) if the toast is showing."""
        if self.isVisible() and (
            self.card is not None or self.kind in (Offer.PULSE, Offer.REFLECTION)
        ):
            self._choose("accept")
            return True
        return False

    def _expire(self) -> None:
        self.hide()
        if self.kind in (Offer.PULSE, Offer.REFLECTION):
            self.prompt_chosen.emit(self.kind.value, "later")
        elif self.card is not None:
            self.expired.emit(self.card)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        # Clicking the toast body (not a button) opens the card, as users expect.
        if event.button() == Qt.MouseButton.LeftButton:
            self._choose("accept")
