"""Small helpers for top-level windows shared by the controllers."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def raise_window(window: QWidget) -> None:
    """Show a window, bring it to the front and give it the focus (a user asked for it)."""
    window.show()
    window.raise_()
    window.activateWindow()
