"""Look and feel shared by Cuecard windows: icons, palette-aware colours, card CSS."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QKeyEvent, QPalette
from PySide6.QtWidgets import QWidget

from cuecard.paths import AppPaths

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


def is_dark() -> bool:
    palette = QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def colors() -> Colors:
    if is_dark():
        return Colors(
            "#e8e8e8", "#a8a8a8", "#4fd1b5", "#2e3235", "#4a4f53", "#5c4300", "#ffd98a", "#4fd1b5"
        )
    return Colors(
        "#1f2328", "#59636e", "#167a69", "#f3f5f7", "#d5dade", "#fff4d6", "#7a4d00", "#167a69"
    )


def app_icon(paths: AppPaths) -> QIcon:
    return QIcon(str(paths.resource("icons", "cuecard.svg")))


def tray_icon(paths: AppPaths) -> QIcon:
    """Light glyph on dark panels, dark glyph on light panels."""
    variant = "light" if is_dark() else "dark"
    return QIcon(str(paths.resource("icons", f"cuecard-tray-{variant}.svg")))


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
    div.admonition {{ background-color: {c.surface}; padding: 6px; margin: 6px 0; }}
    p.admonition-title {{ font-weight: 700; margin: 0; }}
    td.stepbox {{ padding-right: 6px; }}
    """


class EscapeClosable(QWidget):
    """A window that closes on Esc, as every Cuecard window does."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)
