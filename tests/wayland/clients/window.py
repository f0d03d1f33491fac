"""A real Wayland window for the compositor tests (Qt or GTK), driven over stdin.

Run as the compositor's user: `window.py qt|gtk TITLE APP_ID [fixed]`. Qt's Wayland app
id is the desktop file name and GTK's is the program name, so both are set to APP_ID, as
real apps set theirs. `fixed` gives the Qt window a fixed size, as Cuecard's toast has.
Prints "ready PID" once the window is shown, then "ok" after each command: `title TEXT`,
`close` (closes the window and exits). Fullscreen is the compositor's to toggle (a
client asking twice quickly loses the second request: Qt compares it with the state
the compositor last confirmed).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable


def answer(text: str) -> None:
    print(text, flush=True)


def run_qt(title: str, app_id: str, fixed: bool) -> int:
    from PySide6.QtCore import QSocketNotifier
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication([app_id])
    QGuiApplication.setDesktopFileName(app_id)
    window = QLabel(title)
    window.setWindowTitle(title)
    if fixed:
        window.setFixedSize(380, 140)
    else:
        window.resize(420, 260)

    def command(line: str) -> None:
        verb, _, rest = line.partition(" ")
        if verb == "title":
            window.setWindowTitle(rest)
        elif verb == "close":
            window.close()
            app.quit()
        answer("ok")

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(lambda: read_line(command, app.quit))
    window.show()
    answer(f"ready {os.getpid()}")
    return app.exec()


def run_gtk(title: str, app_id: str) -> int:
    import gi

    gi.require_version("Gtk", "3.0")
    from gi.repository import GLib, Gtk

    GLib.set_prgname(app_id)
    window = Gtk.Window(title=title)
    window.set_default_size(420, 260)
    window.connect("destroy", lambda *_: Gtk.main_quit())

    def command(line: str) -> None:
        verb, _, rest = line.partition(" ")
        if verb == "title":
            window.set_title(rest)
        elif verb == "close":
            window.destroy()
        answer("ok")

    def readable(*_: object) -> bool:
        read_line(command, Gtk.main_quit)
        return True

    GLib.io_add_watch(sys.stdin.fileno(), GLib.IO_IN | GLib.IO_HUP, readable)
    window.show_all()
    answer(f"ready {os.getpid()}")
    Gtk.main()
    return 0


def read_line(command: Callable[[str], None], quit_: Callable[[], None]) -> None:
    line = sys.stdin.readline()
    if not line:
        quit_()
        return
    command(line.rstrip("\n"))


def main() -> int:
    toolkit, title, app_id = sys.argv[1:4]
    if toolkit == "qt":
        return run_qt(title, app_id, fixed=sys.argv[4:5] == ["fixed"])
    return run_gtk(title, app_id)


if __name__ == "__main__":
    sys.exit(main())
