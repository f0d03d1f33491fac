"""The tray app's log: a rotating file in the user's log dir, with no window text in it.

Nothing Cuecard logs names a window title or an app, by design; as a second line of
defence every record passes a filter that replaces the text of recently seen windows
(titles, app names, classes, executables) and focused elements (their names and dialogs)
with `[window]` before it is written, also
inside tracebacks, so an exception message that quotes a title cannot leak it. The file
and its rotated copies are created 0600 (logging.handlers.RotatingFileHandler).
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
import sys
import threading
from collections import OrderedDict
from pathlib import Path
from types import TracebackType

from cuecard.models import FocusedElement, WindowInfo
from cuecard.private_files import FILE_MODE, ensure_private_dir

LOG_NAME = "cuecard.log"
MAX_BYTES = 1024 * 1024
BACKUPS = 3
REMEMBERED = 64  # distinct window strings kept for redaction
MIN_LENGTH = 3  # shorter strings ("vi", "") would redact ordinary words
REDACTED = "[window]"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class WindowTextFilter(logging.Filter):
    """Replaces the text of windows (and focused elements) seen lately with `[window]` in
    every record."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._formatter = logging.Formatter()

    def remember(self, info: WindowInfo | None) -> None:
        """Note a window the watcher reported (called for every change)."""
        if info is not None:
            self._note((info.title, info.app, info.window_class, info.exe))

    def remember_element(self, element: FocusedElement | None) -> None:
        """Note a focused element's names: like window titles, never logged."""
        if element is not None:
            self._note((element.name, element.dialog or ""))

    def _note(self, texts: tuple[str, ...]) -> None:
        with self._lock:
            for text in texts:
                if len(text) >= MIN_LENGTH:
                    self._seen.pop(text, None)
                    self._seen[text] = None
            while len(self._seen) > REMEMBERED:
                self._seen.popitem(last=False)

    def redact(self, text: str) -> str:
        with self._lock:
            secrets = sorted(self._seen, key=len, reverse=True)  # longest first
        for secret in secrets:
            if secret in text:
                text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A RotatingFileHandler whose files only the user can read, whatever the umask."""

    def _open(self) -> io.TextIOWrapper:
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
        stream = os.fdopen(descriptor, self.mode, encoding=self.encoding, errors=self.errors)
        assert isinstance(stream, io.TextIOWrapper)
        return stream


def start_logging(log_dir: Path, level: int = logging.INFO) -> WindowTextFilter:
    """Log to `log_dir`/cuecard.log (rotated at 1 MB, 3 old copies kept); uncaught
    exceptions of any thread go there too. Returns the filter to feed windows to."""
    ensure_private_dir(log_dir)
    handler = PrivateRotatingFileHandler(
        log_dir / LOG_NAME, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(FORMAT))
    redactor = WindowTextFilter()
    handler.addFilter(redactor)
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(min(root.level or level, level))
    logging.captureWarnings(True)
    log = logging.getLogger("cuecard")

    def uncaught(
        kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        log.error("uncaught exception", exc_info=(kind, error, trace))
        sys.__excepthook__(kind, error, trace)

    def uncaught_in_thread(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            log.error(
                "uncaught exception in thread %s",
                args.thread.name if args.thread else "?",
                exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
            )

    sys.excepthook = uncaught
    threading.excepthook = uncaught_in_thread
    return redactor


def stop_logging(redactor: WindowTextFilter) -> None:
    """Close and remove the handler `start_logging` added (tests, a clean exit)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if redactor in handler.filters:
            root.removeHandler(handler)
            handler.close()
    sys.excepthook = sys.__excepthook__
    threading.excepthook = threading.__excepthook__
