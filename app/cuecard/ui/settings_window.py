"""The Settings window: the user's own settings in plain words.

Attention budget, quiet hours, the hotkey (with a key recorder), starting at login,
content folders and what Cuecard never looks at. A setting IT has locked (a site file's
`locked:` or an OS policy) is shown greyed with "Set by your organisation". The window
never writes anything itself: OK and Apply emit `apply_requested` with the changed keys;
the controller writes the user's file and applies them to the running app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from cuecard.settings import (
    DEFAULT_APPS,
    DEFAULT_HOTKEY,
    DEFAULT_TITLES,
    Settings,
    parse_quiet_hours,
)
from cuecard.ui.key_recorder import KeyRecorder
from cuecard.ui.plain import plain_label, tooltip
from cuecard.ui.style import EscapeClosable, named

MANAGED = "Set by your organisation"
BUDGET_KEYS = ("nudges.per_hour", "nudges.per_day", "nudges.min_gap_minutes")
LEARNING_SWITCHES = (
    ("learning.fading", "Step back on cards I already know: a short hint, then nothing"),
    ("review.enabled", "Bring back what I completed as short reviews, spaced out"),
    ("pulse.enabled", "Ask me two questions about my learning once a month"),
)
BUILTIN = {"privacy.exclude_apps": DEFAULT_APPS, "privacy.exclude_titles": DEFAULT_TITLES}


@dataclass(frozen=True)
class SettingsChange:
    """What the user changed: setting keys with new values, and the login choice."""

    values: dict[str, Any] = field(default_factory=dict)
    autostart: bool | None = None

    def __bool__(self) -> bool:
        return bool(self.values) or self.autostart is not None


def pause_text(until: date, today: date) -> str:
    """'Nudges paused by your organisation until 7 July' (the year when it is not this
    one's)."""
    day = f"{until.day} {until:%B}" + (f" {until.year}" if until.year != today.year else "")
    return f"Nudges paused by your organisation until {day}"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class SettingsWindow(EscapeClosable):
    """Shows `settings`; emits the user's changes when OK or Apply is pressed."""

    apply_requested = Signal(object)  # SettingsChange

    def __init__(
        self,
        settings: Settings,
        starts_at_login: bool,
        today: date,
        hotkey_problem: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("SettingsWindow")
        self.setWindowTitle("Settings — Cuecard")
        self._today = today
        self._notes: dict[str, tuple[QWidget, list[QWidget]]] = {}
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        self.pause = named(plain_label(word_wrap=True), "orgPause")
        self.pause.setStyleSheet(
            "QLabel { border: 1px solid palette(mid); border-radius: 6px; padding: 6px; }"
        )
        layout.addWidget(self.pause)
        # The groups scroll when the screen is short (an 800 px laptop at 150 % leaves
        # about 500 px); the buttons stay in view.
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        column.addWidget(self._nudges_group())
        column.addWidget(self._learning_group())
        column.addWidget(self._keys_group(hotkey_problem))
        column.addWidget(self._folders_group())
        column.addWidget(self._privacy_group())
        scroll = named(QScrollArea(), "groups")
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(scroll, 1)
        self.status = named(plain_label(word_wrap=True), "status")
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.Apply
        )
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.close)
        self.apply_button = buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.clicked.connect(self._apply)
        layout.addWidget(buttons)
        self.show_settings(settings, starts_at_login)
        # As tall as the groups need; the screen fitter shortens it on a short screen.
        self.resize(self.width(), body.sizeHint().height() + buttons.sizeHint().height() + 80)

    # Building -------------------------------------------------------------------------

    def _managed_note(self, name: str) -> QWidget:
        note = named(plain_label(MANAGED), f"managed:{name}")
        note.setEnabled(False)
        return note

    def _row(self, form: QFormLayout, label: str, widget: QWidget, key: str) -> None:
        row = QHBoxLayout()
        row.addWidget(widget)
        note = self._managed_note(key)
        row.addWidget(note)
        row.addStretch(1)
        form.addRow(label, row)
        self._notes[key] = (note, [widget])

    def _nudges_group(self) -> QGroupBox:
        group = QGroupBox("Cards offered while you work")
        form = QFormLayout(group)
        self.nudges_enabled = named(QCheckBox("Offer cards for the app I am using"), "nudgesOn")
        self._row(form, "", self.nudges_enabled, "nudges.enabled")
        self.budget: dict[str, QSpinBox] = {}
        labels = {
            "nudges.per_hour": ("At most, an hour:", " cards", 20),
            "nudges.per_day": ("At most, a day:", " cards", 100),
            "nudges.min_gap_minutes": ("Time between two:", " minutes", 480),
        }
        for key, (label, suffix, most) in labels.items():
            spin = named(QSpinBox(), key)
            spin.setRange(0, most)
            spin.setSuffix(suffix)
            self.budget[key] = spin
            self._row(form, label, spin, key)
        quiet = QWidget()
        quiet_row = QHBoxLayout(quiet)
        quiet_row.setContentsMargins(0, 0, 0, 0)
        self.quiet_on = named(QCheckBox("from"), "quietOn")
        self.quiet_start = named(QTimeEdit(), "quietStart")
        self.quiet_end = named(QTimeEdit(), "quietEnd")
        for edit in (self.quiet_start, self.quiet_end):
            edit.setDisplayFormat("HH:mm")
        for widget in (self.quiet_on, self.quiet_start, plain_label("to"), self.quiet_end):
            quiet_row.addWidget(widget)
        self.quiet_on.toggled.connect(self._quiet_toggled)
        self._row(form, "Quiet hours:", quiet, "nudges.quiet_hours")
        self.nudges_enabled.toggled.connect(self._budget_toggled)
        return group

    def _learning_group(self) -> QGroupBox:
        """Fading, spaced review and the pulse (docs/learning.md)."""
        group = QGroupBox("Learning")
        form = QFormLayout(group)
        self.learning_checks: dict[str, QCheckBox] = {}
        for key, label in LEARNING_SWITCHES:
            box = named(QCheckBox(label), key)
            self.learning_checks[key] = box
            self._row(form, "", box, key)
        return group

    def _keys_group(self, hotkey_problem: str) -> QGroupBox:
        group = QGroupBox("Keyboard and login")
        form = QFormLayout(group)
        hotkey = QWidget()
        row = QHBoxLayout(hotkey)
        row.setContentsMargins(0, 0, 0, 0)
        self.hotkey = KeyRecorder(DEFAULT_HOTKEY)
        self.hotkey.setToolTip(tooltip("Click, then press the keys you want"))
        self.hotkey_reset = named(QPushButton("Default"), "hotkeyReset")
        self.hotkey_reset.clicked.connect(lambda: self.hotkey.set_combo(DEFAULT_HOTKEY))
        row.addWidget(self.hotkey)
        row.addWidget(self.hotkey_reset)
        self._row(form, "Hotkey for cards:", hotkey, "hotkey")
        if hotkey_problem:
            form.addRow(named(plain_label(hotkey_problem, word_wrap=True), "hotkeyProblem"))
        self.autostart = named(QCheckBox("Start Cuecard when I log in"), "autostart")
        self._row(form, "", self.autostart, "autostart")
        return group

    def _folders_group(self) -> QGroupBox:
        group = QGroupBox("Content folders")
        column = QVBoxLayout(group)
        column.addWidget(
            plain_label(
                "Cards from these folders are added to the built-in ones and your own "
                "folder; a later folder wins when two have the same card.",
                word_wrap=True,
            )
        )
        row = QHBoxLayout()
        self.folders = named(QListWidget(), "folders")
        self.folders.setMaximumHeight(90)
        buttons = QVBoxLayout()
        self.add_folder = named(QPushButton("Add…"), "addFolder")
        self.remove_folder = named(QPushButton("Remove"), "removeFolder")
        self.add_folder.clicked.connect(self._choose_folder)
        self.remove_folder.clicked.connect(lambda: self.folders.takeItem(self.folders.currentRow()))
        buttons.addWidget(self.add_folder)
        buttons.addWidget(self.remove_folder)
        buttons.addStretch(1)
        row.addWidget(self.folders, 1)
        row.addLayout(buttons)
        column.addLayout(row)
        note = self._managed_note("content.roots")
        column.addWidget(note)
        self._notes["content.roots"] = (note, [self.folders, self.add_folder, self.remove_folder])
        return group

    def _privacy_group(self) -> QGroupBox:
        group = QGroupBox("Never look at")
        form = QFormLayout(group)
        form.addRow(
            plain_label(
                "Password managers and private browser windows are always left alone. "
                "Add more, one per line; * matches any text.",
                word_wrap=True,
            )
        )
        self.exclusions: dict[str, QPlainTextEdit] = {}
        for key, label, example in (
            ("privacy.exclude_apps", "Apps:", "e.g. payroll-client"),
            ("privacy.exclude_titles", "Window titles:", "e.g. *Salary review*"),
        ):
            edit = named(QPlainTextEdit(placeholderText=example), key)
            edit.setFixedHeight(56)
            self.exclusions[key] = edit
            self._row(form, label, edit, key)
        return group

    # Showing and reading ------------------------------------------------------------

    def show_settings(self, settings: Settings, starts_at_login: bool) -> None:
        """Fill every field from `settings`; grey out what IT has set."""
        self._settings = settings
        self._starts_at_login = starts_at_login
        get = settings.get
        paused_until = settings.get("nudges.paused_until")
        until = date.fromisoformat(paused_until) if paused_until else None
        paused = until is not None and until >= self._today
        self.pause.setVisible(paused)
        if until is not None and paused:
            self.pause.setText(pause_text(until, self._today) + "; you can still search.")
        self.nudges_enabled.setChecked(bool(get("nudges.enabled")))
        for key, spin in self.budget.items():
            spin.setValue(int(get(key)))
        quiet = parse_quiet_hours(get("nudges.quiet_hours"))
        start, end = quiet or (time(18, 0), time(8, 30))
        self.quiet_start.setTime(QTime(start.hour, start.minute))
        self.quiet_end.setTime(QTime(end.hour, end.minute))
        self.quiet_on.setChecked(quiet is not None)
        for key, box in self.learning_checks.items():
            box.setChecked(bool(get(key)))
        self.hotkey.set_combo(get("hotkey"))
        self.autostart.setChecked(starts_at_login)
        self.folders.clear()
        self.folders.addItems([str(root) for root in get("content.roots")])
        for key, edit in self.exclusions.items():
            extra = [p for p in get(key) if p not in BUILTIN[key]]
            edit.setPlainText("\n".join(extra))
        for key, (note, widgets) in self._notes.items():
            locked = settings.is_locked(key)
            note.setVisible(locked)
            note.setToolTip(tooltip(f"{MANAGED}: {settings.sources[key]}"))
            for widget in widgets:
                widget.setEnabled(not locked)
        self._quiet_toggled(self.quiet_on.isChecked())
        self._budget_toggled(self.nudges_enabled.isChecked())
        self.status.setText("")

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        # Wrapped labels need more height at this width than the size hint says.
        layout = self.layout()
        needed = layout.totalHeightForWidth(self.width()) if layout is not None else 0
        if needed > self.height():
            self.resize(self.width(), needed)

    def _quiet_toggled(self, on: bool) -> None:
        editable = not self._settings.is_locked("nudges.quiet_hours")
        self.quiet_start.setEnabled(on and editable)
        self.quiet_end.setEnabled(on and editable)

    def _budget_toggled(self, on: bool) -> None:
        for key, spin in self.budget.items():
            spin.setEnabled(on and not self._settings.is_locked(key))

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a content folder")
        if folder:
            self.folders.addItem(folder)

    def current_values(self) -> dict[str, Any]:
        """Every setting the window edits, as it shows them now."""
        start, end = self.quiet_start.time(), self.quiet_end.time()
        quiet = f"{start.toString('HH:mm')}-{end.toString('HH:mm')}"
        values: dict[str, Any] = {
            "nudges.enabled": self.nudges_enabled.isChecked(),
            **{key: spin.value() for key, spin in self.budget.items()},
            "nudges.quiet_hours": quiet if self.quiet_on.isChecked() else "",
            **{key: box.isChecked() for key, box in self.learning_checks.items()},
            "hotkey": self.hotkey.combo,
            "content.roots": [self.folders.item(i).text() for i in range(self.folders.count())],
        }
        for key, edit in self.exclusions.items():
            values[key] = _lines(edit.toPlainText())
        return values

    def change(self) -> SettingsChange:
        """What differs from the settings shown (locked keys never count)."""
        settings = self._settings
        changed = {}
        for key, value in self.current_values().items():
            before = settings.get(key)
            if key in BUILTIN:
                before = [p for p in before if p not in BUILTIN[key]]
            if value != before and not settings.is_locked(key):
                changed[key] = value
        login = self.autostart.isChecked()
        autostart = None
        if login != self._starts_at_login and not settings.is_locked("autostart"):
            autostart = login
        return SettingsChange(changed, autostart)

    def _apply(self) -> bool:
        change = self.change()
        if change:
            self.apply_requested.emit(change)
        return True

    def _ok(self) -> None:
        self._apply()
        if not self.status.text():
            self.close()

    def show_result(self, problem: str) -> None:
        """After the controller applied a change: '' (fine) or what went wrong."""
        self.status.setText(problem)
