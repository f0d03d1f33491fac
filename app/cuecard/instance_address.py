"""Where the running Cuecard listens for later starts, and whether what listens is ours.

On Linux, macOS and the BSDs the socket and its lock file live in a directory only the
user can enter: `$XDG_RUNTIME_DIR/cuecard` when that runtime dir is ours with mode 0700,
else `<temp dir>/cuecard-<uid>`, which we create 0700. When that name is taken (a link,
a file, another user's directory: anyone can squat on a name in /tmp), a fresh private
`<temp dir>/cuecard-<uid>-XXXXXXXX` from mkdtemp is used instead, and found again by
later starts through the address noted in the data dir (below). Before talking to a
socket, its file must be ours; after connecting, so must the process behind it (peer
credentials: SO_PEERCRED on Linux, LOCAL_PEERCRED on macOS and FreeBSD). On Windows
the server is a named pipe that only the user may open (QLocalServer's
UserAccessOption) and the lock is in the user's own temp dir. Pure: no Qt here
(ui/single_instance.py does the talking).

The runtime dir depends on the environment (XDG_RUNTIME_DIR, TMPDIR), which differs
between a desktop session and, say, an ssh or `su` shell; so the listening instance
also notes its address in the data dir (`instance-address`, 0600), and `--quit`, a
second start and `forget` try that address too when their own finds nobody.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import socket
import stat
import struct
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cuecard.private_files import ensure_private_dir, write_private_text

_POSIX = os.name == "posix"


class UnsafeInstanceError(Exception):
    """The place for the instance socket, or what listens there, is not the user's own."""


@dataclass(frozen=True)
class InstanceAddress:
    """The server name to listen on or connect to, and the lock that elects one instance."""

    server: str  # POSIX: the full socket path; Windows: the pipe name
    lock_file: Path
    socket_file: Path | None = None  # POSIX: checked before every connection


def instance_address(data_dir: Path, env: Mapping[str, str] | None = None) -> InstanceAddress:
    """The address for one user's Cuecard on `data_dir`; makes the private directory.
    Raises UnsafeInstanceError when no directory of the user's own can be had."""
    environ = os.environ if env is None else env
    digest = instance_digest(data_dir)
    if not _POSIX:
        folder = Path(tempfile.gettempdir()) / "cuecard"
        folder.mkdir(parents=True, exist_ok=True)
        # Pipe names are machine-wide: the user's name keeps two users' pipes apart.
        user = hashlib.sha256(getpass.getuser().encode()).hexdigest()[:8]
        return InstanceAddress(f"cuecard-{user}-{digest}", folder / f"{digest}.lock")
    noted = recorded_address(data_dir)
    folder = runtime_dir(environ, reuse=None if noted is None else noted.lock_file.parent)
    return InstanceAddress(
        str(folder / f"{digest}.sock"), folder / f"{digest}.lock", folder / f"{digest}.sock"
    )


POINTER_NAME = "instance-address"


def record_address(data_dir: Path, address: InstanceAddress) -> None:
    """Note where the instance on `data_dir` listens (for shells with another env). The
    data dir may not exist yet: a new user's very first start."""
    ensure_private_dir(data_dir)
    write_private_text(data_dir / POINTER_NAME, address.server + "\n")


def forget_address(data_dir: Path, address: InstanceAddress) -> None:
    """Remove the note, if it is still ours (a later instance may have replaced it)."""
    pointer = data_dir / POINTER_NAME
    try:
        if pointer.read_text(encoding="utf-8").strip() == address.server:
            pointer.unlink()
    except OSError:
        pass


def recorded_address(data_dir: Path) -> InstanceAddress | None:
    """The address the instance on `data_dir` noted, when it is a plausible one: on
    POSIX an absolute socket path named after this data dir's digest."""
    try:
        server = (data_dir / POINTER_NAME).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    digest = instance_digest(data_dir)
    if not _POSIX:
        return InstanceAddress(server, Path(tempfile.gettempdir()) / "cuecard" / f"{digest}.lock")
    socket_file = Path(server)
    if not socket_file.is_absolute() or socket_file.name != f"{digest}.sock":
        return None
    return InstanceAddress(server, socket_file.with_suffix(".lock"), socket_file)


def candidate_addresses(
    data_dir: Path, env: Mapping[str, str] | None = None
) -> list[InstanceAddress]:
    """Where an instance on `data_dir` may listen: this environment's address first,
    then the one the instance noted, if it differs."""
    found = [instance_address(data_dir, env)]
    noted = recorded_address(data_dir)
    if noted is not None and noted.server != found[0].server:
        found.append(noted)
    return found


def instance_digest(data_dir: Path) -> str:
    """Names the socket and lock of the instance on `data_dir`."""
    return hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]


