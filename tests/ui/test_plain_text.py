"""Outside text (window titles, card fields, queries, the user's log) never renders as
markup: every window is shown with hostile text, then every widget, action, item,
tooltip and window title under it is checked (see widget_text.py)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from tests.conftest import REPO, write_card
from tests.ui.widget_text import Shown, label_kind, menu_texts, tip, window_texts

from cuecard.context import AppContext
from cuecard.models import WindowInfo
from cuecard.store.log import add_entry
from cuecard.ui import plain
from cuecard.ui.bridge import LibraryService
from cuecard.ui.card_window import CardWindow
from cuecard.ui.controller import TrayController
from cuecard.ui.nudge import TOAST_WIDTH
from cuecard.ui.plain import menu_text, plain_label, tooltip, tray_message, window_title
from cuecard.ui.preview import PreviewController
from cuecard.ui.report_dialog import ReportOutdatedDialog
from cuecard.watch.base import BackendChoice
from cuecard.watch.privacy import PrivacyRules, PrivateWatcher
from cuecard.watch.scripted import ScriptedWatcher

QuitAfter = Callable[[TrayController], TrayController]
MARK = "HOSTILE"
# Bold, an image 999 px high (b.png exists in the working directory), '&' (a shortcut
# in menus), '[*]' (a window title placeholder) and a link to a local file.
HOSTILE = (
    f'<b>{MARK}</b><img src=b.png height=999> Fish & Chips [*] <a href="file:///etc/passwd">x</a>'
)
# An xterm's title is set by whatever runs in it; the toast shows its last part.
WINDOW_TITLE = f"Quarterly Forecast.ods - <b>{MARK}</b><img src=b.png height=999>"
CARD = f"""---
id: evil
title: '{HOSTILE}'
summary: '{HOSTILE}'
owner: '{HOSTILE}'
tags: ['{HOSTILE}']
minutes: 2
when:
  - app: xterm
'{HOSTILE}': an unknown key, so the problem message quotes it
---
# Heading

Body text.
"""


def check(shown: Iterable[Shown]) -> tuple[set[str], list[str]]:
    """Where the hostile text showed (the windows), and every place that read markup."""
    found, wrong = set(), []
    for item in shown:
        document = item.document
        # The app's own links (cuecard-card:3, cuecard-log:) are fine: a number, no text.
        own_link = r"<a\s(?=[^>]*href=\"cuecard-[a-z]+:\d*\")"
        if document is not None and re.search(rf"<img|(?!{own_link})<a\s", document.toHtml()):
            wrong.append(f"{item.where}: an image or link in {item.text!r}")
        text = item.visible.lower()
        if MARK.lower() in text:
            found.add(item.where.split("/")[0])
        for part, whole in (
            (MARK.lower(), f"<b>{MARK.lower()}</b><img src=b.png height=999>"),
            ("chips", "fish & chips [*]"),
            ("passwd", '<a href="file:///etc/passwd">x</a>'),
        ):
            if part in text and whole not in text:
                wrong.append(f"{item.where}: {item.text!r} shows as {item.visible!r}")
    return found, wrong


def modal_texts(open_modal: Callable[[], object], kind: type[QDialog], where: str) -> list[Shown]:
    """Run `open_modal` (which shows a modal `kind` dialog), collect the dialog's texts
    and cancel it."""
    walked: list[Shown] = []

    def walk() -> None:
        dialogs = [w for w in QApplication.allWidgets() if isinstance(w, kind)]
        dialog = next((d for d in dialogs if d.isVisible()), None)
        if dialog is not None:
            timer.stop()
            walked.extend(window_texts(dialog, where))
            dialog.done(QDialog.DialogCode.Rejected)

    timer = QTimer(interval=10)
    timer.timeout.connect(walk)
    timer.start()
    open_modal()  # modal: returns once `walk` has cancelled it
    assert walked, f"the {where} dialog was walked"
    return walked


def report_outdated_dialog(window: CardWindow) -> list[Shown]:
    """Open the card window's report dialog, collect its texts and cancel it."""
    return modal_texts(window._ask_outdated, ReportOutdatedDialog, "report outdated")


