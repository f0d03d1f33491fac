"""Real sway and KWin sessions for tests, headless, run as the test user (account.py).

Each session gets its own folder in /tmp: a 0700 XDG_RUNTIME_DIR and HOME owned by that
user, and the compositor started in a process group of its own (stop() ends the group:
the compositor, its Xwayland and whatever it started). A small session script, run by
the compositor once it is up (sway: `exec` in its config; KWin: --exit-with-session),
writes the session's environment to a file: that file is the readiness signal and gives
WAYLAND_DISPLAY, DISPLAY (Xwayland) and SWAYSOCK. Recipes: shared/design/TEST-ENV.md.

Clients (test windows, the virtual pointer, the app) run as the same user with
`spawn()`; `client_env()` is what a program started in that desktop session would see.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

from tests.wayland.account import Account, UserPython, shared_folder, unavailable
from tests.wayland.clients_io import LineClient

WIDTH, HEIGHT = 1280, 800
READY_TIMEOUT = 30.0
SESSION_SCRIPT = """#!/bin/sh
# Written by Cuecard's tests: record this desktop session's environment (the readiness
# signal), then, for KWin's --exit-with-session, stay until the session ends.
env -0 > "$1.tmp" && mv "$1.tmp" "$1"
[ "${2:-}" = stay ] && exec sleep infinity
exit 0
"""
DBUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <include>/usr/share/dbus-1/session.conf</include>
  <!-- The tests run as root and watch from their own process: let root on this bus. -->
  <policy context="default"><allow user="root"/></policy>
</busconfig>
"""


