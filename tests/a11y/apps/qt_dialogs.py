"""A PySide6 test app with a main window and an "Insert Pivot Table" dialog.

Commands on stdin, one per line: `dialog` (open the dialog, focus "Source range"),
`focus NAME` (search, source, destination, ok), `burst NAME` (move the focus through
every field many times in one go, ending on NAME), `close` (close the dialog), `quit`.
It prints {"event": "ready"} once shown and {"reply": COMMAND, "t": T} after each
command, T being time.monotonic() when the command began (benchmarks use it).
"""

from __future__ import annotations

import json
import sys
import time

from PySide6.QtCore import QSocketNotifier
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMainWindow,
    QWidget,
)


def say(**record: object) -> None:
    print(json.dumps(record), flush=True)


def main() -> int:
    app = QApplication(sys.argv)
    app.setApplicationName("pivotdemo")
    window = QMainWindow()
    window.setWindowTitle("Pivot Demo")
    central = QWidget()
    form = QFormLayout(central)
    search = QLineEdit()
    search.setAccessibleName("Search")
    form.addRow("Search", search)
    window.setCentralWidget(central)
    dialog = QDialog(window)
    dialog.setWindowTitle("Insert Pivot Table")
    fields = QFormLayout(dialog)
    source = QLineEdit()
    source.setAccessibleName("Source range")
    source.setText("Sheet1!A1:D20")  # a value: Cuecard must never read it
    fields.addRow("Source range", source)
    destination = QLineEdit()
    destination.setAccessibleName("Destination")
    fields.addRow("Destination", destination)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    buttons.accepted.connect(dialog.accept)
    fields.addRow(buttons)
    widgets = {
        "search": search,
        "source": source,
        "destination": destination,
        "ok": buttons.button(QDialogButtonBox.StandardButton.Ok),
    }

    def command() -> None:
        line = sys.stdin.readline()
        if not line:
            app.quit()
            return
        verb, _, arg = line.strip().partition(" ")
        started = time.monotonic()  # for benchmarks: when the focus was moved
        if verb == "dialog":
            dialog.show()
            dialog.raise_()
            dialog.activateWindow()
            source.setFocus()
        elif verb == "focus":
            widgets[arg].setFocus()
        elif verb == "burst":
            order = [widgets[n] for n in ("source", "destination", "ok")]
            for _ in range(20):
                for widget in order:
                    widget.setFocus()
            widgets[arg].setFocus()
        elif verb == "close":
            dialog.accept()
        elif verb == "quit":
            app.quit()
        say(reply=verb, arg=arg, t=started)

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(command)
    window.show()
    window.activateWindow()
    search.setFocus()
    say(event="ready", pid=QApplication.applicationPid())
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