@pytest.mark.parametrize("tray", [True, False], ids=["tray", "no-tray"])
def test_every_window_shows_outside_text_as_plain_text(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    quit_after: QuitAfter,
    tray: bool,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert QImage(8, 8, QImage.Format.Format_RGB32).save(str(tmp_path / "b.png"))
    root = tmp_path / "content"
    card_file = write_card(root, "evil.md", CARD)
    settings = tmp_path / "settings.yaml"
    # Folders and exclusions the user typed are shown in the Settings window.
    settings.write_text(
        f"content.builtin: false\ncontent.roots: ['{HOSTILE}']\n"
        f"privacy.exclude_titles: ['{HOSTILE}']\n"
    )
    # The data dir's path is shown in "What Cuecard stores".
    data_dir = tmp_path / "data <b>HOSTILE</b><img src=b.png height=999> Fish & Chips [*]"
    context = AppContext.create(data_dir, settings, [root])
    scripted = ScriptedWatcher()
    choice = BackendChoice("scripted", "test", PrivateWatcher(scripted, PrivacyRules.create()))
    service = LibraryService(context.open_library(), watch=False)
    controller = quit_after(TrayController(context, service, tray, choice, use_hotkey=False))
    windows: dict[str, QWidget] = {}
    with qtbot.waitSignals(
        [controller.loop.state_loaded, service.loading_finished], timeout=10_000
    ):
        controller.start()
    card = service.snapshot.cards["evil"]

    window = WindowInfo(app="xterm", title=WINDOW_TITLE, window_class="XTerm")
    scripted.push(window)
    qtbot.waitUntil(lambda: controller.actions.cards_menu.actions()[0].isEnabled())
    controller.toast.offer(card, window)
    windows["toast"] = controller.toast
    windows["card window"] = card_window = controller.open_card(card, pulled=True)
    controller.show_search()
    assert controller.palette is not None
    controller.palette.query.setText(HOSTILE)
    assert controller.palette.results.count() == 1
    windows["palette"] = controller.palette
    controller.show_problems()
    assert controller.problems_window is not None
    windows["problems"] = controller.problems_window

    learning = controller.learning
    now = datetime.now().astimezone()
    controller.writer.call(lambda db: add_entry(db, HOSTILE, now, "evil")).result(10)
    learning.show_log()
    learning.show_my_learning()
    learning.show_stored()
    windows["quick log"] = learning.show_quick_log()
    log, mine, stored = learning.log_window, learning.my_learning, learning.stored
    assert log is not None and mine is not None and stored is not None
    qtbot.waitUntil(
        lambda: log.entries.topLevelItemCount() > 0 and MARK in log.entries.topLevelItem(0).text(1)
    )
    qtbot.waitUntil(lambda: MARK in mine.details.text() and stored.tree.topLevelItemCount() > 0)
    windows.update({"log": log, "my learning": mine, "stored": stored})

    preview = PreviewController(context, card_file)
    assert preview.start() and preview.window is not None
    assert MARK in preview.window.problem_label.text(), "the unknown key's problem is shown"
    windows["preview"] = preview.window
    windows["settings"] = controller.settings.show_settings()
    if controller.no_tray is not None:
        windows["no-tray window"] = controller.no_tray
    for shown_window in windows.values():
        qtbot.addWidget(shown_window)

    shown = [text for name, w in windows.items() for text in window_texts(w, name)]
    shown += report_outdated_dialog(card_window)
    # A message box quoting outside text (a failed forget names files under the data dir).
    shown += modal_texts(
        lambda: learning._forgotten([f"{data_dir} could not be removed"]), QMessageBox, "forget"
    )
    expected = {*windows, "report outdated", "forget"}  # the report dialog names the card
    if controller.tray is not None:
        shown += menu_texts(controller.tray.menu, "tray menu")
        shown += tip("tray tooltip", controller.tray.icon.toolTip())
        expected |= {"tray menu", "tray tooltip"}
    found, wrong = check(shown)
    assert wrong == [], "\n".join(wrong)
    assert found == expected, "every window showed the hostile text"
    assert controller.toast.width() == TOAST_WIDTH
    assert controller.toast.height() < 300, "the image in the title is not loaded"


DEV_ZERO = """
import resource, sys
cap = 1 << 30  # 1 GB of address space: the toast needs about 130 MB
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
from pathlib import Path
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication
app = QApplication([])
from cuecard.models import Card, WindowInfo
from cuecard.ui.nudge import NudgeToast
toast = NudgeToast(QIcon())
card = Card(id="c", title="Freeze the header row", path=Path("c.md"), root=Path("."))
toast.offer(card, WindowInfo(app="xterm", title="Forecast.ods - <img src=/dev/zero>"))
print("toast", toast.width(), toast.height())
"""


def test_an_image_of_dev_zero_in_a_window_title_is_never_read(tmp_path: Path) -> None:
    """The issue's repro: the toast once read /dev/zero until memory ran out. Run it in
    a child with capped memory, so the old behaviour fails fast instead of taking the
    machine down."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "MALLOC_ARENA_MAX": "2"}
    result = subprocess.run(
        [sys.executable, "-c", DEV_ZERO],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    width, height = (int(n) for n in result.stdout.split()[-2:])
    assert width == TOAST_WIDTH and height < 300


@pytest.mark.parametrize(
    "text", ["plain", "a <b>b</b>", "x &lt; y", "<img src=a.png>\n  two  spaces", "R&D\t[*]"]
)
def test_helpers_show_text_exactly_as_given(qtbot: QtBot, text: str) -> None:
    label = plain_label(text)
    qtbot.addWidget(label)
    assert Shown("label", label.text(), label_kind(label)).visible == text
    assert next(tip("tooltip", tooltip(text))).visible == text
    one_line = re.sub("[\t\n]", " ", text)
    assert Shown("menu", menu_text(text), "mnemonic").visible == one_line
    window = QWidget()
    qtbot.addWidget(window)
    window.setWindowTitle(window_title(text))
    window.show()
    assert window.windowHandle().title() == one_line


# Ways to put text on screen without the helpers of cuecard.ui.plain: any QLabel (Qt
# guesses the format of its text), a tooltip not made by `tooltip()`, a built menu entry or
# window title not passed through `menu_text`/`add_plain_action`/`window_title`, a static
# QMessageBox (its text is AutoText: `message_box`), a tray message not through
# `tray_message`.
BYPASSES = re.compile(
    r"\bQLabel\("
    r"|\.setToolTip\((?:\s*\d+,)?\s*(?![\s\d]|tooltip\()"
    r"|\.setWindowTitle\(\s*(?!window_title\()f[\"']"
    r"|\.addAction\(\s*f[\"']"
    r"|\.setTextFormat\("
    r"|\bQMessageBox(?:\.(?:warning|information|critical|question|about))?\("
    r"|\.showMessage\([^,]*,(?!\s*tray_message\()"
)


def test_ui_code_puts_text_on_screen_through_the_plain_helpers() -> None:
    ui = REPO / "app" / "cuecard" / "ui"
    bypasses = [
        f"{path.name}:{source[: match.start()].count(chr(10)) + 1}: {match.group()!r}"
        for path in sorted(ui.glob("*.py"))
        if path.name != "plain.py"
        for source in [path.read_text(encoding="utf-8")]
        for match in BYPASSES.finditer(source)
    ]
    assert bypasses == [], "use cuecard.ui.plain:\n" + "\n".join(bypasses)


@pytest.mark.parametrize("markup", [True, False], ids=["notification server", "Qt balloon"])
def test_tray_messages_show_as_typed(
    markup: bool, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tray message is escaped exactly when it goes where markup is read."""
    assert Shown(
        "message", tray_message(HOSTILE, markup), "html" if markup else "plain"
    ).visible == (HOSTILE)
    monkeypatch.setattr(plain, "notifications_read_markup", lambda: markup)
    context = AppContext.create(tmp_path / "data", None, [tmp_path / "content"])
    service = LibraryService(context.open_library(), watch=False)
    controller = TrayController(context, service, True, BackendChoice("none", "t", None, False))
    try:
        assert controller.tray is not None
        sent: list[str] = []
        monkeypatch.setattr(controller.tray.icon, "showMessage", lambda _t, m, _i: sent.append(m))
        controller.show_notice(HOSTILE)
        assert sent == [tray_message(HOSTILE, markup)]
    finally:
        controller.quit()


DBUS_TRAY = """
import sys
from PySide6.QtCore import QCoreApplication
from PySide6.QtDBus import QDBusConnection
app = QCoreApplication([])
if sys.argv[1] == "host":
    assert QDBusConnection.sessionBus().registerService("org.kde.StatusNotifierWatcher")
from cuecard.ui.plain import notifications_read_markup
print(notifications_read_markup())
"""


@pytest.mark.parametrize(("host", "expected"), [("host", "True"), ("none", "False")])
def test_messages_go_to_the_notification_server_when_an_item_host_runs(
    host: str, expected: str
) -> None:
    """Decided as Qt does: a StatusNotifierWatcher on the session bus (a private bus)."""
    if shutil.which("dbus-run-session") is None:
        pytest.skip("dbus-run-session missing (scripts/system-deps.sh installs dbus)")
    result = subprocess.run(
        ["dbus-run-session", "--", sys.executable, "-c", DBUS_TRAY, host],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split()[-1] == expected
