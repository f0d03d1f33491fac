"""The card window: sized to its card, code in a box with Copy, done and chosen states,
and a Report outdated dialog that says where the report goes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from tests.conftest import write_card
from tests.ui.test_card_window import load

from cuecard.ui.card_body import COPY_SCHEME, _boxed_notes
from cuecard.ui.card_size import CODE_WIDTH, READING_WIDTH
from cuecard.ui.card_window import CardWindow
from cuecard.ui.report_dialog import ReportOutdatedDialog
from cuecard.ui.style import Colors

LONG_LINE = "find . -type f -name '*.log' -mtime +30 -exec gzip {} + " * 6
CODE_CARD = f"""---
title: Tidy old logs
---
# Tidy old logs

## Compress them

```sh
{LONG_LINE}
echo "a < b && c > d"
```

## Check
Done.
"""
TWO_STEPS = "---\ntitle: Two steps\n---\n# Two steps\n\n## One\nFirst.\n\n## Two\nSecond.\n"


def test_code_wraps_in_its_box_and_copy_puts_it_on_the_clipboard(
    qtbot: QtBot, content_root: Path
) -> None:
    write_card(content_root, "code.md", CODE_CARD)
    window = CardWindow(load(content_root, "code.md"))
    qtbot.addWidget(window)
    window.show()
    assert window.browser.horizontalScrollBar().maximum() == 0, "no sideways scrolling"
    assert window.browser.document().idealWidth() <= window.browser.viewport().width()
    assert "Copy" in window.browser.toPlainText()
    window.browser.anchorClicked.emit(QUrl(f"{COPY_SCHEME}:0"))
    copied = QGuiApplication.clipboard().text()
    assert copied == f'{LONG_LINE}\necho "a < b && c > d"', "the code as written"
    assert "✓ Copied" in window.browser.toPlainText()
    window._copied_timer.setInterval(1)
    qtbot.waitUntil(lambda: "✓ Copied" not in window.browser.toPlainText())


def test_the_window_is_sized_to_the_card_within_the_screen(
    qtbot: QtBot, content_root: Path
) -> None:
    write_card(content_root, "two.md", TWO_STEPS)
    write_card(
        content_root,
        "long.md",
        "# Long\n\n" + "".join(f"## Step {n}\nDo {n}.\n\n" for n in range(60)),
    )
    small = CardWindow(load(content_root, "two.md"))
    tall = CardWindow(load(content_root, "long.md"))
    for window in (small, tall):
        qtbot.addWidget(window)
        window.show()
    area = QApplication.primaryScreen().availableGeometry()
    assert small.height() < 480, "a two-step card gets a small window"
    assert small.height() < tall.height()
    for window in (small, tall):
        qtbot.waitUntil(lambda w=window: area.contains(w.frameGeometry()))
    assert tall.height() > area.height() * 0.8, "a long card takes the screen's height"


def test_done_is_a_state_not_a_disabled_button(qtbot: QtBot, content_root: Path) -> None:
    window = CardWindow(load(content_root, "calc/freeze.md"))
    qtbot.addWidget(window)
    window.show()
    window.toggle_step(0)
    with qtbot.waitSignal(window.completed) as completed:
        window.done_button.click()
    assert completed.args == ["calc/freeze"]
    assert not window.done_button.isVisible()
    assert window.done_state.isVisible() and "Completed" in window.done_state.text()
    assert window.progress.value() == window.progress.maximum() == 3
    assert window.progress.format() == "Completed: all 3 steps"
    assert window.browser.toPlainText().count("☑") == 3
    with qtbot.assertNotEmitted(window.completed):
        window.mark_done()


def test_the_chosen_helpful_answer_stays_marked_and_can_change(
    qtbot: QtBot, content_root: Path
) -> None:
    window = CardWindow(load(content_root, "calc/freeze.md"))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.rated) as rated:
        window.up_button.click()
    assert rated.args == ["calc/freeze", "up"]
    assert window.up_button.isChecked() and not window.down_button.isChecked()
    assert window.up_button.isEnabled() and window.down_button.isEnabled()
    with qtbot.assertNotEmitted(window.rated):
        window.up_button.click()
    assert window.up_button.isChecked()
    with qtbot.waitSignal(window.rated) as changed:
        window.down_button.click()
    assert changed.args == ["calc/freeze", "down"]
    assert window.down_button.isChecked() and not window.up_button.isChecked()


def test_report_outdated_dialog_says_where_the_report_goes(
    qtbot: QtBot, content_root: Path
) -> None:
    window = CardWindow(load(content_root, "calc/freeze.md"), sync_host="lrs.example.org")
    qtbot.addWidget(window)
    window.show()
    dialog = window.outdated_dialog()
    qtbot.addWidget(dialog)
    flags = dialog.windowFlags()
    assert not flags & Qt.WindowType.WindowMaximizeButtonHint
    assert not flags & Qt.WindowType.WindowMinimizeButtonHint
    assert dialog.windowTitle().endswith("— Cuecard")
    assert "ana@example.org" in dialog.where.text(), "the card's owner sees it"
    assert "lrs.example.org" in dialog.where.text()
    assert dialog.send_button.icon().isNull(), "words, not a floppy disk"

    def answer() -> None:
        (shown,) = [d for d in window.findChildren(ReportOutdatedDialog) if d.isVisible()]
        shown.comment.setPlainText("The menu is called Format now")
        shown.send_button.click()

    QTimer.singleShot(0, answer)
    with qtbot.waitSignal(window.reported_outdated) as reported:
        window.outdated_button.click()
    assert reported.args == ["calc/freeze", "The menu is called Format now"]
    assert not window.outdated_button.isVisible()
    assert window.outdated_state.isVisible() and "Reported" in window.outdated_state.text()


WIDE_LINE = "grep -rn --exclude-dir=.git --exclude-dir=node_modules 'fetch(' .   # the calls"
WIDE_CODE = f"---\ntitle: Wide\n---\n# Wide\n\n## Run it\n\n```sh\n{WIDE_LINE}\n```\n"


def test_a_card_with_long_code_lines_gets_a_wider_window(qtbot: QtBot, content_root: Path) -> None:
    write_card(content_root, "wide.md", WIDE_CODE)
    wide = CardWindow(load(content_root, "wide.md"))
    prose = CardWindow(load(content_root, "calc/freeze.md"))
    for window in (wide, prose):
        qtbot.addWidget(window)
        window.show()
    area = QApplication.primaryScreen().availableGeometry()
    assert prose.width() == READING_WIDTH
    assert READING_WIDTH < wide.width() <= min(CODE_WIDTH, area.width())
    document = wide.browser.document()
    block = document.begin()
    while block.isValid() and WIDE_LINE not in block.text():
        block = block.next()
    assert block.isValid() and block.layout().lineCount() == 1, "the line fits unwrapped"


def test_admonitions_are_boxes_of_their_own_whatever_their_nesting() -> None:
    c = Colors("t", "m", "#00aa00", "s", "b", "wb", "#aa6600", "d", "o", "eb", "et", "w")
    html = (
        '<div class="admonition warning"><p class="admonition-title">Careful</p>'
        '<div class="admonition note"><p>inner</p></div></div><div class="x">plain</div>'
    )
    boxed = _boxed_notes(html, c)
    assert "admonition warning" not in boxed and boxed.count("<table class='note'") == 2
    assert boxed.count("</table>") == 2 and '<div class="x">plain</div>' in boxed
    assert boxed.index("#aa6600") < boxed.index("#00aa00"), "a warning's edge is amber"
    deep = '<div class="admonition">' * 5000 + "x" + "</div>" * 5000
    assert _boxed_notes(deep, c).count("<table") == 5000  # one pass, no recursion limit
