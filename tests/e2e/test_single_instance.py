"""One Cuecard per user and data dir, with real `cuecard` processes: concurrent starts,
a socket planted by another user, a socket that cannot be listened on."""

from __future__ import annotations

import getpass
import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cuecard.instance_address import instance_digest
from tests.conftest import write_card
from tests.e2e.conftest import poll
from tests.e2e.test_tray_app import run, start
from tests.e2e.xsession import XSession
from tests.other_user import ForeignListener, needs_root, shared_temp_dir

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Unix sockets")
STARTS = 10
# `cuecard` with every listen() held for 2 s, as on a loaded machine: widens the window
# between "nobody answers" and "now I listen", where concurrent starts used to race.
SLOW_LISTEN = """
import sys, time
from PySide6 import QtNetwork

class SlowListen(QtNetwork.QLocalServer):
    def listen(self, name):
        time.sleep(2.0)
        return super().listen(name)

QtNetwork.QLocalServer = SlowListen
from cuecard.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def cuecard(tmp_path: Path) -> list[str]:
    root = tmp_path / "content"
    write_card(root, "a.md", "# Alpha card\n\nBody.\n")
    settings = tmp_path / "settings.yaml"
    settings.write_text("content.builtin: false\n")
    return [
        sys.executable,
        "-m",
        "cuecard",
        "--data-dir",
        str(tmp_path / "data"),
        "--config",
        str(settings),
        "--content",
        str(root),
    ]


@pytest.mark.x11
def test_ten_starts_at_once_leave_exactly_one_instance(
    x_with_tray: XSession, tmp_path: Path, processes: list[subprocess.Popen[str]]
) -> None:
    args = cuecard(tmp_path)
    slow = [sys.executable, "-c", SLOW_LISTEN, *args[3:]]
    starts = [start(x_with_tray, slow) for _ in range(STARTS)]
    processes.extend(starts)

    def ended() -> list[subprocess.Popen[str]]:
        return [process for process in starts if process.poll() is not None]

    poll(lambda: len(ended()) >= STARTS - 1, timeout=60)
    running = [process for process in starts if process.poll() is None]
    assert len(running) == 1, f"{len(running)} instances running"
    for process in ended():
        out, err = process.communicate()
        assert process.returncode == 0, err
        assert "already running" in out
    quitter = run([*args, "--quit"], x_with_tray.env)
    assert quitter.returncode == 0, quitter.stderr
    assert running[0].wait(timeout=30) == 0


def victim_env(shared: Path) -> dict[str, str]:
    """No XDG_RUNTIME_DIR (an ssh or su shell): the fallback below the shared temp dir."""
    env = {k: v for k, v in os.environ.items() if k != "XDG_RUNTIME_DIR"}
    env["TMPDIR"] = str(shared)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


@needs_root
def test_a_socket_planted_by_another_user_is_never_talked_to(
    tmp_path: Path, processes: list[subprocess.Popen[str]]
) -> None:
    """Another user squats on every name we could predict below the shared temp dir:
    Cuecard runs in a fresh private folder instead, later starts, `--quit` and `forget`
    find it through the data dir, and the squatter never sees a connection."""
    args = cuecard(tmp_path)
    data_dir = tmp_path / "data"
    with shared_temp_dir() as shared:
        env = victim_env(shared)
        logged = run([*args, "log", "add", "a private note"], env)
        assert logged.returncode == 0, logged.stderr
        older = hashlib.sha256(f"{getpass.getuser()}:{data_dir.resolve()}".encode())
        squatter = ForeignListener(
            [
                shared / f"cuecard-{os.geteuid()}" / f"{instance_digest(data_dir)}.sock",
                shared / f"cuecard-{older.hexdigest()[:16]}",
            ]
        )
        try:
            app = subprocess.Popen(
                args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            processes.append(app)
            pointer = data_dir / "instance-address"
            poll(lambda: pointer.exists() or app.poll() is not None, timeout=60)
            assert app.poll() is None, app.communicate()[1]
            folder = Path(pointer.read_text().strip()).parent
            second = run(args, env)
            quitter = run([*args, "--quit"], env)
            assert app.wait(timeout=30) == 0
            forget = run([*args, "forget", "--yes"], env, timeout=60)
        finally:
            seen = squatter.stop()
    assert seen == [], "not even a connection"
    assert folder.parent == shared and folder.name.startswith(f"cuecard-{os.geteuid()}-")
    assert second.returncode == 0 and "already running" in second.stdout, second.stderr
    assert quitter.returncode == 0, quitter.stderr
    assert forget.returncode == 0, forget.stderr
    assert not list(data_dir.glob("cuecard.db*")), "forget did its work"


def test_a_socket_that_cannot_be_listened_on_ends_the_start(tmp_path: Path) -> None:
    args = cuecard(tmp_path)
    run_dir = tmp_path / "run"
    run_dir.mkdir(mode=0o700)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(run_dir), "QT_QPA_PLATFORM": "offscreen"}
    blocker = run_dir / "cuecard" / f"{instance_digest(tmp_path / 'data')}.sock"
    blocker.mkdir(parents=True)  # a directory where the socket should go: listen fails
    result = run(args, env, timeout=60)
    assert result.returncode == 1
    assert "cannot listen on" in result.stderr
    assert blocker.is_dir()
