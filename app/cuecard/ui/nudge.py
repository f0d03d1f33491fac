"""The nudge: a small toast in the corner of the active window's screen.

It never takes focus or keyboard input from the user's window (a frameless tool window,
shown without activation and refusing focus), stays on top, and hides itself after
about 12 seconds, but not while the pointer rests on it. It names the application the
tip is for (watch/app_names.py), shows the hotkey that opens it, and has a close ×.
Every offer is also announced (`offered`), so the tray can list recent tips. Its X11
class is `cuecard` and its title starts with "Cuecard".
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

from cuecard.models import Card, Rect, WindowInfo
from cuecard.ui.plain import elide, picture_label, plain_label, tooltip, window_title
from cuecard.ui.screens import active_screen
from cuecard.ui.style import colors, named
from cuecard.watch.trigger import app_label

TIMEOUT_MS = 12_000
TOAST_WIDTH = 400
AFTER_HOVER_MS = 4_000  # time left to decide once the pointer leaves the toast
MARGIN = 24
TITLE_CHARS = 120  # a toast shows a few lines; the card window shows everything
SUMMARY_CHARS = 200


class NudgeToast(QWidget):
    """Offers one card; emits what the user chose. Reused for every nudge."""

    show_card = Signal(object)
    later = Signal(object)
    never = Signal(object)
    expired = Signal(object)
    offered = Signal(object)  # every card offered, for the tray's "Recent tips"

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
        self.close_button.clicked.connect(lambda: self._choose(self.later))
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
        self.show_button.clicked.connect(lambda: self._choose(self.show_card))
        self.later_button.clicked.connect(lambda: self._choose(self.later))
        self.never_button.clicked.connect(lambda: self._choose(self.never))
        self.setFixedWidth(TOAST_WIDTH)

    def set_hotkey(self, keys: str) -> None:
        """Show the hotkey that opens the offered card ("" when none works here)."""
        self.hotkey_hint.setText(keys)
        self.hotkey_hint.setToolTip(tooltip(f"Press {keys} in any app to open this card"))
        self.hotkey_hint.setVisible(bool(keys))

    def offer(self, card: Card, window: WindowInfo) -> None:
        """Show the toast for `card` next to `window` without taking focus."""
        self.card = card
        self.setWindowTitle(window_title(f"Cuecard: {card.title}"))
        self.heading.setText(f"Tip for {self.name_app(window)}")
        self.card_title.setText(elide(card.title, TITLE_CHARS))
        minutes = f"{card.minutes} min" if card.minutes else card.kind.capitalize()
        summary = elide(card.summary, SUMMARY_CHARS)
        self.detail.setText(f"{minutes} · {summary}" if summary else minutes)
        self.adjustSize()
        self.move(self._corner(window.geometry))
        self.show()
        self.raise_()
        self._remaining_ms = TIMEOUT_MS
        self._timer.start(TIMEOUT_MS)
        if self.underMouse():
            self._pause()
        self.offered.emit(card)

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

    def _choose(self, signal: SignalInstance) -> None:
        card = self.card
        self._timer.stop()
        self.hide()
        if card is not None:
            signal.emit(card)

    def accept_offer(self) -> bool:
        """The hotkey's way in: open the offered card if the toast is showing."""
        if self.isVisible() and self.card is not None:
            self._choose(self.show_card)
            return True
        return False

    def _expire(self) -> None:
        self.hide()
        if self.card is not None:
            self.expired.emit(self.card)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        # Clicking the toast body (not a button) opens the card, as users expect.
        if event.button() == Qt.MouseButton.LeftButton:
            self._choose(self.show_card)
