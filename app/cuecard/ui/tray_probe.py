"""`cuecard --probe-tray`, run by `cuecard doctor` in a child process: is there a system
tray? (Asking needs a QApplication, which the doctor itself must not create.)"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QSystemTrayIcon


def probe_tray() -> int:
    """Print 'tray' or 'no-tray'."""
    app = QApplication([sys.argv[0]])
    print("tray" if QSystemTrayIcon.isSystemTrayAvailable() else "no-tray", flush=True)
    del app
    return 0
