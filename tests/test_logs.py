"""The log: rotating, private, and never a window title or app name in it."""

from __future__ import annotations

import logging
import stat
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from cuecard import logs
from cuecard.logs import LOG_NAME, REDACTED, WindowTextFilter, start_logging, stop_logging
from cuecard.models import WindowInfo
from cuecard.paths import AppPaths

SECRET = WindowInfo(
    app="payroll-client",
    title="Salary review — Ana Lopez.ods",
    window_class="payroll-client",
    exe="/opt/payroll/payroll-client",
)


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "logs"
    redactor = start_logging(folder)
    redactor.remember(SECRET)
    yield folder
    stop_logging(redactor)


def text(folder: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return "".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob(f"{LOG_NAME}*")))


def test_window_text_never_reaches_the_log(log_dir: Path) -> None:
    log = logging.getLogger("cuecard.test")
    log.info("switched to %s (%s)", SECRET.title, SECRET.app)
    try:
        raise ValueError(f"cannot match {SECRET.title!r} of {SECRET.exe}")
    except ValueError:
        log.exception("window change callback failed")
    written = text(log_dir)
    assert "window change callback failed" in written and "Traceback" in written
    for secret in (SECRET.title, SECRET.app, SECRET.exe, "Ana Lopez"):
        assert secret not in written
    assert written.count(REDACTED) >= 4


def test_uncaught_exceptions_in_threads_are_logged_without_window_text(log_dir: Path) -> None:
    def fail() -> None:
        raise RuntimeError(f"boom in {SECRET.title}")

    worker = threading.Thread(target=fail, name="watch-test")
    worker.start()
    worker.join()
    written = text(log_dir)
    assert "uncaught exception in thread watch-test" in written
    assert "RuntimeError: boom in [window]" in written
    assert SECRET.title not in written


def test_files_are_private_and_rotate(log_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    [handler] = [
        h for h in logging.getLogger().handlers if isinstance(h, logs.PrivateRotatingFileHandler)
    ]
    handler.maxBytes = 2_000
    log = logging.getLogger("cuecard.test")
    for number in range(200):
        log.info("line %d of a long run", number)
    files = sorted(log_dir.glob(f"{LOG_NAME}*"))
    assert [p.name for p in files] == [LOG_NAME, f"{LOG_NAME}.1", f"{LOG_NAME}.2", f"{LOG_NAME}.3"]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files)
    assert stat.S_IMODE(log_dir.stat().st_mode) == 0o700
    assert sum(p.stat().st_size for p in files) < 4 * 2_000 + 200


def test_short_names_and_private_windows_are_not_remembered() -> None:
    redactor = WindowTextFilter()
    redactor.remember(WindowInfo(app="vi", title=""))
    redactor.remember(None)
    assert redactor.redact("vi and vim") == "vi and vim"
    for number in range(100):  # only the latest windows are kept
        redactor.remember(WindowInfo(app=f"app{number:03}", title=f"title {number:03}"))
    assert redactor.redact("title 099 app000") == f"{REDACTED} app000"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG log dir is Linux's")
def test_the_log_goes_to_the_users_log_dir_unless_a_data_dir_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """platformdirs' user log dir ($XDG_STATE_HOME/cuecard/log), not the data dir; a
    data dir given by option or environment (tests, portable use) keeps its logs inside."""
    assert AppPaths.default().log_dir == tmp_path / "xdg-state" / "cuecard" / "log"
    assert AppPaths.default(tmp_path / "portable").log_dir == tmp_path / "portable" / "logs"
    monkeypatch.setenv("CUECARD_DATA_DIR", str(tmp_path / "env-data"))
    assert AppPaths.default().log_dir == tmp_path / "env-data" / "logs"
