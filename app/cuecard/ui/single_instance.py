"""One Cuecard per user and data dir: a second start hands its wish to the first.

A local socket (a Unix socket in a directory only the user can enter, or a named pipe
only the user can open on Windows: see cuecard.instance_address); messages are one line,
`search` (open the palette), `quit`, `review-due` (open the reviews), or `hello` (a
start from a login entry: nothing). A
lock file beside the socket elects one instance when several start at once; only its
holder listens. Both ends refuse a peer that runs as another user.
"""

from __future__ import annotations

import os
import time

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from cuecard.instance_address import (
    InstanceAddress,
    UnsafeInstanceError,
    check_peer,
    check_socket_file,
)

CONNECT_TIMEOUT_MS = 1000
START_TIMEOUT_S = 30.0
# search: open the palette (a second start); quit; review-due: open the reviews
# (`cuecard review-due`); hello: nothing (a login entry's start)
MESSAGES = ("search", "quit", "review-due", "hello")


class InstanceStartError(Exception):
    """This start can neither become the instance nor reach the one that is."""


def send_to_running(address: InstanceAddress, message: str) -> bool:
    """True when a running instance of ours took the message, False when none listens.
    Raises UnsafeInstanceError when what listens there is not ours: nothing is sent."""
    socket = _connect(address)
    if socket is None:
        return False
    socket.write(f"{message}\n".encode())
    socket.flush()  # may already write everything; then there is nothing left to wait for
    delivered = socket.bytesToWrite() == 0 or socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    socket.disconnectFromServer()
    return delivered


def close_running_instance(address: InstanceAddress, timeout_s: float = 15.0) -> bool | None:
    """Ask a running Cuecard to quit and wait until it has let go of its files.
    None: none was running; True: it quit; False: still running at the timeout.
    Raises UnsafeInstanceError when what listens there is not ours."""
    if not send_to_running(address, "quit"):
        return None
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        # The app stops listening after its writer has flushed and closed the database.
        probe = _connect(address)
        if probe is None:
            return True
        probe.abort()
        time.sleep(0.1)
    return False


def become_instance(
    address: InstanceAddress, timeout_s: float = START_TIMEOUT_S, message: str = "search"
) -> QLockFile | None:
    """Hand `message` to the running instance (None), or take the lock that makes this
    process the instance (it must listen next). When several start at once, one gets
    the lock and the others wait until it listens. Raises InstanceStartError."""
    lock = QLockFile(str(address.lock_file))
    lock.setStaleLockTime(0)  # stale only when its process is gone, however old
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if send_to_running(address, message):
                return None
        except UnsafeInstanceError:
            pass  # never talked to; in our own folder, so the lock holder may replace it
        if lock.tryLock(200):
            return lock
        if lock.error() != QLockFile.LockError.LockFailedError:
            raise InstanceStartError(f"cannot create the lock file {address.lock_file}.")
        if time.monotonic() > deadline:
            raise InstanceStartError(
                f"another Cuecard holds {address.lock_file} but does not answer; "
                "quit it (or end its process) and start again."
            )


def _connect(address: InstanceAddress) -> QLocalSocket | None:
    """A connection to the instance that is ours, None when nobody listens."""
    if address.socket_file is not None and not check_socket_file(address.socket_file):
        return None
    socket = QLocalSocket()
    socket.connectToServer(address.server)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return None
    try:
        check_peer(int(socket.socketDescriptor()))
    except UnsafeInstanceError:
        socket.abort()
        raise
    return socket


class InstanceServer(QObject):
    """Listens for later starts; emits each message on the GUI thread. Connections from
    another user are dropped unread (`refused` says why)."""

    message = Signal(str)
    refused = Signal(str)

    def __init__(
        self, address: InstanceAddress, owner_uid: int | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.address = address
        if owner_uid is None and os.name == "posix":
            owner_uid = os.geteuid()
        self._owner = owner_uid  # None: the platform's pipe permissions decide (Windows)
        self._server = QLocalServer(self)
        # Windows: a pipe only this user may open. POSIX: the socket file is 0700 and is
        # renamed into place, so only call listen() while holding the instance lock.
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        """Listen; a socket file a crashed instance left behind is removed and listening
        tried once more. False (see `error`) when it still fails."""
        if self._server.listen(self.address.server):
            return True
        QLocalServer.removeServer(self.address.server)
        return self._server.listen(self.address.server)

    @property
    def error(self) -> str:
        return self._server.errorString()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.disconnected.connect(socket.deleteLater)
            if self._owner is not None:
                try:
                    check_peer(int(socket.socketDescriptor()), self._owner)
                except UnsafeInstanceError as error:
                    socket.abort()
                    socket.deleteLater()
                    self.refused.emit(str(error))
                    continue
            socket.readyRead.connect(lambda s=socket: self._read(s))
            self._read(socket)  # what arrived before the connection was accepted

    def _read(self, socket: QLocalSocket) -> None:
        while socket.canReadLine():
            text = bytes(socket.readLine().data()).decode(errors="replace").strip()
            if text in MESSAGES:
                self.message.emit(text)

    def close(self) -> None:
        self._server.close()
