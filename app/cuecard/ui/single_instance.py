"""One Cuecard per user and data dir: a second start hands its wish to the first.

A local socket (a Unix socket, or a named pipe on Windows) named after the data dir;
messages are one line: `search` (open the palette) or `quit`.
"""

from __future__ import annotations

import getpass
import hashlib
import time
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_TIMEOUT_MS = 1000


def server_name(data_dir: Path) -> str:
    digest = hashlib.sha256(f"{getpass.getuser()}:{data_dir.resolve()}".encode()).hexdigest()
    return f"cuecard-{digest[:16]}"


def send_to_running(name: str, message: str) -> bool:
    """True when a running instance took the message."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(f"{message}\n".encode())
    socket.flush()  # may already write everything; then there is nothing left to wait for
    delivered = socket.bytesToWrite() == 0 or socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    socket.disconnectFromServer()
    return delivered


def close_running_instance(data_dir: Path, timeout_s: float = 15.0) -> bool | None:
    """Ask a running Cuecard for `data_dir` to quit and wait until it has let go of its
    files. None: none was running; True: it quit; False: still running at the timeout."""
    name = server_name(data_dir)
    if not send_to_running(name, "quit"):
        return None
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        # The app stops listening after its writer has flushed and closed the database.
        probe = QLocalSocket()
        probe.connectToServer(name)
        if not probe.waitForConnected(CONNECT_TIMEOUT_MS):
            return True
        probe.abort()
        time.sleep(0.1)
    return False


class InstanceServer(QObject):
    """Listens for later starts; emits each message on the GUI thread."""

    message = Signal(str)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = QLocalServer(self)
        self._server.newConnection.connect(self._accept)
        self.name = name

    def listen(self) -> bool:
        QLocalServer.removeServer(self.name)  # a stale socket left by a crash
        return self._server.listen(self.name)

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        while socket.canReadLine():
            text = bytes(socket.readLine().data()).decode(errors="replace").strip()
            if text in ("search", "quit"):
                self.message.emit(text)

    def close(self) -> None:
        self._server.close()
