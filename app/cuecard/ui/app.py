"""Start the tray app or a single-card preview."""

from __future__ import annotations

import logging
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from cuecard import __version__
from cuecard.context import AppContext
from cuecard.instance_address import (
    InstanceAddress,
    UnsafeInstanceError,
    candidate_addresses,
    forget_address,
    record_address,
)
from cuecard.logs import start_logging, stop_logging
from cuecard.memory import limit_malloc_arenas
from cuecard.own_windows import APP_ID
from cuecard.private_files import ensure_private_dir, secure_data_dir
from cuecard.ui.bridge import LibraryService
from cuecard.ui.collector import GuiThreadCollector
from cuecard.ui.controller import TrayController
from cuecard.ui.screens import ScreenFitter
from cuecard.ui.single_instance import (
    InstanceServer,
    InstanceStartError,
    become_instance,
    send_to_running,
)
from cuecard.ui.style import PlainButtonsStyle, app_icon
from cuecard.ui.sync_bridge import prepare_packs

log = logging.getLogger(__name__)


def make_application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # argv[0] becomes the X11 WM_CLASS instance name: "cuecard" however we were started.
    app = QApplication([APP_ID, *sys.argv[1:1]])
    app.setApplicationName("Cuecard")
    app.setDesktopFileName(APP_ID)  # the Wayland app id compositor rules match on
    app.setApplicationVersion(__version__)
    app.setQuitOnLastWindowClosed(False)
    ScreenFitter.install()
    PlainButtonsStyle.install()
    # Let Ctrl+C in a terminal quit the app: Python handles signals only between Qt events.
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    timer = QTimer(app)
    timer.start(500)
    timer.timeout.connect(lambda: None)
    GuiThreadCollector(app)  # cycles are collected here, never in a worker thread
    return app


def has_display() -> bool:
    """False on a Linux/BSD machine with no graphical session (Qt would abort)."""
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _send_elsewhere(addresses: list[InstanceAddress], message: str) -> bool:
    """True when an instance listening at another of `addresses` took `message`."""
    for address in addresses:
        try:
            if send_to_running(address, message):
                return True
        except UnsafeInstanceError:
            continue  # not ours: never talked to
    return False


def _best_effort(what: str, action: Callable[[], object]) -> None:
    try:
        action()
    except OSError as error:
        log.warning("could not %s: %s", what, error.strerror or error)


def run_tray_app(context: AppContext, from_login: bool = False) -> int:
    """The tray app. `from_login`: started by a login entry (`--autostart`): when
    Cuecard already runs, exit quietly instead of opening its search."""
    if not has_display():
        print(
            "cuecard: no graphical session (DISPLAY and WAYLAND_DISPLAY are unset); "
            "start Cuecard from your desktop session.",
            file=sys.stderr,
        )
        return 1
    message = "hello" if from_login else "search"
    try:
        address, *elsewhere = candidate_addresses(context.paths.data_dir)
        lock = (
            None
            if _send_elsewhere(elsewhere, message)
            else become_instance(address, message=message)
        )
        running = lock is None
    except (UnsafeInstanceError, InstanceStartError) as error:
        print(f"cuecard: {error}", file=sys.stderr)
        return 1
    if running:
        if not from_login:
            print("Cuecard is already running: its search is open.")
        return 0
    assert lock is not None
    redactor = start_logging(context.paths.log_dir)
    log.info("Cuecard %s starting (%s)", __version__, "at login" if from_login else "by hand")
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
        stop_logging(redactor)
        return 1
    # Housekeeping in the data dir: a read-only or full disk must not stop the app (the
    # store writer tells the user, once, that it cannot save).
    paths = context.paths
    _best_effort("note the instance's address", lambda: record_address(paths.data_dir, address))
    instance.refused.connect(lambda reason: print(f"cuecard: refused: {reason}", file=sys.stderr))
    _best_effort("tighten the data dir", lambda: secure_data_dir(paths))  # older installs
    # The user's own folder is a content root from the start, so a tip written there
    # ("Share a tip…", `cuecard new`) is in search as soon as it is saved.
    _best_effort("make the content folder", lambda: ensure_private_dir(paths.user_content))
    app.setWindowIcon(app_icon(context.paths))
    _best_effort("prepare the pack folders", lambda: prepare_packs(context))
    # The app owns the index cache: rows of content it no longer uses are dropped.
    service = LibraryService(context.open_library(owns_cache=True))
    controller = TrayController(context, service, log_filter=redactor)
    instance.message.connect(controller.on_instance_message)
    controller.start()
    controller.welcome_or_enforce()
    code = app.exec()
    forget_address(context.paths.data_dir, address)
    instance.close()
    lock.unlock()
    log.info("Cuecard stopped")
    stop_logging(redactor)
    return code


def quit_running(context: AppContext) -> int:
    """`cuecard --quit`: ask the running instance to exit cleanly, from any shell (no
    display needed: blocking local sockets work without a Qt application object; an
    instance started with another XDG_RUNTIME_DIR or TMPDIR is found through the
    address it noted in the data dir)."""
    try:
        addresses = candidate_addresses(context.paths.data_dir)
    except UnsafeInstanceError as error:
        print(f"cuecard: {error} Nothing was asked to quit.", file=sys.stderr)
        return 1
    refused: UnsafeInstanceError | None = None
    for address in addresses:
        try:
            if send_to_running(address, "quit"):
                print("Asked Cuecard to quit.")
                return 0
        except UnsafeInstanceError as error:
            refused = error
    if refused is not None:
        print(f"cuecard: {refused} Nothing was asked to quit.", file=sys.stderr)
        return 1
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


def run_review_due(context: AppContext) -> int:
    """`cuecard review-due`: the running Cuecard opens its review window; without one, a
    review window of its own, recording through the same store writer."""
    if not has_display():
        print(
            "cuecard: no graphical session (DISPLAY and WAYLAND_DISPLAY are unset); "
            "run review-due from your desktop session.",
            file=sys.stderr,
        )
        return 1
    try:
        addresses = candidate_addresses(context.paths.data_dir)
        for address in addresses:
            if send_to_running(address, "review-due"):
                print("Opened the reviews in the running Cuecard.")
                return 0
    except UnsafeInstanceError as error:
        print(f"cuecard: {error}", file=sys.stderr)
        return 1
    from cuecard.ui.review_app import ReviewApp

    app = make_application()
    app.setQuitOnLastWindowClosed(True)
    app.setWindowIcon(app_icon(context.paths))
    review = ReviewApp(context)
    if not review.start():
        return 0
    code = app.exec()
    review.stop()
    return code
