"""Another local user for tests: a real process under a uid that is not ours.

Root can start a process under any uid (subprocess's `user=`), no passwd entry needed;
it runs the system Python, since a venv under root's home is out of its reach. The
process listens on Unix sockets, as someone squatting on Cuecard's socket would, and
reports every connection and the bytes it received.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

OTHER_UID = 54321
SYSTEM_PYTHON = "/usr/bin/python3"

needs_root = pytest.mark.skipif(
    os.name != "posix" or os.geteuid() != 0 or not Path(SYSTEM_PYTHON).exists(),
    reason="acting as another user needs root and the system python3",
)

LISTENER = r"""
import json, os, selectors, socket, sys
selector = selectors.DefaultSelector()
for path in sys.argv[1:]:
    os.makedirs(os.path.dirname(path), mode=0o755, exist_ok=True)
    server = socket.socket(socket.AF_UNIX)
    server.bind(path)
    os.chmod(path, 0o777)
    server.listen(16)
    selector.register(server, selectors.EVENT_READ, path)
selector.register(sys.stdin, selectors.EVENT_READ, None)
print(json.dumps({"ready": True}), flush=True)
stopping = False
while True:
    # After stdin closes, one last sweep (clients are done by then), then exit.
    events = selector.select(0 if stopping else None)
    if stopping and not events:
        break
    for key, _ in events:
        if key.data is None:
            sys.stdin.read()
            selector.unregister(sys.stdin)
            stopping = True
            continue
        if isinstance(key.data, str):
            connection, _ = key.fileobj.accept()
            selector.register(connection, selectors.EVENT_READ, [key.data, b""])
            continue
        chunk = key.fileobj.recv(4096)
        if chunk:
            key.data[1] += chunk
            continue
        selector.unregister(key.fileobj)
        key.fileobj.close()
        print(json.dumps({"path": key.data[0], "got": key.data[1].decode()}), flush=True)
"""


@contextmanager
def shared_temp_dir() -> Iterator[Path]:
    """A world-writable, sticky directory like /tmp (pytest's tmp_path is root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="cuecard-shared-"))
    folder.chmod(0o1777)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class ForeignListener:
    """Sockets at `paths`, held by a process of OTHER_UID; `stop()` returns what it got."""

    def __init__(self, paths: list[Path]) -> None:
        self.process = subprocess.Popen(
            [SYSTEM_PYTHON, "-c", LISTENER, *map(str, paths)],
            user=OTHER_UID,
            group=OTHER_UID,
            extra_groups=[],
            cwd="/",
            env={"PATH": "/usr/bin:/bin"},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        ready = self.process.stdout.readline()
        if not ready:
            self.process.wait()
            raise RuntimeError(f"listener failed: {self.process.stderr.read()}")  # type: ignore[union-attr]

    def stop(self) -> list[dict[str, str]]:
        """End the process (after it took what clients have sent so far); every
        connection it saw: {"path": ..., "got": ...}."""
        out, _ = self.process.communicate(timeout=10)  # closes its stdin
        return [json.loads(line) for line in out.splitlines() if line.strip()]
