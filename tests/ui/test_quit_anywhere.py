"""`cuecard --quit`, a second start and `forget` reach the running Cuecard from a shell
whose XDG_RUNTIME_DIR or TMPDIR differ from the desktop session's (real sockets)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cuecard.context import AppContext
from cuecard.instance_address import (
    POINTER_NAME,
    InstanceAddress,
    candidate_addresses,
    forget_address,
    instance_address,
    record_address,
    recorded_address,
)
from cuecard.ui.app import quit_running
from cuecard.ui.single_instance import InstanceServer

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Unix sockets")


@pytest.fixture
def session(tmp_path: Path) -> Iterator[tuple[InstanceAddress, InstanceServer, Path]]:
    """An instance listening where a desktop session (its own XDG_RUNTIME_DIR) put it."""
    run = tmp_path / "session-run"
    run.mkdir(mode=0o700)
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    address = instance_address(data, {"XDG_RUNTIME_DIR": str(run)})
    server = InstanceServer(address)
    assert server.listen()
    record_address(data, address)
    yield address, server, data
    server.close()


def test_quit_from_a_shell_with_another_environment(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    session: tuple[InstanceAddress, InstanceServer, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    address, server, data = session
    other = tmp_path / "ssh-tmp"
    other.mkdir()
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setenv("TMPDIR", str(other))  # an ssh or su shell
    context = AppContext.create(data)
    assert candidate_addresses(data)[0].server != address.server
    with qtbot.waitSignal(server.message, timeout=5_000) as got:
        assert quit_running(context) == 0
    assert got.args == ["quit"]
    assert "Asked Cuecard to quit." in capsys.readouterr().out


def test_the_note_is_private_and_checked(
    tmp_path: Path, session: tuple[InstanceAddress, InstanceServer, Path]
) -> None:
    address, _server, data = session
    pointer = data / POINTER_NAME
    assert pointer.stat().st_mode & 0o077 == 0
    assert recorded_address(data) == address
    pointer.write_text("/tmp/elsewhere/0123456789abcdef.sock\n")  # not this data dir's name
    assert recorded_address(data) is None
    pointer.write_text("relative.sock\n")
    assert recorded_address(data) is None


def test_the_note_goes_when_the_instance_stops(
    session: tuple[InstanceAddress, InstanceServer, Path], tmp_path: Path
) -> None:
    address, _server, data = session
    newer = InstanceAddress("/other/place.sock", tmp_path / "x.lock")
    forget_address(data, newer)  # a later instance's note is not ours to remove
    assert (data / POINTER_NAME).exists()
    forget_address(data, address)
    assert not (data / POINTER_NAME).exists()
    assert recorded_address(data) is None