def runtime_dir(env: Mapping[str, str], uid: int | None = None, reuse: Path | None = None) -> Path:
    """A directory for sockets that only `uid` (default: us) can enter (POSIX). When the
    usual one is taken: `reuse` (a fallback directory an instance noted) if it is still
    a private directory of ours, else a fresh one."""
    owner = os.geteuid() if uid is None else uid
    xdg = env.get("XDG_RUNTIME_DIR", "")
    if xdg and Path(xdg).is_absolute() and _private_to(Path(xdg), owner):
        try:
            return claim_dir(Path(xdg) / "cuecard", owner)
        except UnsafeInstanceError:
            pass
    base = Path(env["TMPDIR"]) if env.get("TMPDIR") else Path(tempfile.gettempdir())
    try:
        return claim_dir(base / f"cuecard-{owner}", owner)
    except UnsafeInstanceError:
        return _fallback_dir(base, owner, reuse)


def _fallback_dir(base: Path, owner: int, reuse: Path | None) -> Path:
    prefix = f"cuecard-{owner}-"
    if reuse is not None and reuse.parent == base and reuse.name.startswith(prefix):
        try:
            info = reuse.lstat()
        except OSError:
            info = None
        if (
            info is not None
            and stat.S_ISDIR(info.st_mode)
            and info.st_uid == owner
            and not info.st_mode & 0o077
        ):
            return reuse
    try:
        return Path(tempfile.mkdtemp(prefix=prefix, dir=base))  # 0700, a name none can guess
    except OSError as error:
        raise UnsafeInstanceError(
            f"cannot make a private directory in {base}: {error.strerror}; "
            "set XDG_RUNTIME_DIR to a directory only you can enter."
        ) from error


def claim_dir(path: Path, uid: int) -> Path:
    """Create `path` 0700, or check that the existing one is a real directory of `uid`'s.
    One we own but left open gets 0700, and anything in it that others own goes."""
    try:
        path.mkdir(mode=0o700)
    except FileExistsError:
        pass
    except OSError as error:
        raise UnsafeInstanceError(f"cannot make {path}: {error.strerror}") from error
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise UnsafeInstanceError(
            f"{path} is not a directory of your own (it is a link or a file); "
            "remove it, or set XDG_RUNTIME_DIR to a directory only you can enter."
        )
    if info.st_uid != uid:
        raise UnsafeInstanceError(
            f"{path} belongs to another user (uid {info.st_uid}), so Cuecard cannot keep its "
            "socket there; remove it, or set XDG_RUNTIME_DIR to a directory only you can "
            "enter."
        )
    if info.st_mode & 0o077:
        path.chmod(0o700)
        for entry in path.iterdir():  # planted while the directory was open
            if entry.lstat().st_uid != uid:
                try:
                    if entry.is_dir():
                        entry.rmdir()
                    else:
                        entry.unlink()
                except OSError as error:
                    raise UnsafeInstanceError(
                        f"{entry} belongs to another user and cannot be removed; remove it."
                    ) from error
    return path


def check_socket_file(path: Path, uid: int | None = None) -> bool:
    """False when nothing is at `path`; True when it is a socket of ours; raises
    UnsafeInstanceError for anything else (never talk to it)."""
    owner = os.geteuid() if uid is None else uid
    try:
        info = path.lstat()
    except FileNotFoundError:
        return False
    if not stat.S_ISSOCK(info.st_mode) or info.st_uid != owner:
        raise UnsafeInstanceError(
            f"{path} is not a Cuecard socket of yours (owner uid {info.st_uid}); not talking to it."
        )
    return True


@dataclass(frozen=True)
class CredentialQuery:
    """The getsockopt() that tells a Unix socket peer's uid on one platform."""

    level: int
    option: int
    size: int
    layout: str  # struct format; the uid is its second field


def credential_query(platform: str) -> CredentialQuery | None:
    """Linux: SO_PEERCRED (struct ucred: pid, uid, gid). macOS and FreeBSD:
    LOCAL_PEERCRED at level SOL_LOCAL (struct xucred: version, uid, ...)."""
    if platform.startswith("linux"):
        option = getattr(socket, "SO_PEERCRED", 17)
        return CredentialQuery(socket.SOL_SOCKET, option, struct.calcsize("3i"), "3i")
    if platform == "darwin" or platform.startswith("freebsd"):
        return CredentialQuery(0, 1, 128, "=II")
    return None


def peer_uid(descriptor: int) -> int | None:
    """The user id of the process at the other end of a connected Unix socket; None
    where the platform cannot tell."""
    query = credential_query(sys.platform) if _POSIX else None
    if query is None:
        return None
    with socket.socket(fileno=os.dup(descriptor)) as peer:
        answer = peer.getsockopt(query.level, query.option, query.size)
    return int(struct.unpack_from(query.layout, answer)[1])


def check_peer(descriptor: int, uid: int | None = None) -> None:
    """Raise UnsafeInstanceError when the peer runs as someone else."""
    if not _POSIX:
        return  # Windows: the pipe's access list admits only the user
    owner = os.geteuid() if uid is None else uid
    try:
        found = peer_uid(descriptor)
    except OSError as error:
        raise UnsafeInstanceError(f"cannot tell who is at the other end: {error}") from error
    if found is not None and found != owner:
        raise UnsafeInstanceError(
            f"the process at the other end runs as uid {found}, not as you; not talking to it."
        )


def _private_to(path: Path, uid: int) -> bool:
    try:
        info = path.stat()
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == uid and not info.st_mode & 0o077
