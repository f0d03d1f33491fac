"""The real `cuecard` process on a real X server: tray icon, menu, no-tray fallback."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import Xlib.error
from Xlib import display as xdisplay

from tests.conftest import write_card
from tests.e2e.conftest import act_until, wait_for, xdo
from tests.e2e.xsession import XSession

pytestmark = pytest.mark.x11


@pytest.fixture
def app_args(tmp_path: Path) -> list[str]:
    root = tmp_path / "content"
    write_card(root, "a.md", "# Alpha card\n\nBody.\n")
    write_card(root, "b.md", "---\nminutes: 30\n---\n# Too long\n\nBody.\n")
    settings = tmp_path / "settings.yaml"
    settings.write_text("content.builtin: false\n")
    # Not a first start: the welcome window has its own test (test_first_run.py).
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "welcomed").write_text("0\n")
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


def start(session: XSession, args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        args, env=session.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def run(
    args: list[str], env: dict[str, str], timeout: float = 30
) -> subprocess.CompletedProcess[str]:
    """A `cuecard` command that must finish; its output captured as text."""
    return subprocess.run(
        args, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture
def stopper() -> Iterator[list[subprocess.Popen[str]]]:
    processes: list[subprocess.Popen[str]] = []
    yield processes
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.wait()


def embedded_in_tray(session: XSession, window: str) -> bool:
    """True when an ancestor of `window` belongs to trayer (the icon was docked)."""
    connection = xdisplay.Display(session.display)
    try:
        current = connection.create_resource_object("window", int(window))
        root = connection.screen().root
        while current.id != root.id:
            wm_class = current.get_wm_class()
            if wm_class and "trayer" in wm_class:
                return True
            current = current.query_tree().parent
    except Xlib.error.XError:
        return False
    finally:
        connection.close()
    return False


def test_tray_icon_menu_opens_search_and_quits(
    x_with_tray: XSession, app_args: list[str], stopper: list[subprocess.Popen[str]]
) -> None:
    app = start(x_with_tray, app_args)
    stopper.append(app)
    icon = wait_for(
        lambda: next(
            (
                w
                # Viewable, not just docked: trayer maps the icon a few ms after docking.
                for w in xdo(
                    x_with_tray, "search", "--onlyvisible", "--classname", "cuecard"
                ).split()
                if embedded_in_tray(x_with_tray, w)
            ),
            None,
        ),
        what="the tray icon embedded in trayer's panel",
    )
    assert isinstance(icon, str)
    no_tray_windows = [
        w
        for w in xdo(x_with_tray, "search", "--name", "^Cuecard$").split()
        if not embedded_in_tray(x_with_tray, w)
        and w in xdo(x_with_tray, "search", "--onlyvisible", "--name", ".").split()
    ]
    assert no_tray_windows == [], "no fallback window when a tray exists"
    # Left click on the icon opens the search window.
    search = act_until(
        lambda: xdo(x_with_tray, "mousemove", "--window", icon, "5", "5", "click", "1"),
        lambda: xdo(x_with_tray, "search", "--onlyvisible", "--name", "Search cards"),
        what="the search window after a click on the icon",
    )
    assert search

    # Right click opens the menu; the last item quits the app cleanly.
    def visible() -> set[str]:
        return set(xdo(x_with_tray, "search", "--onlyvisible", "--classname", "cuecard").split())

    def quit_from_menu() -> None:
        before = visible()
        xdo(x_with_tray, "mousemove", "--window", icon, "5", "5", "click", "3")
        wait_for(lambda: visible() - before, what="the tray menu")
        # Keys sent before the menu grabbed the keyboard would go elsewhere: retried.
        xdo(x_with_tray, "key", "Up", "Return")

    act_until(quit_from_menu, lambda: app.poll() is not None, what="Quit from the tray menu")
    assert app.wait(timeout=15) == 0


def test_without_tray_a_window_says_so(
    x_without_tray: XSession, app_args: list[str], stopper: list[subprocess.Popen[str]]
) -> None:
    app = start(x_without_tray, app_args)
    stopper.append(app)
    window = wait_for(
        lambda: xdo(x_without_tray, "search", "--onlyvisible", "--name", "^Cuecard$"),
        what="the no-tray window",
    )
    assert isinstance(window, str)
    assert app.poll() is None


def test_doctor_sees_the_tray(x_with_tray: XSession, app_args: list[str]) -> None:
    result = run([*app_args, "doctor"], x_with_tray.env, timeout=60)
    assert "system tray available" in result.stdout, result.stdout + result.stderr
    assert "1 error," in result.stdout


def test_second_start_opens_the_palette_and_quit_ends_the_first(
    x_with_tray: XSession, app_args: list[str], stopper: list[subprocess.Popen[str]]
) -> None:
    first = start(x_with_tray, app_args)
    stopper.append(first)
    wait_for(lambda: xdo(x_with_tray, "search", "--classname", "cuecard"), what="first start")
    second = run(app_args, x_with_tray.env)
    assert second.returncode == 0, second.stderr
    assert "already running" in second.stdout
    wait_for(
        lambda: xdo(x_with_tray, "search", "--onlyvisible", "--name", "^Search cards"),
        what="the palette of the running instance",
    )
    quitter = run([*app_args, "--quit"], x_with_tray.env)
    assert quitter.returncode == 0, quitter.stderr
    assert first.wait(timeout=15) == 0
    again = run([*app_args, "--quit"], x_with_tray.env)
    assert again.returncode == 1 and "not running" in again.stderr


def test_autostart_leaves_a_running_cuecard_alone(
    x_with_tray: XSession, app_args: list[str], stopper: list[subprocess.Popen[str]]
) -> None:
    first = start(x_with_tray, app_args)
    stopper.append(first)
    wait_for(lambda: xdo(x_with_tray, "search", "--classname", "cuecard"), what="first start")
    login = run([*app_args, "--autostart"], x_with_tray.env)
    assert (login.returncode, login.stdout, login.stderr) == (0, "", "")
    # The log-in start opened no search window and left the first one running.
    assert not xdo(x_with_tray, "search", "--onlyvisible", "--name", "^Search cards")
    assert first.poll() is None
    quitter = run([*app_args, "--quit"], x_with_tray.env)
    assert quitter.returncode == 0, quitter.stderr
    assert first.wait(timeout=15) == 0


def test_forget_closes_the_running_app_before_deleting_its_files(
    x_with_tray: XSession, app_args: list[str], stopper: list[subprocess.Popen[str]]
) -> None:
    data_dir = Path(app_args[app_args.index("--data-dir") + 1])
    first = start(x_with_tray, app_args)
    stopper.append(first)
    wait_for(lambda: xdo(x_with_tray, "search", "--classname", "cuecard"), what="the app")
    done = run([*app_args, "done", "a"], x_with_tray.env)
    assert done.returncode == 0, done.stderr
    assert (data_dir / "cuecard.db").exists()
    no_display = {k: v for k, v in x_with_tray.env.items() if k != "DISPLAY"}
    # As from an ssh shell: local sockets need no display.
    forget = run([*app_args, "forget", "--yes"], no_display, timeout=60)
    assert forget.returncode == 0, forget.stderr
    assert "Closed the running Cuecard first" in forget.stdout
    assert first.wait(timeout=15) == 0, "the app quit cleanly"
    assert not list(data_dir.glob("cuecard.db*")), "its files are gone, and stay gone"
    assert not (data_dir / "cache").exists()
    assert not any(data_dir.glob("*.ini")), "no window state written back after forget"
