"""A real accessibility bus for tests: Xvfb + openbox, a private D-Bus session bus and
at-spi-bus-launcher (shared/design/TEST-ENV.md, "The accessibility tree"), plus test apps
(PySide6 and GTK 3) driven over stdin, and a bus monitor that counts our messages."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.e2e.xsession import XSession

APPS = Path(__file__).with_name("apps")
LAUNCHER = Path("/usr/libexec/at-spi-bus-launcher")
SYSTEM_PYTHON = "/usr/bin/python3"


def have_atspi() -> bool:
    return LAUNCHER.exists() and bool(shutil.which("dbus-daemon"))


def have_gtk() -> bool:
    if not Path(SYSTEM_PYTHON).exists():
        return False
    probe = "import gi; gi.require_version('Gtk', '3.0'); from gi.repository import Gtk"
    return subprocess.run([SYSTEM_PYTHON, "-c", probe], capture_output=True).returncode == 0


class A11ySession:
    """Start with `start()`; `env` has DISPLAY, the session bus and XDG_RUNTIME_DIR."""

    def __init__(self, with_tray: bool = False) -> None:
        self.x = XSession(with_tray=with_tray)
        self.runtime = Path(tempfile.mkdtemp(prefix="cuecard-a11y-"))
        self.runtime.chmod(0o700)
        self.processes: list[subprocess.Popen[Any]] = []
        self.bus_address = ""

    @property
    def env(self) -> dict[str, str]:
        env = self.x.env
        env["DBUS_SESSION_BUS_ADDRESS"] = self.bus_address
        env["XDG_RUNTIME_DIR"] = str(self.runtime)
        env.pop("QT_LINUX_ACCESSIBILITY_ALWAYS_ON", None)
        env.pop("NO_AT_BRIDGE", None)
        env.pop("QT_ACCESSIBILITY", None)
        env["GSETTINGS_BACKEND"] = "memory"  # IsEnabled must not persist in dconf
        return env

    def start(self) -> A11ySession:
        self.x.start()
        read_fd, write_fd = os.pipe()
        daemon = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--print-address", str(write_fd)],
            pass_fds=(write_fd,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(daemon)
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:
            self.bus_address = pipe.readline().strip()
        launcher = subprocess.Popen(
            [str(LAUNCHER), "--launch-immediately"],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(launcher)
        _wait(self._bus_ready, 10, "the accessibility bus")
        return self

    def _bus_ready(self) -> bool:
        from cuecard.a11y import atspi_bus
        from cuecard.a11y.base import ElementsUnavailable

        try:
            session = atspi_bus.open_session(self.env)
        except ElementsUnavailable:
            return False
        try:
            return bool(atspi_bus.accessibility_bus_address(session))
        except ElementsUnavailable:
            return False
        finally:
            session.close()

    def tree_enabled(self) -> bool:
        from cuecard.a11y import atspi_bus

        session = atspi_bus.open_session(self.env)
        try:
            return atspi_bus.tree_enabled(session)
        finally:
            session.close()

    def set_tree_enabled(self, enabled: bool) -> None:
        from cuecard.a11y import atspi_bus

        session = atspi_bus.open_session(self.env)
        try:
            atspi_bus.set_tree_enabled(session, enabled)
        finally:
            session.close()

    def accessibility_bus_pid(self) -> int:
        """The pid of the accessibility bus's dbus-daemon (started by our launcher)."""
        from cuecard.a11y import atspi_bus

        client = atspi_bus.open_accessibility_bus(accessibility_address(self))
        try:
            return int(
                client.call_bus("GetConnectionUnixProcessID", "s", "org.freedesktop.DBus")[0]
            )
        finally:
            client.close()

    def registered_events(self) -> list[tuple[str, str]]:
        """(bus name, event) of every listener the AT-SPI registry knows of."""
        from cuecard.a11y import atspi_bus

        client = atspi_bus.open_accessibility_bus(accessibility_address(self))
        try:
            [body] = atspi_bus.call_many(
                client,
                [
                    atspi_bus.method_call(
                        atspi_bus.REGISTRY_PATH,
                        atspi_bus.REGISTRY,
                        atspi_bus.REGISTRY,
                        "GetRegisteredEvents",
                    )
                ],
            )
            return [(str(name), str(event)) for name, event in (body[0] if body else [])]
        finally:
            client.close()

    def has_active_window(self, pid: int) -> bool:
        """Does the app `pid` say in its tree that one of its windows is active?"""
        from cuecard.a11y import atspi_bus as bus
        from cuecard.a11y.atspi_tree import Tree

        client = bus.open_accessibility_bus(accessibility_address(self))
        tree = Tree(client)
        try:
            for app in tree.applications():
                if bus.connection_pid(client, app) == pid:
                    return bool(tree.active_windows(app))
            return False
        finally:
            client.close()

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
        for process in reversed(self.processes):
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()
        self.x.stop()
        shutil.rmtree(self.runtime, ignore_errors=True)

    def __enter__(self) -> A11ySession:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class DemoApp:
    """A test app process: commands on stdin, JSON records from stdout."""

    def __init__(self, session: A11ySession, kind: str, env: dict[str, str] | None = None) -> None:
        script = APPS / ("qt_dialogs.py" if kind == "qt" else "gtk_dialogs.py")
        python = sys.executable if kind == "qt" else SYSTEM_PYTHON
        self.stderr = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (closed by stop)
        self.process = subprocess.Popen(
            [python, str(script)],
            env={**session.env, **(env or {})},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            text=True,
            bufsize=1,
        )
        self.records: queue.Queue[dict[str, Any]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.pid = int(self.wait(lambda r: r.get("event") == "ready", "ready")["pid"])

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith("{"):
                self.records.put(json.loads(line))

    def wait(self, predicate: Callable[[dict[str, Any]], bool], what: str) -> dict[str, Any]:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                record = self.records.get(timeout=0.2)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            if predicate(record):
                return record
        self.stderr.seek(0)
        raise AssertionError(f"test app never said {what}: {self.stderr.read()[-2000:]}")

    def send(self, command: str) -> dict[str, Any]:
        """Send a command and return the app's reply once it has been carried out."""
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        verb = command.split(" ", 1)[0]
        return self.wait(lambda r: r.get("reply") == verb, f"done with {command}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.stderr.close()


def _wait(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise TimeoutError(f"timed out waiting for {what}")


class BusMonitor:
    """Every message on a bus, as a monitor sees it (org.freedesktop.DBus.Monitoring):
    (sender, destination, interface, member) tuples, collected on a thread, with the
    bodies of method calls in `calls` and the pid of every connection that came."""

    def __init__(self, address: str) -> None:
        from jeepney import DBusAddress, new_method_call
        from jeepney.io.blocking import open_dbus_connection

        from cuecard.a11y import atspi_bus

        self.asker = atspi_bus.open_accessibility_bus(address)
        self.pids: dict[str, int | None] = {}  # every connection that came, and its pid
        self.connection = open_dbus_connection(address)
        monitoring = DBusAddress(
            "/org/freedesktop/DBus",
            bus_name="org.freedesktop.DBus",
            interface="org.freedesktop.DBus.Monitoring",
        )
        self.connection.send(new_method_call(monitoring, "BecomeMonitor", "asu", ([], 0)))
        self.seen: list[tuple[str, str, str, str]] = []
        self.calls: list[tuple[str, str, str]] = []  # (sender, member, body)
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        from jeepney import HeaderFields

        while True:
            try:
                message = self.connection.receive()
            except (OSError, ConnectionError, EOFError, ValueError):
                return
            fields = message.header.fields
            if fields.get(HeaderFields.member) == "NameOwnerChanged":
                name, _, new = [*message.body, "", "", ""][:3]
                if str(name).startswith(":") and new:
                    from cuecard.a11y.atspi_bus import connection_pid

                    self.pids[str(name)] = connection_pid(self.asker, str(name))
            with self._lock:
                if message.header.message_type.name == "method_call":
                    self.calls.append(
                        (
                            str(fields.get(HeaderFields.sender, "")),
                            str(fields.get(HeaderFields.member, "")),
                            str(message.body),
                        )
                    )
                self.seen.append(
                    (
                        str(fields.get(HeaderFields.sender, "")),
                        str(fields.get(HeaderFields.destination, "")),
                        str(fields.get(HeaderFields.interface, "")),
                        str(fields.get(HeaderFields.member, "")),
                    )
                )

    def involving(self, name: str) -> list[tuple[str, str, str, str]]:
        """Messages sent by or to the connection `name` so far."""
        with self._lock:
            return [m for m in self.seen if name in (m[0], m[1])]

    def close(self) -> None:
        try:
            self.connection.sock.shutdown(2)
        except OSError:
            pass
        self._thread.join(timeout=5)
        self.connection.close()
        self.asker.close()


def accessibility_address(session: A11ySession) -> str:
    from cuecard.a11y import atspi_bus

    client = atspi_bus.open_session(session.env)
    try:
        return atspi_bus.accessibility_bus_address(client)
    finally:
        client.close()
