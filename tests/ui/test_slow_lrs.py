"""An LRS that answers slowly (docs/reliability.md): the push times out on its own
thread and the statements wait, nothing lost; quitting with a request in flight does
not wait for the LRS (it held the GUI thread for up to ten seconds)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from tests.loopback_http import serve_on_loopback, stop_serving
from tests.sync.conftest import queue_events, record  # noqa: F401
from tests.ui.test_sync_bridge import app_context, sync_lines

from cuecard.clock import FixedClock
from cuecard.store.events import EventKind
from cuecard.sync.lrs import LrsClient
from cuecard.sync.sender import DirectAccess, Outcome, push
from cuecard.ui.bridge import LibraryService
from cuecard.ui.controller import TrayController
from cuecard.watch.base import BackendChoice

QuitAfter = Callable[[TrayController], TrayController]


class SlowLrs:
    """Takes each request, then answers 200 only after `delay` seconds."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.asked = threading.Event()
        self.answered = threading.Event()
        self.release = threading.Event()
        slow = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: object) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                slow.asked.set()
                slow.release.wait(slow.delay)
                try:
                    self.send_response(200)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"[]")
                except OSError:
                    return
                slow.answered.set()

        self.server = serve_on_loopback(Handler)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/xAPI/"

    def stop(self) -> None:
        self.release.set()
        stop_serving(self.server)


@pytest.fixture
def slow() -> Iterator[SlowLrs]:
    server = SlowLrs(delay=5.0)
    yield server
    server.stop()


def test_a_push_to_an_lrs_that_does_not_answer_times_out_and_keeps_the_statements(
    slow: SlowLrs,
    record: object,  # noqa: F811
    clock: FixedClock,
) -> None:
    ids = queue_events(record, clock, 3)  # type: ignore[arg-type]
    with LrsClient(slow.endpoint, "cuecard", "secret", timeout=1.0) as client:
        result = push(DirectAccess(record), client, clock)  # type: ignore[arg-type]
    assert result.outcome is Outcome.RETRY
    assert "did not answer (ReadTimeout" in result.message and "3 statements wait" in result.message
    pending = record.execute("SELECT statement_id FROM outbox WHERE state = 'pending'")  # type: ignore[attr-defined]
    assert [row[0] for row in pending] == ids


def test_quit_does_not_wait_for_a_slow_lrs(
    qtbot: QtBot,
    slow: SlowLrs,
    tmp_path: Path,
    content_root: Path,
    clock: FixedClock,
    quit_after: QuitAfter,
) -> None:
    context = app_context(tmp_path, content_root, clock, sync_lines(slow.endpoint))
    service = LibraryService(context.open_library(), watch=False)
    choice = BackendChoice("none", "test", None, False)
    controller = TrayController(context, service, False, choice, False)
    controller.start()
    controller.loop.record(EventKind.COMPLETED, "calc/freeze")
    qtbot.waitUntil(slow.asked.is_set, timeout=20_000)  # the push is in flight
    controller.quit()
    assert not slow.answered.is_set(), "quit returned before the LRS answered"
