"""The single-instance socket on real Unix sockets: lock, stale files, foreign peers."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from tests.other_user import OTHER_UID, ForeignListener, needs_root, shared_temp_dir

from cuecard.instance_address import InstanceAddress, UnsafeInstanceError, instance_address
from cuecard.ui.single_instance import (
    InstanceServer,
    InstanceStartError,
    become_instance,
    close_running_instance,
    send_to_running,
)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Unix sockets")


@pytest.fixture
def address(tmp_path: Path) -> InstanceAddress:
    run = tmp_path / "run"
    run.mkdir(mode=0o700)
    return instance_address(tmp_path / "data", {"XDG_RUNTIME_DIR": str(run)})


@pytest.fixture
def server(address: InstanceAddress) -> Iterator[InstanceServer]:
    instance = InstanceServer(address)
    yield instance
    instance.close()


def test_a_later_start_hands_search_to_the_instance(
    qtbot: QtBot, address: InstanceAddress, server: InstanceServer
) -> None:
    lock = become_instance(address)
    assert lock is not None, "nobody running: this start is the instance"
    assert server.listen()
    socket_file = address.socket_file
    assert socket_file is not None and socket_file.lstat().st_mode & 0o077 == 0
    with qtbot.waitSignal(server.message, timeout=5_000) as got:
        assert become_instance(address) is None, "the second start hands over"
    assert got.args == ["search"]
    with qtbot.waitSignal(server.message, timeout=5_000) as got:
        assert send_to_running(address, "quit")
    assert got.args == ["quit"]
    lock.unlock()


def test_a_start_that_cannot_reach_the_lock_holder_says_so(address: InstanceAddress) -> None:
    holder = become_instance(address)
    assert holder is not None  # holds the lock but never listens (hung while starting)
    with pytest.raises(InstanceStartError, match="does not answer"):
        become_instance(address, timeout_s=0.5)
    holder.unlock()
    again = become_instance(address, timeout_s=0.5)
    assert again is not None, "free once the holder lets go"
    again.unlock()


def test_nothing_running_is_not_an_error(address: InstanceAddress) -> None:
    assert send_to_running(address, "quit") is False
    assert close_running_instance(address, timeout_s=1) is None


def test_a_stale_socket_file_is_replaced(
    qtbot: QtBot, address: InstanceAddress, server: InstanceServer
) -> None:
    assert address.socket_file is not None
    crashed = socket.socket(socket.AF_UNIX)
    crashed.bind(str(address.socket_file))  # bound, never listening: a crash's leftover
    crashed.close()
    assert send_to_running(address, "search") is False
    assert server.listen(), server.error
    with qtbot.waitSignal(server.message, timeout=5_000):
        assert send_to_running(address, "search")


def test_a_failed_listen_is_reported(address: InstanceAddress, server: InstanceServer) -> None:
    assert address.socket_file is not None
    address.socket_file.mkdir()  # something that is no socket and cannot be removed
    assert not server.listen()
    assert server.error


def test_the_server_drops_a_peer_of_another_user(qtbot: QtBot, address: InstanceAddress) -> None:
    # Emulated: the server believes it runs as another uid, so we are the stranger.
    server = InstanceServer(address, owner_uid=os.geteuid() + 1)
    assert server.listen()
    messages: list[str] = []
    server.message.connect(messages.append)
    with qtbot.waitSignal(server.refused, timeout=5_000) as refused:
        send_to_running(address, "quit")
    assert f"uid {os.geteuid()}" in refused.args[0]
    assert messages == [], "dropped unread"
    server.close()


@needs_root
def test_a_socket_of_another_user_gets_nothing(address: InstanceAddress) -> None:
    with shared_temp_dir() as shared:
        path = shared / "squat" / "cuecard.sock"
        listener = ForeignListener([path])
        try:
            by_file = InstanceAddress(str(path), address.lock_file, path)
            with pytest.raises(UnsafeInstanceError, match="not a Cuecard socket of yours"):
                send_to_running(by_file, "quit")
            with pytest.raises(UnsafeInstanceError):
                close_running_instance(by_file)
            # Without a file to check (as for a Windows pipe), the peer check still holds.
            by_name = InstanceAddress(str(path), address.lock_file)
            with pytest.raises(UnsafeInstanceError, match=f"uid {OTHER_UID}"):
                send_to_running(by_name, "quit")
        finally:
            seen = listener.stop()
    assert [entry["got"] for entry in seen] == [""], "one connection, not a byte sent"


@needs_root
def test_a_start_replaces_a_foreign_socket_in_its_own_folder(
    qtbot: QtBot, address: InstanceAddress, server: InstanceServer
) -> None:
    assert address.socket_file is not None
    planted = socket.socket(socket.AF_UNIX)
    planted.bind(str(address.socket_file))
    planted.listen(4)
    planted.setblocking(False)
    os.chown(address.socket_file, OTHER_UID, OTHER_UID)
    with pytest.raises(UnsafeInstanceError):
        send_to_running(address, "quit")
    lock = become_instance(address, timeout_s=5)
    assert lock is not None, "what is not ours does not count as running"
    assert server.listen(), server.error
    with qtbot.waitSignal(server.message, timeout=5_000):
        assert send_to_running(address, "search")
    with planted, pytest.raises(BlockingIOError):
        planted.accept()  # nobody ever reached it
    lock.unlock()
