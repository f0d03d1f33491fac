"""The real `cuecard` on a real X server, first start to tray: the welcome window, the
login entry it writes, the log, and `--quit` from a shell with another environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cuecard.platform.autostart_xdg import read_entry
from tests.conftest import write_card
from tests.e2e.conftest import act_until, wait_for, xdo
from tests.e2e.test_tray_app import embedded_in_tray, run, start
from tests.e2e.xsession import XSession

pytestmark = pytest.mark.x11
WELCOME = "^Welcome to Cuecard$"


def tray_icon(session: XSession) -> str | None:
    windows = xdo(session, "search", "--onlyvisible", "--classname", "cuecard").split()
    return next((w for w in windows if embedded_in_tray(session, w)), None)


def test_welcome_then_tray_then_quit_from_any_shell(
    x_with_tray: XSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "content"
    write_card(root, "a.md", "# Alpha card\n\nBody.\n")
    user = tmp_path / "settings.yaml"
    user.write_text("content.builtin: false\n")
    site = tmp_path / "site.yaml"
    site.write_text("autostart: true\n")  # as a package's settings would say
    data = tmp_path / "data"
    args = [sys.executable, "-m", "cuecard", "--data-dir", str(data), "--config", str(user)]
    args += ["--content", str(root)]
    session_run = tmp_path / "session-run"
    session_run.mkdir(mode=0o700)
    env = {**x_with_tray.env, "CUECARD_SITE_CONFIG": str(site), "XDG_RUNTIME_DIR": str(session_run)}
    app = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        welcome = wait_for(
            lambda: xdo(x_with_tray, "search", "--onlyvisible", "--name", WELCOME),
            what="the welcome window",
        )
        assert isinstance(welcome, str)
        assert tray_icon(x_with_tray) is not None or wait_for(
            lambda: tray_icon(x_with_tray), what="the tray icon beside the welcome"
        )
        # Enter presses "Start using Cuecard", the default button.
        act_until(
            lambda: xdo(x_with_tray, "windowactivate", "--sync", welcome, "key", "Return"),
            lambda: not xdo(x_with_tray, "search", "--onlyvisible", "--name", WELCOME),
            what="the welcome closing on Enter",
        )
        entry = Path(os.environ["XDG_CONFIG_HOME"]) / "autostart" / "cuecard.desktop"
        keys = wait_for(lambda: read_entry(entry), what="the login entry")
        assert isinstance(keys, dict) and keys["Exec"].endswith(" --autostart")
        assert (data / "welcomed").is_file()
        log = (data / "logs" / "cuecard.log").read_text(encoding="utf-8")
        assert "starting (by hand)" in log
        # From an ssh-like shell: no display, no XDG_RUNTIME_DIR, another TMPDIR.
        other_tmp = tmp_path / "ssh-tmp"
        other_tmp.mkdir()
        shell = {k: v for k, v in env.items() if k not in ("DISPLAY", "XDG_RUNTIME_DIR")}
        quitter = run([*args, "--quit"], {**shell, "TMPDIR": str(other_tmp)})
        assert quitter.returncode == 0, quitter.stderr
        assert app.wait(timeout=15) == 0
        assert "Cuecard stopped" in (data / "logs" / "cuecard.log").read_text(encoding="utf-8")
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    # The next start goes straight to the tray; a login entry's start then stays quiet.
    again = start(x_with_tray, args)
    try:
        wait_for(lambda: tray_icon(x_with_tray), what="the tray icon on the second start")
        assert not xdo(x_with_tray, "search", "--onlyvisible", "--name", WELCOME)
        login = run([*args, "--autostart"], env)
        assert (login.returncode, login.stdout, login.stderr) == (0, "", "")
        assert run([*args, "--quit"], env).returncode == 0
        assert again.wait(timeout=15) == 0
    finally:
        if again.poll() is None:
            again.kill()
            again.wait()
