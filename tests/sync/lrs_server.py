"""A real Learning Record Store on loopback for the tests, and a tap in front of it.

`install_lrs()` installs Learning Locker's statement service (npm `xapi-statements`,
in-memory store) once into a cache folder outside the repository (TEST-ENV.md), and
`LearningLocker` runs it on a port of its own. Its test auth accepts any credentials,
so `Tap`, a small loopback proxy, can check HTTP Basic credentials (a server that
really refuses), record every statement batch it forwards, answer with a chosen status
(429 with Retry-After), or hold a request in flight while the test kills something.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import http.client
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from tests.loopback_http import send_reply, serve_on_loopback, stop_serving

LRS_PACKAGE = "xapi-statements@5.0.1"
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
LRS_DIR = Path(os.environ.get("CUECARD_TEST_LRS_DIR") or CACHE / "cuecard-tests" / "lrs-5.0.1")
ENTRY = LRS_DIR / "node_modules" / "xapi-statements" / "dist" / "index.js"


def install_lrs() -> Path:
    """Install the LRS once (about 20-70 s); later calls return at once."""
    if ENTRY.is_file():
        return ENTRY
    if shutil.which("node") is None or shutil.which("npm") is None:
        raise RuntimeError("node and npm are needed: scripts/system-deps.sh installs them")
    LRS_DIR.mkdir(parents=True, exist_ok=True)
    with (LRS_DIR / ".install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not ENTRY.is_file():
            (LRS_DIR / "package.json").write_text('{"name": "cuecard-test-lrs", "private": true}')
            subprocess.run(
                ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", LRS_PACKAGE],
                cwd=LRS_DIR,
                check=True,
                capture_output=True,
                timeout=600,
            )
    return ENTRY


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LearningLocker:
    """One LRS process; `stop` kills it (its in-memory statements go with it)."""

    def __init__(self, workdir: Path, port: int | None = None) -> None:
        self.port = port or free_port()
        self.workdir = workdir
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI/"

    def start(self, timeout: float = 90.0) -> LearningLocker:
        storage = self.workdir / "storage"
        (storage / "access").mkdir(parents=True, exist_ok=True)
        env = dict(
            os.environ,
            AUTH_REPO="test",
            EVENTS_REPO="test",
            MODELS_REPO="memory",
            STORAGE_REPO="local",
            EXPRESS_PORT=str(self.port),
            FS_LOCAL_STORAGE_DIR=str(storage),
            EXPRESS_MORGAN_DIRECTORY=str(storage / "access"),
            WINSTON_CONSOLE_LEVEL="error",
            NODE_NO_WARNINGS="1",
        )
        log = (self.workdir / "lrs.log").open("ab")
        self.process = subprocess.Popen(
            ["node", str(install_lrs())], env=env, stdout=log, stderr=log, cwd=self.workdir
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the LRS exited: {(self.workdir / 'lrs.log').read_text()}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.endpoint + "about", timeout=1).status_code == 200:
                    return self
            time.sleep(0.1)
        raise RuntimeError("the LRS did not start in time")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)
        self.process = None

    def statement_ids(self) -> list[str]:
        """Every statement id the LRS holds, following `more` (duplicates would show)."""
        ids: list[str] = []
        url: str | None = self.endpoint + "statements?limit=500"
        with httpx.Client(
            headers={"X-Experience-API-Version": "1.0.3"}, auth=("test", "test"), timeout=30
        ) as client:
            while url:
                data = client.get(url).json()
                ids += [s["id"] for s in data["statements"]]
                more = data.get("more")
                url = f"http://127.0.0.1:{self.port}{more}" if more else None
        return ids


@dataclass
class Tap:
    """A loopback proxy in front of the LRS, with switches the tests flip."""

    upstream_port: int
    credentials: tuple[str, str] | None = None  # None: let everything through
    answer: tuple[int, dict[str, str]] | None = None  # answer this instead of forwarding
    hold: Callable[[bytes], None] | None = None  # called in flight, before forwarding
    after: Callable[[bytes, int], None] | None = None  # called after the LRS answered
    posts: list[tuple[bytes, int]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def endpoint(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/xAPI/"

    def start(self) -> Tap:
        tap = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: object) -> None:
                pass

            def do_GET(self) -> None:
                self._relay(b"")

            def do_POST(self) -> None:
                self._relay(self.rfile.read(int(self.headers.get("Content-Length", 0))))

            def _relay(self, body: bytes) -> None:
                if tap.credentials is not None and not self.path.endswith("/about"):
                    user, password = tap.credentials
                    wanted = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
                    if self.headers.get("Authorization") != wanted:
                        self._reply(401, {"WWW-Authenticate": 'Basic realm="LRS"'}, b"{}")
                        return
                if tap.answer is not None:
                    self._reply(tap.answer[0], tap.answer[1], b'{"message":"busy"}')
                    return
                if tap.hold is not None and self.command == "POST":
                    tap.hold(body)
                try:
                    status, headers, data = _forward(tap.upstream_port, self, body)
                except OSError:
                    self.close_connection = True  # the LRS is gone: drop the client
                    return
                if self.command == "POST":
                    tap.posts.append((body, status))
                    if tap.after is not None:
                        tap.after(body, status)
                self._reply(status, headers, data)

            def _reply(self, status: int, headers: dict[str, str], data: bytes) -> None:
                with contextlib.suppress(OSError):
                    send_reply(self, status, headers, data)

        self.server = serve_on_loopback(Handler)
        return self

    def stop(self) -> None:
        stop_serving(self.server)


def _forward(
    port: int, request: BaseHTTPRequestHandler, body: bytes
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {k: v for k, v in request.headers.items() if k.lower() != "host"}
        connection.request(request.command, request.path, body=body or None, headers=headers)
        response = connection.getresponse()
        data = response.read()
        keep = ("Content-Type", "X-Experience-API-Version", "X-Experience-API-Consistent-Through")
        return response.status, {k: v for k, v in response.getheaders() if k in keep}, data
    finally:
        connection.close()


@contextlib.contextmanager
def running_lrs(workdir: Path) -> Iterator[LearningLocker]:
    lrs = LearningLocker(workdir).start()
    try:
        yield lrs
    finally:
        lrs.stop()
