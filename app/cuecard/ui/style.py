"""Look and feel shared by Cuecard windows: icons, palette-aware colours, card CSS."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import QObject, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleHintReturn,
    QStyleOption,
    QWidget,
)

from cuecard.paths import AppPaths
from cuecard.ui.gui_owned import GuiThreadOwned

NamedT = TypeVar("NamedT", bound=QObject)


def named(widget: NamedT, name: str) -> NamedT:
    """Give a widget an object name (for style sheets and tests) inline."""
    widget.setObjectName(name)
    return widget


@dataclass(frozen=True)
class Colors:
    """Colours that follow the desktop's light or dark palette."""

    text: str
    muted: str
    accent: str
    surface: str
    border: str
    warning_bg: str
    warning_text: str
    done: str
    on_accent: str  # text on an accent-coloured button
    error_bg: str
    error_text: str
    window: str  # the window background (the palette's)


def is_dark() -> bool:
    palette = QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def colors() -> Colors:
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window).name()
    if is_dark():
        return Colors(
            text="#e8e8e8",
            muted="#a8a8a8",
            accent="#4fd1b5",
            surface="#2e3235",
            border="#4a4f53",
            warning_bg="#5c4300",
            warning_text="#ffd98a",
            done="#4fd1b5",
            on_accent="#0b1f1a",
            error_bg="#5a1d1d",
            error_text="#ffb4ab",
            window=window,
        )
    return Colors(
        text="#1f2328",
        muted="#59636e",
        accent="#167a69",
        surface="#f3f5f7",
        border="#d5dade",
        warning_bg="#fff4d6",
        warning_text="#7a4d00",
        done="#167a69",
        on_accent="#ffffff",
        error_bg="#ffe1de",
        error_text="#8c1d18",
        window=window,
    )


def app_icon(paths: AppPaths) -> QIcon:
    return QIcon(str(paths.resource("icons", "cuecard.svg")))


def tray_icon(paths: AppPaths) -> QIcon:
    """Light glyph on dark panels, dark glyph on light panels."""
    variant = "light" if is_dark() else "dark"
    return QIcon(str(paths.resource("icons", f"cuecard-tray-{variant}.svg")))


BADGE_SIZES = (16, 22, 24, 32, 48, 64)


def badged_icon(icon: QIcon, colour: str, text: str) -> QIcon:
    """A copy of `icon` with a dot in the lower right corner (a count in it when there is
    room), as docks and trays show unread or broken things."""
    badged = QIcon()
    done: set[tuple[int, int]] = set()
    for wanted in BADGE_SIZES:
        pixmap = icon.pixmap(QSize(wanted, wanted)).copy()  # never paint on a cached one
        # An icon never grows: asked for 64 px, a 32 px one gives 32 px again.
        size = (pixmap.width(), pixmap.height())
        if pixmap.isNull() or size in done:
            continue
        done.add(size)
        side = min(size) / pixmap.devicePixelRatio()
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        diameter = side * 0.56
        dot = QRectF(side - diameter, side - diameter, diameter, diameter)
        painter.setPen(QColor("#ffffff"))
        painter.setBrush(QColor(colour))
        painter.drawEllipse(dot.adjusted(0.5, 0.5, -0.5, -0.5))
        if text and side >= 22:
            font = QFont()
            font.setBold(True)
            font.setPixelSize(max(int(diameter * 0.7), 7))
            painter.setFont(font)
            painter.drawText(dot, Qt.AlignmentFlag.AlignCenter, text)
        painter.end()
        badged.addPixmap(pixmap)
    return badged


def card_css() -> str:
    c = colors()
    return f"""
    body {{ color: {c.text}; }}
    p, li {{ line-height: 140%; }}
    h1, h2, h3, h4 {{ color: {c.text}; margin-top: 10px; margin-bottom: 4px; }}
    h3.step {{ font-size: 15px; margin: 0; }}
    h3.step-done {{ font-size: 15px; margin: 0; color: {c.muted}; }}
    a {{ color: {c.accent}; }}
    a.check {{ text-decoration: none; font-size: 20px; color: {c.accent}; }}
    code, pre {{ font-family: monospace; background-color: {c.surface}; }}
    pre {{ padding: 6px; }}
    kbd {{ font-family: monospace; font-weight: 600; background-color: {c.surface};
           color: {c.text}; }}
    table.md {{ border-color: {c.border}; }}
    th {{ background-color: {c.surface}; text-align: left; padding: 4px; }}
    td {{ padding: 4px; }}
    p.admonition-title {{ font-weight: 700; margin-top: 0; margin-bottom: 0; }}
    table.note p {{ margin-top: 4px; margin-bottom: 4px; }}
    td.stepbox {{ padding-right: 6px; }}
    pre.code {{ margin: 0; font-size: 13px; }}
    a.copy {{ font-size: 12px; font-weight: 600; text-decoration: none; }}
    td.lang {{ font-size: 11px; color: {c.muted}; font-family: monospace; }}
    """


class PlainButtonsStyle(QProxyStyle):
    """The desktop's style, with words only on dialog buttons: some styles put a floppy
    disk on Save, a red X on Cancel and a tick on OK."""

    def styleHint(  # noqa: N802 (Qt override)
        self,
        hint: QStyle.StyleHint,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
        returnData: QStyleHintReturn | None = None,  # noqa: N803 (Qt's name)
    ) -> int:
        if hint == QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons:
            return 0
        return super().styleHint(hint, option, widget, returnData)

    @staticmethod
    def install() -> None:
        """Wrap the application's style once (again after a new style was set)."""
        app = QApplication.instance()
        if isinstance(app, QApplication) and not isinstance(app.style(), PlainButtonsStyle):
            app.setStyle(PlainButtonsStyle(app.style().name()))


def dialog_flags() -> Qt.WindowType:
    """A dialog's title bar: a title and a close box, no maximise or help button."""
    return (
        Qt.WindowType.Dialog
        | Qt.WindowType.CustomizeWindowHint
        | Qt.WindowType.WindowTitleHint
        | Qt.WindowType.WindowCloseButtonHint
    )


class EscapeClosable(GuiThreadOwned, QWidget):
    """A window that closes on Esc, as every Cuecard window does; deleted on the GUI
    thread even when a worker's callback held it last (see gui_owned.py)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)
