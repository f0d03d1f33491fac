"""Start the tray app or a single-card preview."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from cuecard import __version__
from cuecard.context import AppContext
from cuecard.instance_address import UnsafeInstanceError, instance_address
from cuecard.memory import limit_malloc_arenas
from cuecard.private_files import secure_data_dir
from cuecard.ui.bridge import LibraryService
from cuecard.ui.controller import TrayController
from cuecard.ui.single_instance import (
    NO_WISH,
    InstanceServer,
    InstanceStartError,
    become_instance,
    send_to_running,
)
from cuecard.ui.style import app_icon


def make_application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # argv[0] becomes the X11 WM_CLASS instance name: "cuecard" however we were started.
    app = QApplication(["cuecard", *sys.argv[1:1]])
    app.setApplicationName("Cuecard")
    app.setDesktopFileName("cuecard")
    app.setApplicationVersion(__version__)
    app.setQuitOnLastWindowClosed(False)
    # Let Ctrl+C in a terminal quit the app: Python handles signals only between Qt events.
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    timer = QTimer(app)
    timer.start(500)
    timer.timeout.connect(lambda: None)
    return app


def has_display() -> bool:
    """False on a Linux/BSD machine with no graphical session (Qt would abort)."""
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_tray_app(context: AppContext, autostart: bool = False) -> int:
    """The tray app. `autostart`: started by the session at log-in, so a Cuecard that
    already runs is left alone (no search window) and nothing is printed."""
    if not has_display():
        print(
            "cuecard: no graphical session (DISPLAY and WAYLAND_DISPLAY are unset); "
            "start Cuecard from your desktop session.",
            file=sys.stderr,
        )
        return 1
    try:
        address = instance_address(context.paths.data_dir)
        lock = become_instance(address, wish=NO_WISH if autostart else "search")
    except (UnsafeInstanceError, InstanceStartError) as error:
        print(f"cuecard: {error}", file=sys.stderr)
        return 1
    if lock is None:
        if not autostart:
            print("Cuecard is already running: its search is open.")
        return 0
    limit_malloc_arenas()
    app = make_application()
    instance = InstanceServer(address)
    if not instance.listen():
        lock.unlock()
        print(
            f"cuecard: cannot listen on {address.server} ({instance.error}); not starting, "
            "since later starts, --quit and forget could not reach this Cuecard.",
            file=sys.stderr,
        )
        return 1
    instance.refused.connect(lambda reason: print(f"cuecard: refused: {reason}", file=sys.stderr))
    secure_data_dir(context.paths)  # an install made by an older version, with umask 022
    app.setWindowIcon(app_icon(context.paths))
    service = LibraryService(context.open_library())
    controller = TrayController(context, service)
    instance.message.connect(controller.on_instance_message)
    controller.start()
    code = app.exec()
    instance.close()
    lock.unlock()
    return code


def quit_running(context: AppContext) -> int:
    """`cuecard --quit`: ask the running instance to exit cleanly (no display needed:
    blocking local sockets work without a Qt application object)."""
    try:
        delivered = send_to_running(instance_address(context.paths.data_dir), "quit")
    except UnsafeInstanceError as error:
        print(f"cuecard: {error} Nothing was asked to quit.", file=sys.stderr)
        return 1
    if delivered:
        print("Asked Cuecard to quit.")
        return 0
    print("cuecard: Cuecard is not running (for this data dir).", file=sys.stderr)
    return 1


def run_preview(context: AppContext, file: Path) -> int:
    from cuecard.ui.preview import PreviewController

    if not has_display():
        print(
            "cuecard: no graphical session (DISPLAY and WAYLAND_DISPLAY are unset); "
            "run preview from your desktop session.",
            file=sys.stderr,
        )
        return 1
    app = make_application()
    app.setQuitOnLastWindowClosed(True)
    app.setWindowIcon(app_icon(context.paths))
    controller = PreviewController(context, file.resolve())
    if not controller.start():
        return 1
    return app.exec()
