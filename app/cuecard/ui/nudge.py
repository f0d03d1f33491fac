"""The nudge: a small toast in the corner of the active window's screen.

It never takes focus or keyboard input from the user's window (a frameless tool window,
shown without activation and refusing focus), stays on top, and hides itself after
about 12 seconds. Its X11 class is `cuecard` and its title starts with "Cuecard: ".

On Wayland a window can neither place itself nor refuse focus: the watcher back-end
asks the compositor instead (sway: rules sent over its IPC socket, see
watch/wayland_sway.py; KWin: the script in resources/kwin), recognising the toast by
the app id and title prefix in cuecard.own_windows.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QGuiApplication, QIcon, QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from cuecard.models import Card, Rect, WindowInfo
from cuecard.own_windows import TOAST_MARGIN, TOAST_TITLE_PREFIX
from cuecard.ui.plain import elide, picture_label, plain_label, window_title
from cuecard.ui.style import colors, named
from cuecard.watch.trigger import app_label

TIMEOUT_MS = 12_000
MARGIN = TOAST_MARGIN
TITLE_CHARS = 120  # a toast shows a few lines; the card window shows everything
SUMMARY_CHARS = 200


class NudgeToast(QWidget):
    """Offers one card; emits what the user chose. Reused for every nudge."""

    show_card = Signal(object)
    later = Signal(object)
    never = Signal(object)
    expired = Signal(object)

    def __init__(self, icon: QIcon, parent: QWidget | None = None) -> None:
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
            f" QPushButton#showButton {{ background: {c.accent}; color: white;"
            f" border-color: {c.accent}; font-weight: 600; }}"
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
        layout.addLayout(buttons)
        self.show_button.clicked.connect(lambda: self._choose(self.show_card))
        self.later_button.clicked.connect(lambda: self._choose(self.later))
        self.never_button.clicked.connect(lambda: self._choose(self.never))
        self.setFixedWidth(380)

    def offer(self, card: Card, window: WindowInfo) -> None:
        """Show the toast for `card` next to `window` without taking focus."""
        self.card = card
        self.setWindowTitle(window_title(f"{TOAST_TITLE_PREFIX}{card.title}"))
        self.heading.setText(f"Tip for {app_label(window)}")
        self.card_title.setText(elide(card.title, TITLE_CHARS))
        minutes = f"{card.minutes} min" if card.minutes else card.kind.capitalize()
        summary = elide(card.summary, SUMMARY_CHARS)
        self.detail.setText(f"{minutes} · {summary}" if summary else minutes)
        self.adjustSize()
        self.move(self._corner(window.geometry))
        self.show()
        self.raise_()
        self._timer.start()

    def _corner(self, geometry: Rect | None) -> QPoint:
        screen = None
        if geometry is not None:
            center = QRect(geometry.x, geometry.y, geometry.width, geometry.height).center()
            screen = QGuiApplication.screenAt(center)
        area = (screen or QGuiApplication.primaryScreen()).availableGeometry()
        return QPoint(area.right() - self.width() - MARGIN, area.bottom() - self.height() - MARGIN)

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
