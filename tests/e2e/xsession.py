"""A real X session for tests and screenshots: Xvfb, openbox and (optionally) trayer.

Follows shared/design/TEST-ENV.md: the display number comes from -displayfd, readiness is
checked on the window manager's and tray's X properties, and everything is torn down.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field


def have_x_tools() -> bool:
    return all(shutil.which(tool) for tool in ("Xvfb", "openbox", "xprop"))


def _wait(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise TimeoutError(f"timed out waiting for {what}")


@dataclass
class XSession:
    """Start with `start()`, stop with `stop()`; `env` has DISPLAY for child processes."""

    with_tray: bool = True
    size: str = "1280x1024x24"
    display: str = ""
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["DISPLAY"] = self.display
        env.pop("WAYLAND_DISPLAY", None)
        env["QT_QPA_PLATFORM"] = "xcb"
        return env

    def _spawn(self, *args: str, **kwargs: object) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs
        )  # type: ignore[call-overload]
        self.processes.append(process)
        return process

    def _xprop_root(self, name: str) -> str:
        result = subprocess.run(
            ["xprop", "-root", name], env=self.env, capture_output=True, text=True, check=False
        )
        return result.stdout

    def start(self) -> XSession:
        read_fd, write_fd = os.pipe()
        self._spawn(
            "Xvfb",
            "-displayfd",
            str(write_fd),
            "-screen",
            "0",
            self.size,
            "-nolisten",
            "tcp",
            "-noreset",
            pass_fds=(write_fd,),
        )
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number:
            self.stop()
            raise RuntimeError("Xvfb did not report a display number")
        self.display = f":{number}"
        self._spawn("openbox", "--sm-disable", env=self.env)
        _wait(lambda: "window id" in self._xprop_root("_NET_SUPPORTING_WM_CHECK"), 30, "openbox")
        if self.with_tray and shutil.which("trayer"):
            self._spawn(
                "trayer",
                "--edge",
                "top",
                "--align",
                "right",
                "--widthtype",
                "pixel",
                "--width",
                "200",
                "--heighttype",
                "pixel",
                "--height",
                "24",
                "--SetDockType",
                "true",
                "--SetPartialStrut",
                "true",
                env=self.env,
            )
            _wait(self.tray_ready, 30, "trayer")
        return self

    def tray_ready(self) -> bool:
        """True once a tray host owns the _NET_SYSTEM_TRAY_S0 selection."""
        from Xlib import display as xdisplay

        connection = xdisplay.Display(self.display)
        try:
            atom = connection.intern_atom("_NET_SYSTEM_TRAY_S0")
            return bool(connection.get_selection_owner(atom))
        finally:
            connection.close()

    def screenshot(self, path: str) -> None:
        subprocess.run(["import", "-window", "root", path], env=self.env, check=True)

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
        for process in reversed(self.processes):
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()

    def __enter__(self) -> XSession:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
