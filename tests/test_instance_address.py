"""Where the instance socket lives: a directory only the user can enter, checked owners."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from cuecard.instance_address import (
    POINTER_NAME,
    InstanceAddress,
    UnsafeInstanceError,
    check_peer,
    check_socket_file,
    instance_address,
    instance_digest,
    peer_uid,
    record_address,
    recorded_address,
    runtime_dir,
)
from tests.other_user import OTHER_UID, ForeignListener, needs_root, shared_temp_dir

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Unix sockets and modes")
ME = os.geteuid() if os.name == "posix" else 0


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return path.lstat().st_mode & 0o777


def private_folder(path: Path) -> Path:
    path.mkdir(mode=0o700)
    return path


def test_xdg_runtime_dir_of_ours_holds_the_socket_and_lock(tmp_path: Path) -> None:
    xdg = private_folder(tmp_path / "run")
    env = {"XDG_RUNTIME_DIR": str(xdg), "TMPDIR": str(tmp_path)}
    address = instance_address(tmp_path / "data", env)
    assert address.socket_file is not None
    assert address.socket_file.parent == xdg / "cuecard"
    assert address.server == str(address.socket_file)
    assert address.lock_file.parent == xdg / "cuecard"
    assert mode(xdg / "cuecard") == 0o700
    other = instance_address(tmp_path / "other-data", env)
    assert other.server != address.server, "one instance per data dir"


def test_without_xdg_runtime_dir_a_private_folder_is_made_whatever_the_umask(
    tmp_path: Path, umask_022: None
) -> None:
    folder = runtime_dir({"TMPDIR": str(tmp_path)})
    assert folder == tmp_path / f"cuecard-{ME}"
    assert mode(folder) == 0o700
    assert runtime_dir({"TMPDIR": str(tmp_path)}) == folder, "found again"


def test_an_xdg_runtime_dir_open_to_others_is_not_used(tmp_path: Path) -> None:
    xdg = tmp_path / "run"
    xdg.mkdir()
    xdg.chmod(0o755)
    folder = runtime_dir({"XDG_RUNTIME_DIR": str(xdg), "TMPDIR": str(tmp_path)})
    assert folder == tmp_path / f"cuecard-{ME}"
    assert mode(xdg) == 0o755, "not ours to change"


@needs_root
def test_an_xdg_runtime_dir_of_another_user_is_not_used(tmp_path: Path) -> None:
    xdg = private_folder(tmp_path / "run")
    os.chown(xdg, OTHER_UID, OTHER_UID)
    folder = runtime_dir({"XDG_RUNTIME_DIR": str(xdg), "TMPDIR": str(tmp_path)})
    assert folder == tmp_path / f"cuecard-{ME}"


def fresh_private_folder(folder: Path, tmp_path: Path) -> None:
    """A new 0700 folder of ours, next to the usual one, under a name none could guess."""
    assert folder.parent == tmp_path and folder.name.startswith(f"cuecard-{ME}-")
    assert len(folder.name) >= len(f"cuecard-{ME}-") + 8
    info = folder.lstat()
    assert info.st_uid == ME and mode(folder) == 0o700 and folder.is_dir()
    assert not folder.is_symlink()


@needs_root
def test_a_folder_of_another_user_is_not_used(tmp_path: Path) -> None:
    taken = private_folder(tmp_path / f"cuecard-{ME}")
    os.chown(taken, OTHER_UID, OTHER_UID)
    folder = runtime_dir({"TMPDIR": str(tmp_path)})
    fresh_private_folder(folder, tmp_path)
    assert taken.lstat().st_uid == OTHER_UID and not any(taken.iterdir()), "left alone"


@needs_root
def test_an_open_folder_with_what_cannot_be_removed_is_not_used(tmp_path: Path) -> None:
    """Another user's non-empty folder planted in our open folder: not ours to empty."""
    taken = tmp_path / f"cuecard-{ME}"
    taken.mkdir()
    taken.chmod(0o777)
    planted = taken / "planted"
    (planted / "inside").mkdir(parents=True)
    os.chown(planted, OTHER_UID, OTHER_UID)
    fresh_private_folder(runtime_dir({"TMPDIR": str(tmp_path)}), tmp_path)


@pytest.mark.parametrize("what", ["link", "file", "link to nowhere"])
def test_a_link_or_file_in_the_way_is_not_used(tmp_path: Path, what: str) -> None:
    taken = tmp_path / f"cuecard-{ME}"
    if what == "link":
        taken.symlink_to(private_folder(tmp_path / "elsewhere"))
    elif what == "file":
        taken.write_text("")
    else:
        taken.symlink_to(tmp_path / "nowhere")
    folder = runtime_dir({"TMPDIR": str(tmp_path)})
    fresh_private_folder(folder, tmp_path)
    assert not (tmp_path / "nowhere").exists(), "the link was not followed"
    assert folder != runtime_dir({"TMPDIR": str(tmp_path)}), "fresh each time by itself"


