"""Helpers for the Wayland back-end tests: short socket folders and a private D-Bus."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

# sun_path holds 108 bytes; leave room for the socket names below the folder.
MAX_SOCKET_DIR = 80


@contextmanager
def socket_dir(tmp_path: Path) -> Iterator[Path]:
    """tmp_path, or a short folder in /tmp when tmp_path is too long for a unix socket."""
    if len(str(tmp_path)) <= MAX_SOCKET_DIR:
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="cc-", dir="/tmp"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def require_dbus_daemon() -> str:
    """The dbus-daemon binary; skip (fail on CI) when it is missing."""
    if sys.platform != "linux":
        pytest.skip("the D-Bus back-ends (KWin, GNOME Shell) are Linux only")
    binary = shutil.which("dbus-daemon")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("dbus-daemon missing on CI: scripts/system-deps.sh should install dbus")
        pytest.skip("needs dbus-daemon (Debian package dbus; run `make test` to install it)")
    return binary


@contextmanager
def private_session_bus(tmp_path: Path) -> Iterator[str]:
    """Run a private session bus for one test; yields its address."""
    binary = require_dbus_daemon()
    with socket_dir(tmp_path) as folder:
        address = f"unix:path={folder / 'bus'}"
        process = subprocess.Popen(
            [binary, "--session", "--nofork", "--print-address", f"--address={address}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            assert process.stdout is not None
            printed = process.stdout.readline().strip()  # blocks until the bus listens
            if not printed:
                pytest.fail(f"dbus-daemon did not start (exit code {process.poll()})")
            yield printed
        finally:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
