"""Privacy audit, end to end (docs/reliability.md): the real app on a real X server with
sync to a real LRS and a signed content pack, both behind recording proxies, while
windows whose titles, classes and process names hold a secret come and go; a nudge
is shown, opened, worked through and rated, statements go out, the record is exported
and the doctor asked. The secret must appear nowhere the app writes (every file below
its home, XDG folders, temp and runtime dirs: the record and its WAL, caches, logs,
exports, settings, state) nor in any byte sent or received over the network."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cuecard.sync.lrs import LrsClient
from cuecard.sync.packs.build import build_pack, keygen, load_private_key
from tests.e2e.conftest import wait_for, xdo
from tests.e2e.test_nudge_loop import AppProcess
from tests.e2e.xsession import XSession
from tests.reliability.privacy import PrivateHome, RecordingProxy, Scan, secret_forms
from tests.sync.lrs_server import LearningLocker
from tests.sync.pack_server import PackServer

pytestmark = pytest.mark.x11
SECRET = "Zq7Xsec"  # seven characters: the process name below stays within Linux's 15
CARD = (
    "---\nid: team/quarterly\ntitle: Check the quarterly figures\nminutes: 2\n"
    "when:\n  - title: '*Quarterly*'\n---\n# Check the quarterly figures\n\n"
    "## Open the sheet\nOpen it.\n\n## Compare\nCompare the totals.\n"
)


class Servers:
    """The LRS and the pack server, each behind a recording proxy."""

    def __init__(self, base: Path) -> None:
        self.lrs = LearningLocker(base / "lrs").start()
        self.lrs_proxy = RecordingProxy(self.lrs.port)
        source = base / "pack-source"
        source.mkdir()
        (source / "quarterly.md").write_text(CARD)
        key_file = base / "author.key"
        self.public_key = keygen(key_file)
        site = base / "site"
        build_pack(source, site / "team", load_private_key(key_file), datetime.now(UTC))
        self.packs = PackServer(site).start()
        assert self.packs.server is not None
        self.pack_proxy = RecordingProxy(self.packs.server.server_address[1])

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.lrs_proxy.port}/xAPI/"

    @property
    def pack_url(self) -> str:
        return f"http://127.0.0.1:{self.pack_proxy.port}/team/"

    def stop(self) -> None:
        for proxy in (self.lrs_proxy, self.pack_proxy):
            proxy.stop()
        self.packs.stop()
        self.lrs.stop()


@pytest.fixture
def servers(lrs_installed: Path, tmp_path: Path) -> Iterator[Servers]:
    started = Servers(tmp_path)
    yield started
    started.stop()


class HomeSession:
    """The X session's environment with the app's private home."""

    def __init__(self, session: XSession, home: PrivateHome) -> None:
        self.env = home.env(session.env)


def secret_window(session: XSession, tmp_path: Path, title: str) -> subprocess.Popen[bytes]:
    """An xterm whose process name and window class hold the secret."""
    program = tmp_path / "bin" / f"{SECRET.lower()}-term"
    program.parent.mkdir(exist_ok=True)
    if not program.exists():
        program.symlink_to("/usr/bin/xterm")
    process = subprocess.Popen(
        [str(program), "-T", title, "-class", f"{SECRET}Class", "-e", "sleep", "600"],
        env=session.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(lambda: xdo(session, "search", "--onlyvisible", "--name", title), what=title)
    return process


def delivered(data: Path) -> bool:
    db = data / "cuecard.db"
    if not db.exists():
        return False
    with sqlite3.connect(db) as connection:
        pending, sent = connection.execute(
            "SELECT SUM(state = 'pending'), SUM(state = 'delivered') FROM outbox"
        ).fetchone()
    return pending == 0 and (sent or 0) >= 4


def cuecard(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "cuecard", *args], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


def test_window_text_is_written_and_sent_nowhere(
    x_with_tray: XSession, servers: Servers, tmp_path: Path
) -> None:
    home = PrivateHome(tmp_path / "private").make()
    home.config_file.parent.mkdir(parents=True)
    home.config_file.write_text(
        "content.builtin: false\nautostart: false\n"
        "nudges:\n  min_gap_minutes: 0\n  dwell_seconds: 1\n"
        f"sync.enabled: true\nsync.endpoint: {servers.endpoint}\n"
        "sync.actor_home_page: https://example.org\nsync.username: cuecard\n"
        f"sync.password: not-a-secret\npacks.urls: ['{servers.pack_url}']\n"
        f"packs.public_key: {servers.public_key}\n"
    )
    session = HomeSession(x_with_tray, home)
    app = AppProcess(session, [])  # type: ignore[arg-type]
    windows = []
    try:
        app.wait(lambda r: r.get("event") == "started", "start-up", timeout=60)
        title = f"Quarterly {SECRET} figures - Sheets"
        windows.append(secret_window(x_with_tray, tmp_path, title))
        seen = app.wait(lambda r: SECRET in str(r.get("title")), "the secret window", 30)
        assert seen["title"] == title, "the app saw the secret (the audit can find it)"
        app.wait(lambda r: r.get("card") == "team/quarterly", "a nudge from the pack", 60)
        app.click_until_recorded(x_with_tray, "showButton", "opened")  # type: ignore[arg-type]
        app.click_until_recorded(x_with_tray, "step:0", "step_done")  # type: ignore[arg-type]
        app.click_until_recorded(x_with_tray, "done", "completed")  # type: ignore[arg-type]
        app.click_until_recorded(x_with_tray, "helpfulYes", "rated")  # type: ignore[arg-type]
        windows.append(secret_window(x_with_tray, tmp_path, f"Notes on {SECRET} - Editor"))
        app.wait(lambda r: "Notes on" in str(r.get("title")), "the second window", 30)
        wait_for(lambda: delivered(home.data), timeout=60, what="the statements at the LRS")
        running = Scan()
        forms = secret_forms(SECRET)
        for folder in home.folders():
            running.tree(folder, forms)  # the record and its WAL while the app runs
        app.quit()
    finally:
        app.kill()
        for window in windows:
            window.kill()
    env = home.env(x_with_tray.env)
    printed = cuecard(env, "export", str(home.home / "export.json"))
    printed += cuecard(env, "doctor", "--json")
    printed += cuecard(env, "stats")
    after = Scan()
    for folder in home.folders():
        after.tree(folder, forms)
    after.data("cuecard export, doctor, stats output", printed.encode(), forms)
    for name, proxy in (("LRS", servers.lrs_proxy), ("packs", servers.pack_proxy)):
        after.data(f"network: {name}", proxy.traffic(), forms)
    with LrsClient(servers.lrs.endpoint, "cuecard", "x", timeout=30) as client:
        stored = [s.json for s in client.statements(limit=500)]
    after.data("statements the LRS holds", "\n".join(stored).encode(), forms)
    names = {p.name for p in after.files}
    assert {"cuecard.db", "cuecard.log", "settings.yaml", "export.json"} <= names
    assert servers.lrs_proxy.sent and servers.pack_proxy.received and len(stored) >= 4
    assert running.findings == [] and after.findings == [], [
        (f.where, f.form) for f in running.findings + after.findings
    ]
    canary = home.tmp / "canary"
    canary.write_text(json.dumps({"title": SECRET.upper()}))
    check = Scan()
    check.tree(home.tmp, forms)
    assert {f.where for f in check.findings} == {str(canary)}, "the scan finds what is there"