def test_later_starts_find_the_fallback_folder_through_the_data_dir(tmp_path: Path) -> None:
    (tmp_path / f"cuecard-{ME}").write_text("")
    env = {"TMPDIR": str(tmp_path)}
    data_dir = tmp_path / "data"
    first = instance_address(data_dir, env)
    assert first.socket_file is not None
    fresh_private_folder(first.socket_file.parent, tmp_path)
    record_address(data_dir, first)  # what the running instance does
    assert instance_address(data_dir, env) == first, "one instance: the same lock and socket"
    first.socket_file.parent.chmod(0o755)  # no longer private: not reused
    again = instance_address(data_dir, env)
    assert again.socket_file is not None and again != first
    fresh_private_folder(again.socket_file.parent, tmp_path)


def test_a_noted_folder_elsewhere_is_not_reused(tmp_path: Path) -> None:
    (tmp_path / f"cuecard-{ME}").write_text("")
    data_dir = tmp_path / "data"
    other = private_folder(tmp_path / "other")
    planted = private_folder(other / f"cuecard-{ME}-abcdefgh")
    sock = planted / f"{instance_digest(data_dir)}.sock"
    record_address(data_dir, InstanceAddress(str(sock), sock.with_suffix(".lock"), sock))
    assert recorded_address(data_dir) is not None, "a plausible note, but not in TMPDIR"
    address = instance_address(data_dir, {"TMPDIR": str(tmp_path)})
    assert address.socket_file is not None and address.socket_file.parent.parent == tmp_path
    assert planted.exists()


@needs_root
def test_an_open_folder_of_ours_is_closed_and_what_others_left_in_it_goes(
    tmp_path: Path,
) -> None:
    folder = tmp_path / f"cuecard-{ME}"
    folder.mkdir()
    folder.chmod(0o777)
    planted = folder / "0123456789abcdef.sock"
    planted.write_text("")
    os.chown(planted, OTHER_UID, OTHER_UID)
    own = folder / "mine.lock"
    own.write_text("")
    assert runtime_dir({"TMPDIR": str(tmp_path)}) == folder
    assert mode(folder) == 0o700
    assert not planted.exists()
    assert own.exists()


def listening_socket(path: Path) -> socket.socket:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.listen(1)
    return server


def test_only_a_socket_of_ours_is_talked_to(tmp_path: Path) -> None:
    path = tmp_path / "x.sock"
    assert check_socket_file(path) is False, "nothing there: nobody is running"
    with listening_socket(path):
        assert check_socket_file(path) is True
    file = tmp_path / "file.sock"
    file.write_text("")
    with pytest.raises(UnsafeInstanceError):
        check_socket_file(file)


@needs_root
def test_a_socket_of_another_user_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.sock"
    with listening_socket(path):
        os.chown(path, OTHER_UID, OTHER_UID)
        with pytest.raises(UnsafeInstanceError, match=f"uid {OTHER_UID}"):
            check_socket_file(path)


def test_peer_uid_of_our_own_connection_is_ours() -> None:
    left, right = socket.socketpair(socket.AF_UNIX)
    with left, right:
        assert peer_uid(left.fileno()) == ME
        check_peer(left.fileno())
        assert left.fileno() >= 0, "the descriptor stays open"


@needs_root
def test_peer_uid_names_a_process_of_another_user() -> None:
    with shared_temp_dir() as shared:
        path = shared / "squat" / "x.sock"
        listener = ForeignListener([path])
        try:
            with socket.socket(socket.AF_UNIX) as client:
                client.connect(str(path))
                assert peer_uid(client.fileno()) == OTHER_UID
                with pytest.raises(UnsafeInstanceError, match=f"uid {OTHER_UID}"):
                    check_peer(client.fileno())
        finally:
            seen = listener.stop()
        assert [entry["got"] for entry in seen] == [""], "connected, sent nothing"


def test_a_new_user_s_first_start_records_its_address_in_a_new_private_data_dir(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "home" / ".local" / "share" / "cuecard"  # nothing of it exists
    address = instance_address(data_dir, {"XDG_RUNTIME_DIR": str(private_folder(tmp_path / "run"))})
    record_address(data_dir, address)
    assert (data_dir / POINTER_NAME).read_text() == address.server + "\n"
    assert mode(data_dir) == 0o700
