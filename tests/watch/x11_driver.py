"""Real windows on a real X server for watcher tests: xterm, Tk and Qt clients."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass

from Xlib import Xatom
from Xlib import display as xdisplay

from cuecard.watch.x11 import X11Watcher
from tests.e2e.conftest import wait_for, xdo
from tests.e2e.xsession import XSession

TK_WINDOW = """
import sys, tkinter
root = tkinter.Tk(className=sys.argv[2])
root.title(sys.argv[1])
root.geometry("300x200")
root.mainloop()
"""
QT_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(["qtprobe"])
window = QWidget()
window.setWindowTitle(sys.argv[1])
window.resize(300, 200)
window.show()
app.exec()
"""


@dataclass
class Handle:
    """A window opened by the driver and the process that owns it."""

    process: subprocess.Popen[bytes]
    window_id: int


class X11Driver:
    """Implements tests.watch.contract.WatcherDriver on an XSession."""

    supports_fullscreen = True

    def __init__(self, session: XSession) -> None:
        self.session = session
        self.handles: list[Handle] = []

    def make_watcher(self) -> X11Watcher:
        return X11Watcher(self.session.display)

    def _spawn(self, args: list[str], title: str) -> Handle:
        process = subprocess.Popen(
            args, env=self.session.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        found = wait_for(
            lambda: xdo(self.session, "search", "--onlyvisible", "--name", f"^{title}$"),
            what=f"window {title!r}",
        )
        assert isinstance(found, str)
        handle = Handle(process, int(found.split()[0]))
        self.handles.append(handle)
        self.activate(handle)
        return handle

    def open_window(self, app: str, title: str, window_class: str) -> Handle:
        del app  # xterm's process name is always "xterm"
        return self._spawn(
            ["xterm", "-class", window_class, "-T", title, "-e", "sleep", "600"], title
        )

    def open_tk(self, title: str, class_name: str = "TkProbe") -> Handle:
        return self._spawn([sys.executable, "-c", TK_WINDOW, title, class_name], title)

    def open_qt(self, title: str) -> Handle:
        return self._spawn([sys.executable, "-c", QT_WINDOW, title], title)

    def activate(self, handle: Handle) -> None:
        xdo(self.session, "windowactivate", str(handle.window_id))

    def set_title(self, handle: Handle, title: str) -> None:
        """Write the title the way real toolkits do: _NET_WM_NAME as UTF8_STRING."""
        connection = xdisplay.Display(self.session.display)
        try:
            window = connection.create_resource_object("window", handle.window_id)
            window.change_property(
                connection.intern_atom("_NET_WM_NAME"),
                connection.intern_atom("UTF8_STRING"),
                8,
                title.encode("utf-8"),
            )
            window.change_property(
                Xatom.WM_NAME, Xatom.STRING, 8, title.encode("latin-1", errors="replace")
            )
            # A round trip, not just a flush: closing right after writing lost the
            # change now and then (the server had not read it yet), failing a test.
            connection.sync()
        finally:
            connection.close()

    def set_string_title(self, handle: Handle, title: str) -> None:
        """xdotool writes WM_NAME as type STRING (and no _NET_WM_NAME)."""
        xdo(self.session, "set_window", "--name", title, str(handle.window_id))

    def set_fullscreen(self, handle: Handle, on: bool) -> None:
        subprocess.run(
            [
                "wmctrl",
                "-i",
                "-r",
                hex(handle.window_id),
                "-b",
                f"{'add' if on else 'remove'},fullscreen",
            ],
            env=self.session.env,
            check=True,
        )

    def close(self, handle: Handle) -> None:
        handle.process.terminate()
        handle.process.wait(timeout=10)
        self.handles.remove(handle)

    def close_all(self) -> None:
        for handle in list(self.handles):
            self.close(handle)
