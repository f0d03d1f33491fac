"""Who runs the real compositors, and the Python their clients run on.

sway and KWin refuse to run as root, and dbus-daemon needs a passwd entry. As root (CI)
the tests create the ordinary user USER_NAME with useradd (system account, no home, no
login shell) and run every compositor and client as that user; as anyone else they run
everything as themselves.

A venv whose interpreter lives under root's home (pyenv) is out of that user's reach, so
as root the clients run on SYSTEM_PYTHON (same minor version, so the venv's compiled
wheels load) with PYTHONPATH pointing at a hard-linked copy of the venv's site-packages
and of the checkout's app/, resources/, content/ and pyproject.toml in a world-readable
temporary folder (a link tree costs about 0.4 s; a real copy is made only across
filesystems).

Whatever is missing (packages, the system Python) skips the tests with the reason, except
as root or under CI, where they must run and it is a failure.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pytest

USER_NAME = "cuecard-wayland"
SYSTEM_PYTHON = "/usr/bin/python3"
CHECKOUT = Path(__file__).resolve().parents[2]
CLIENTS = Path(__file__).with_name("clients")


def must_run() -> bool:
    """Under CI, or as root (who can install the packages and create the user, as the
    project's CI does), these tests must run: what is missing is a failure there."""
    return bool(os.environ.get("CI")) or (hasattr(os, "geteuid") and os.geteuid() == 0)


def unavailable(reason: str) -> None:
    """Skip with `reason`; fail instead where the Wayland suites must run (must_run)."""
    if must_run():
        pytest.fail(f"{reason} (the real-Wayland tests must run here: scripts/system-deps.sh)")
    pytest.skip(reason)


@dataclass(frozen=True)
class Account:
    """The user the compositors run as; `switch` when that is not us (we are root)."""

    name: str
    uid: int
    gid: int
    switch: bool

    def popen(
        self,
        args: Sequence[str],
        env: Mapping[str, str],
        *,
        stdin: int | IO[Any] | None = subprocess.DEVNULL,
        stdout: int | IO[Any] | None = subprocess.DEVNULL,
        stderr: int | IO[Any] | None = subprocess.DEVNULL,
        new_session: bool = False,
        text: bool = False,
    ) -> subprocess.Popen[Any]:
        """Start `args` as this user with exactly `env` (nothing of ours leaks in)."""
        extra: dict[str, Any] = {}
        if self.switch:
            extra = {"user": self.uid, "group": self.gid, "extra_groups": []}
        return subprocess.Popen(
            list(args),
            env=dict(env),
            cwd="/",
            stdin=stdin,
            stdout=stdout,
            stderr=stderr,
            start_new_session=new_session,
            text=text,
            bufsize=1 if text else -1,
            **extra,
        )

    def own(self, path: Path, mode: int) -> Path:
        """Give `path` to this user with `mode`."""
        if self.switch:
            os.chown(path, self.uid, self.gid)
        path.chmod(mode)
        return path


def wayland_account() -> Account:
    """USER_NAME (created when missing) when we are root, else ourselves."""
    if sys.platform != "linux":
        pytest.skip("real Wayland compositors run on Linux only")
    if os.geteuid() != 0:
        me = pwd.getpwuid(os.geteuid())
        return Account(me.pw_name, me.pw_uid, me.pw_gid, switch=False)
    try:
        entry = pwd.getpwnam(USER_NAME)
    except KeyError:
        entry = _create_user()
    return Account(entry.pw_name, entry.pw_uid, entry.pw_gid, switch=True)


def _create_user() -> pwd.struct_passwd:
    useradd = shutil.which("useradd") or "/usr/sbin/useradd"
    options = ["--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent"]
    result = subprocess.run(
        [useradd, *options, "--shell", "/usr/sbin/nologin", USER_NAME],
        capture_output=True,
        text=True,
        check=False,
    )
    try:  # exit code 9: another test run created it a moment ago
        return pwd.getpwnam(USER_NAME)
    except KeyError:
        unavailable(f"could not create the user {USER_NAME}: {result.stderr.strip()}")
        raise


@dataclass(frozen=True)
class UserPython:
    """How the test user runs Python with Cuecard and PySide6 importable."""

    python: str
    pythonpath: str
    checkout: Path  # app/, resources/, content/ as that user sees them
    clients: Path  # tests/wayland/clients as that user sees it

    def env(self) -> dict[str, str]:
        return {"PYTHONPATH": self.pythonpath, "PYTHONDONTWRITEBYTECODE": "1"}


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _link_tree(source: Path, target: Path) -> None:
    shutil.copytree(
        source,
        target,
        symlinks=True,
        copy_function=_link_or_copy,
        ignore=shutil.ignore_patterns("__pycache__"),
    )


def user_python(account: Account, folder: Path) -> UserPython:
    """The interpreter and import path for `account`, building a link tree in `folder`
    (world-readable) when that account is not us."""
    if not account.switch:  # our own interpreter, with everything it imports from
        path = os.pathsep.join([str(CHECKOUT / "app"), *(p for p in sys.path if p)])
        return UserPython(sys.executable, path, CHECKOUT, CLIENTS)
    if not Path(SYSTEM_PYTHON).exists():
        unavailable(f"{SYSTEM_PYTHON} is missing: the test user cannot run this venv's python")
    probe = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import sys; print(*sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=False,
    )
    theirs = tuple(int(part) for part in probe.stdout.split())
    if theirs != sys.version_info[:2]:
        unavailable(
            f"{SYSTEM_PYTHON} is Python {theirs}, this venv is {sys.version_info[:2]}: "
            "its compiled packages would not load"
        )
    folder.chmod(0o755)
    site = folder / "site-packages"
    _link_tree(Path(sysconfig.get_paths()["purelib"]), site)
    checkout = folder / "checkout"
    checkout.mkdir(mode=0o755)
    for name in ("app", "resources", "content"):
        _link_tree(CHECKOUT / name, checkout / name)
    # A checkout is known by its pyproject.toml: cuecard.paths takes resources/ from it.
    shutil.copy2(CHECKOUT / "pyproject.toml", checkout / "pyproject.toml")
    clients = folder / "clients"
    _link_tree(CLIENTS, clients)
    return UserPython(SYSTEM_PYTHON, f"{site}:{checkout / 'app'}", checkout, clients)


def shared_folder(prefix: str) -> Path:
    """A new folder in /tmp (short enough for unix socket paths below it)."""
    return Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
