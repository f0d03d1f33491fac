"""Which screen a window belongs on, and keeping every window inside it.

Every Cuecard window fits the available geometry of its screen (the area panels and
docks leave free), title bar included, at any scale: on an 800 px tall laptop screen
at 125 % or 150 % the logical screen is only 640 or 533 px tall.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QMargins,
    QObject,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QCursor, QGuiApplication, QScreen
from PySide6.QtWidgets import QDialog, QWidget

from cuecard.models import Rect

# A window manager's frame before Qt knows the real one (the window has not been shown
# yet): a title bar and thin borders. Openbox, KWin, Mutter and Windows 11 are within it.
FRAME_GUESS = QMargins(4, 34, 4, 4)
EDGE = 8  # keep windows this far from the edges of the free area


def screen_for_native(rect: Rect | None) -> QScreen | None:
    """The screen that holds the centre of `rect` (physical pixels, as watchers report
    windows); None when it is on none of them."""
    if rect is None:
        return None
    x, y = rect.x + rect.width // 2, rect.y + rect.height // 2
    for screen in QGuiApplication.screens():
        logical = screen.geometry()
        ratio = screen.devicePixelRatio()
        # Qt keeps a screen's origin in native pixels and scales its size.
        native = QRect(
            logical.topLeft(),
            QSize(round(logical.width() * ratio), round(logical.height() * ratio)),
        )
        if native.contains(x, y):
            return screen
    return None


def active_screen(rect: Rect | None = None) -> QScreen:
    """The screen of the active window, else the one under the mouse, else the primary."""
    screen = screen_for_native(rect) or QGuiApplication.screenAt(QCursor.pos())
    return screen or QGuiApplication.primaryScreen()


def frame_margins(window: QWidget) -> QMargins:
    """The window manager's frame around `window`: measured once shown, else a guess
    (none for frameless windows)."""
    if window.isWindow() and window.isVisible():
        outer, inner = window.frameGeometry(), window.geometry()
        measured = QMargins(
            inner.left() - outer.left(),
            inner.top() - outer.top(),
            outer.right() - inner.right(),
            outer.bottom() - inner.bottom(),
        )
        if measured.top() > 1 or measured.left() > 1:
            return measured
    if window.windowFlags() & Qt.WindowType.FramelessWindowHint:
        return QMargins()
    return FRAME_GUESS


def free_area(screen: QScreen, window: QWidget) -> QRect:
    """The client area a window of this frame may take on `screen`."""
    margins = frame_margins(window)
    area = screen.availableGeometry().adjusted(EDGE, EDGE, -EDGE, -EDGE)
    return area.marginsRemoved(margins)


def fit_size(wanted: QSize, screen: QScreen, window: QWidget) -> QSize:
    """`wanted`, made smaller where the screen's free area is smaller."""
    return wanted.boundedTo(free_area(screen, window).size())


def fit_window(window: QWidget, screen: QScreen | None = None, centre: bool = False) -> None:
    """Shrink `window` to its screen's free area and move it fully inside (frame and
    title bar too); `centre` places it in the middle of that screen first."""
    screen = screen or window.screen() or QGuiApplication.primaryScreen()
    area = free_area(screen, window)
    # Never an explicit minimum size here: the layout would stop growing the window
    # when its content grows. A window whose content cannot shrink scrolls instead.
    size = window.size().boundedTo(area.size())
    if size != window.size():
        window.resize(size)
    if centre:
        top_left = QPoint(
            area.left() + (area.width() - size.width()) // 2,
            area.top() + (area.height() - size.height()) // 3,
        )
    else:
        top_left = window.geometry().topLeft()
    x = min(max(top_left.x(), area.left()), area.right() + 1 - size.width())
    y = min(max(top_left.y(), area.top()), area.bottom() + 1 - size.height())
    if not centre and (x, y) == (top_left.x(), top_left.y()):
        return  # already inside: the window manager's placement stands
    if window.isVisible():
        window.move(QPoint(x, y) - (window.geometry().topLeft() - window.pos()))
    else:
        window.move(x - frame_margins(window).left(), y - frame_margins(window).top())


def is_ours(widget: QWidget) -> bool:
    """A window Cuecard made (its classes, and Qt's dialogs it opens), not one of Qt's
    own: the tray icon's embedded window must never be moved, or clicks miss it."""
    return type(widget).__module__.startswith("cuecard.") or isinstance(widget, QDialog)


class ScreenFitter(QObject):
    """Keeps every Cuecard window inside its screen's free area when it is shown: one
    application-wide event filter, so windows added later are covered too. Menus,
    tooltips, other popups and Qt's own windows (the tray icon) place themselves."""

    _POPUPS = (Qt.WindowType.Popup, Qt.WindowType.ToolTip, Qt.WindowType.SplashScreen)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and watched.windowType() not in self._POPUPS
            and is_ours(watched)
        ):
            fit_window(watched)
            # The window manager's frame is known a moment later: fit again with it.
            QTimer.singleShot(0, lambda w=watched: _fit_if_shown(w))
        return False

    @staticmethod
    def install() -> ScreenFitter | None:
        """Install once on the running QApplication; returns the filter."""
        app = QCoreApplication.instance()
        if app is None:
            return None
        existing = app.findChild(ScreenFitter)
        if existing is not None:
            return existing
        fitter = ScreenFitter(app)
        app.installEventFilter(fitter)
        return fitter


def _fit_if_shown(window: QWidget) -> None:
    try:
        if window.isVisible():
            fit_window(window)
    except RuntimeError:
        pass  # deleted meanwhile