class Compositor:
    """The shared part of a headless compositor session; see the module docstring."""

    name = ""
    binary = ""

    def __init__(self, account: Account, python: UserPython) -> None:
        self.account = account
        self.python = python
        self.folder = shared_folder(f"cc-{self.name}-")
        self.folder.chmod(0o755)
        self.runtime = self._user_dir("run")
        self.home = self._user_dir("home")
        self.work = self._user_dir("work", 0o755)  # for the app's files in e2e tests
        self.session_file = self.runtime / "session.env"
        self.script = self.folder / "session.sh"
        self.script.write_text(SESSION_SCRIPT)
        self.script.chmod(0o755)
        self.session: dict[str, str] = {}
        self.processes: list[subprocess.Popen[Any]] = []
        self.main: subprocess.Popen[Any] | None = None
        self.log = self.folder / f"{self.name}.log"
        self.bus_address = ""
        self._pointer: LineClient | None = None

    def _user_dir(self, name: str, mode: int = 0o700) -> Path:
        path = self.folder / name
        path.mkdir()
        return self.account.own(path, mode)

    # -- environment and processes ------------------------------------------------

    def base_env(self) -> dict[str, str]:
        return {
            "HOME": str(self.home),
            "XDG_RUNTIME_DIR": str(self.runtime),
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "USER": self.account.name,
            "LOGNAME": self.account.name,
        }

    def client_env(self, **extra: str) -> dict[str, str]:
        """What a program started in this session sees (Qt told to use Wayland)."""
        env = self.base_env()
        for key in ("WAYLAND_DISPLAY", "DISPLAY", "SWAYSOCK", "DBUS_SESSION_BUS_ADDRESS"):
            if self.session.get(key):
                env[key] = self.session[key]
        env.update(XDG_SESSION_TYPE="wayland", QT_QPA_PLATFORM="wayland", NO_AT_BRIDGE="1")
        env.update(self.python.env())
        env.update(extra)
        return env

    def spawn(self, args: list[str], env: dict[str, str] | None = None, **kw: Any) -> Any:
        """Start a client in a process group of its own (stop() ends the group)."""
        env = env if env is not None else self.client_env()
        process = self.account.popen(args, env, new_session=True, **kw)
        self.processes.append(process)
        return process

    def window(
        self, title: str, app_id: str, toolkit: str = "qt", fixed: bool = False
    ) -> LineClient:
        """A real Qt (or GTK) window of another process; returns once it is shown.
        `fixed`: a fixed-size Qt window, like Cuecard's toast."""
        python = self.python.python if toolkit == "qt" else "/usr/bin/python3"
        env = self.client_env() if toolkit == "qt" else self.client_env(GDK_BACKEND="wayland")
        client = LineClient(
            self.spawn(
                [python, str(self.python.clients / "window.py"), toolkit, title, app_id]
                + (["fixed"] if fixed else []),
                env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            ),
            f"{toolkit} window {title!r}",
        )
        client.pid = int(client.expect("ready").split()[1])
        return client

    def xterm(self, title: str) -> subprocess.Popen[Any]:
        """An X11 client, shown through the compositor's Xwayland."""
        if not self.session.get("DISPLAY") or not shutil.which("xterm"):
            unavailable("needs Xwayland and xterm (Debian packages xwayland, xterm)")
        env = self.client_env()
        env.pop("WAYLAND_DISPLAY")
        # `cat` ends when xterm closes its terminal (a `sleep` would outlive it).
        return self.spawn(["xterm", "-T", title, "-e", "cat"], env)

    def pointer(self) -> LineClient:
        """The session's virtual mouse (one device for the whole session)."""
        if self._pointer is None:
            client = LineClient(
                self.spawn(
                    [
                        self.python.python,
                        str(self.python.clients / "pointer.py"),
                        str(WIDTH),
                        str(HEIGHT),
                    ],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                ),
                "virtual pointer",
            )
            client.expect("ready")
            self._pointer = client
        return self._pointer

    def click(self, x: float, y: float) -> None:
        self.pointer().command(f"click {x:.0f} {y:.0f}")

    # -- life cycle ---------------------------------------------------------------

    def start(self) -> Compositor:
        if not shutil.which(self.binary):
            unavailable(f"{self.binary} is not installed (run `sh scripts/system-deps.sh wayland`)")
        try:
            self._start()
            self._wait_for_session()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        raise NotImplementedError

    def _start_bus(self) -> None:
        """The session's own D-Bus session bus (root may connect: see DBUS_CONFIG)."""
        if not shutil.which("dbus-daemon"):
            unavailable("dbus-daemon is not installed (Debian package dbus)")
        bus_config = self.folder / "bus.conf"
        bus_config.write_text(DBUS_CONFIG)
        bus = self.account.popen(
            [
                "dbus-daemon",
                "--nofork",
                "--print-address",
                f"--config-file={bus_config}",
                f"--address=unix:path={self.runtime / 'bus'}",
            ],
            self.base_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            new_session=True,
            text=True,
        )
        self.processes.append(bus)
        assert bus.stdout is not None
        self.bus_address = bus.stdout.readline().strip()
        if not self.bus_address:
            raise RuntimeError("dbus-daemon did not start")

    def _launch(self, args: list[str], env: dict[str, str]) -> subprocess.Popen[Any]:
        with self.log.open("ab") as log:
            process = self.account.popen(args, env, stdout=log, stderr=log, new_session=True)
        self.processes.append(process)
        return process

    def _wait_for_session(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT
        while not self.session_file.exists():
            if self.main is not None and self.main.poll() is not None:
                raise RuntimeError(f"{self.name} exited at start: {self.log_tail()}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name} never became ready: {self.log_tail()}")
            time.sleep(0.02)
        entries = self.session_file.read_bytes().split(b"\0")
        pairs = (entry.decode(errors="replace").partition("=") for entry in entries if entry)
        self.session = {key: value for key, _, value in pairs}

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no log)"

    def kill(self) -> None:
        """End the compositor (and everything in its process group) now."""
        if self.main is not None and self.main.poll() is None:
            _end_group(self.main)

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.stdin is not None:
                try:
                    process.stdin.close()
                except OSError:
                    pass
            _end_group(process)  # also when the leader is gone: its group may live on
        for process in self.processes:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Compositor:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _end_group(process: subprocess.Popen[Any]) -> None:
    """SIGTERM the process group `process` leads (every process here starts one)."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass


class Sway(Compositor):
    """sway 1.7, headless (wlroots' headless back-end, pixman renderer, no input devices).

    `tray=True`: with a session bus and a swaybar that shows a tray (swaybar is then the
    StatusNotifierItem host and watcher), as a user's sway with a bar has.
    """

    name = "sway"
    binary = "sway"
    bar_height = 0

    def __init__(self, account: Account, python: UserPython, tray: bool = False) -> None:
        super().__init__(account, python)
        self.tray = tray

    def _start(self) -> None:
        config = self.folder / "sway.conf"
        lines = [
            f"output HEADLESS-1 resolution {WIDTH}x{HEIGHT} position 0 0",
            "xwayland enable",
            f"exec {self.script} {self.session_file}",
        ]
        env = self.base_env()
        env.update(WLR_BACKENDS="headless", WLR_LIBINPUT_NO_DEVICES="1", WLR_RENDERER="pixman")
        if self.tray:
            self._start_bus()
            env["DBUS_SESSION_BUS_ADDRESS"] = self.bus_address
            lines.append("bar {\n  position top\n  tray_output *\n  status_command true\n}")
        config.write_text("\n".join(lines) + "\n")
        self.main = self._launch(["sway", "--config", str(config)], env)

    def _wait_for_session(self) -> None:
        super()._wait_for_session()
        if self.tray:  # a user's bar is up before their apps start
            from cuecard.watch.wayland_dbus import BusClient

            bus = BusClient.open_address(self.bus_address)
            try:
                deadline = time.monotonic() + READY_TIMEOUT
                while not bus.name_has_owner("org.kde.StatusNotifierWatcher"):
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"swaybar never offered a tray: {self.log_tail()}")
                    time.sleep(0.02)
            finally:
                bus.close()

    @property
    def socket_path(self) -> str:
        return self.session["SWAYSOCK"]


class KWin(Compositor):
    """KWin 5.27 (kwin_wayland --virtual) with its own session bus, QPainter compositing.

    The binary carries file capabilities a switched user may not exec: a copy drops them.
    KWIN_WAYLAND_NO_PERMISSION_CHECKS lets the test's virtual pointer use fake input.
    """

    name = "kwin"
    binary = "kwin_wayland"
    socket_name = "wl-cuecard"

    def __init__(self, account: Account, python: UserPython, xwayland: bool = False) -> None:
        super().__init__(account, python)
        self.xwayland = xwayland

    def _start(self) -> None:
        binary = self.folder / "kwin_wayland"
        shutil.copyfile(shutil.which(self.binary) or self.binary, binary)
        binary.chmod(0o755)
        self._start_bus()
        env = self.base_env()
        env.update(
            DBUS_SESSION_BUS_ADDRESS=self.bus_address,
            KWIN_COMPOSE="Q",
            KWIN_WAYLAND_NO_PERMISSION_CHECKS="1",
            XDG_CURRENT_DESKTOP="KDE",
        )
        args = [str(binary), "--virtual", "--no-lockscreen", "--no-global-shortcuts"]
        args += ["--no-kactivities", "--width", str(WIDTH), "--height", str(HEIGHT)]
        args += ["--socket", self.socket_name]
        if self.xwayland:
            args.append("--xwayland")
        args += ["--exit-with-session", f"{self.script} {self.session_file} stay"]
        self.main = self._launch(args, env)

    def client_env(self, **extra: str) -> dict[str, str]:
        env = super().client_env(**extra)
        env.setdefault("XDG_CURRENT_DESKTOP", "KDE")
        return env
