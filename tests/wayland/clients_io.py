"""A line-protocol child process (test window, virtual pointer) with timeouts on reads."""

from __future__ import annotations

import queue
import subprocess
import threading
from typing import Any

import pytest

TIMEOUT = 20.0


class LineClient:
    """Reads the child's stdout on a thread; `expect` waits for a line, `command` for "ok"."""

    def __init__(self, process: subprocess.Popen[Any], what: str) -> None:
        self.process = process
        self.what = what
        self.pid = process.pid
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def expect(self, prefix: str, timeout: float = TIMEOUT) -> str:
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                pytest.fail(f"{self.what} never said {prefix!r}; it said {self.seen[-5:]}")
            if line is None:
                pytest.fail(f"{self.what} exited ({self.process.wait()}); it said {self.seen[-5:]}")
            self.seen.append(line)
            if line.startswith(prefix):
                return line

    def command(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        self.expect("ok")

    def close(self) -> None:
        """Ask the window to close and wait for the process to end."""
        self.command("close")
        self.process.wait(timeout=TIMEOUT)
