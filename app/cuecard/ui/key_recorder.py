"""A button that records a key combination for the global hotkey.

Click it, press the keys (e.g. Ctrl+Alt+K), and it holds the combination in pynput's
syntax (`<ctrl>+<alt>+k`), the form the `hotkey` setting takes. Esc cancels; a key
without Ctrl, Alt or the Super/Command key is refused (it would fire while typing),
except the function keys.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QPushButton, QWidget

from cuecard.platform.hotkey import describe
from cuecard.ui.plain import menu_text

NAMED_KEYS = {
    Qt.Key.Key_Space: "<space>",
    Qt.Key.Key_Tab: "<tab>",
    Qt.Key.Key_Return: "<enter>",
    Qt.Key.Key_Enter: "<enter>",
    Qt.Key.Key_Backspace: "<backspace>",
    Qt.Key.Key_Delete: "<delete>",
    Qt.Key.Key_Insert: "<insert>",
    Qt.Key.Key_Home: "<home>",
    Qt.Key.Key_End: "<end>",
    Qt.Key.Key_PageUp: "<page_up>",
    Qt.Key.Key_PageDown: "<page_down>",
    Qt.Key.Key_Up: "<up>",
    Qt.Key.Key_Down: "<down>",
    Qt.Key.Key_Left: "<left>",
    Qt.Key.Key_Right: "<right>",
    Qt.Key.Key_Pause: "<pause>",
    Qt.Key.Key_Print: "<print_screen>",
}
MODIFIER_KEYS = {
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_Shift,
    Qt.Key.Key_Meta,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_Super_L,
    Qt.Key.Key_Super_R,
}
PROMPT = "Press the keys…"


def modifier_names(modifiers: Qt.KeyboardModifier, platform: str = sys.platform) -> list[str]:
    """Qt's modifiers in pynput's names; on macOS Qt's Control is the Command key."""
    control, meta = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.MetaModifier
    names = []
    if modifiers & (meta if platform == "darwin" else control):
        names.append("<ctrl>")
    if modifiers & Qt.KeyboardModifier.AltModifier:
        names.append("<alt>")
    if modifiers & Qt.KeyboardModifier.ShiftModifier:
        names.append("<shift>")
    if modifiers & (control if platform == "darwin" else meta):
        names.append("<cmd>")
    return names


def key_name(key: int) -> str | None:
    """The pynput name of a non-modifier key; None for keys a hotkey cannot use."""
    if key in NAMED_KEYS:
        return NAMED_KEYS[Qt.Key(key)]
    if Qt.Key.Key_F1 <= key <= Qt.Key.Key_F24:
        return f"<f{key - Qt.Key.Key_F1 + 1}>"
    if Qt.Key.Key_A <= key <= Qt.Key.Key_Z or Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
        return chr(key).lower()
    if 0x21 <= key <= 0x7E and chr(key) not in "+<>":  # punctuation keys are their ASCII
        return chr(key)
    return None


def combination(key: int, modifiers: Qt.KeyboardModifier, platform: str = sys.platform) -> str:
    """`<ctrl>+<alt>+k` for that key press; '' when it cannot be a global hotkey."""
    name = key_name(key)
    if name is None:
        return ""
    mods = modifier_names(modifiers, platform)
    if not {"<ctrl>", "<alt>", "<cmd>"} & set(mods) and not name.startswith("<f"):
        return ""
    return "+".join([*mods, name])


class KeyRecorder(QPushButton):
    """Shows the hotkey; click, then press a combination to change it."""

    changed = Signal(str)
    recording_changed = Signal(bool)

    def __init__(self, combo: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("KeyRecorder")
        self.combo = combo
        self.recording = False
        self.setCheckable(True)
        self.clicked.connect(self._toggle)
        self._show()

    def set_combo(self, combo: str) -> None:
        self.combo = combo
        self._show()

    def _show(self) -> None:
        self.setText(PROMPT if self.recording else menu_text(describe(self.combo)))
        self.setChecked(self.recording)

    def _toggle(self) -> None:
        self._set_recording(not self.recording)

    def _set_recording(self, on: bool) -> None:
        if on == self.recording:
            self._show()
            return
        self.recording = on
        if on:
            self.grabKeyboard()
        else:
            self.releaseKeyboard()
        self._show()
        self.recording_changed.emit(on)

    def event(self, event: QEvent) -> bool:  # Tab must be recordable, not move focus
        if self.recording and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            self.keyPressEvent(event)
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if not self.recording:
            super().keyPressEvent(event)
            return
        key = event.key()
        if key == Qt.Key.Key_Escape and not event.modifiers():
            self._set_recording(False)
            return
        if key in MODIFIER_KEYS:
            return  # wait for the key that completes the combination
        combo = combination(key, event.modifiers())
        if not combo:
            self.setText("Use Ctrl, Alt or ⌘ with a key…")
            return
        self.combo = combo
        self._set_recording(False)
        self.changed.emit(combo)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        self._set_recording(False)
        super().focusOutEvent(event)
