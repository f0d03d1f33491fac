"""The polished windows on a real X session: an 800 px screen at 125 % with a panel on
top (trayer, with its strut), openbox frames, an xterm titled "bash - second"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import write_card
from tests.e2e.conftest import _require_x, wait_for, xdo
from tests.e2e.test_nudge_loop import AppProcess, decided, start
from tests.e2e.xsession import XSession
from tests.watch.x11_driver import X11Driver

pytestmark = pytest.mark.x11
SCALE = 1.25
STEPS = "".join(f"## Step {n}\nDo thing {n}, then check it.\n\n" for n in range(1, 31))
XTERM_DESKTOP = "[Desktop Entry]\nName=XTerm\nExec=xterm\nStartupWMClass=XTerm\n"


@pytest.fixture
def laptop() -> Iterator[XSession]:
    """1280 × 800 with a 24 px panel on top that reserves its strip."""
    _require_x()
    with XSession(with_tray=True, size="1280x800x24") as session:
        yield session


def ask(app: AppProcess, command: str, reply: str) -> dict[str, object]:
    app.send(command)
    return app.wait(lambda r: r.get("reply") == reply, command)


def test_a_laptop_at_125_percent_names_the_app_pauses_on_hover_and_fits_the_card(
    laptop: XSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "pack"
    write_card(
        root,
        "long.md",
        f"---\nwhen:\n  - title: 'bash - second'\n---\n# A long card\n\n{STEPS}",
    )
    settings = tmp_path / "settings.yaml"
    settings.write_text("content.builtin: false\n")
    # xterm's desktop file, as the xterm package installs it (under the test's own XDG).
    applications = tmp_path / "xdg-data" / "applications"
    write_card(applications, "debian-xterm.desktop", XTERM_DESKTOP)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    session_env = laptop.env
    session_env["QT_SCALE_FACTOR"] = str(SCALE)
    monkeypatch.setattr(XSession, "env", property(lambda _self: session_env))
    args = ["--data-dir", str(tmp_path / "data"), "--config", str(settings), "--content", str(root)]
    apps: list[AppProcess] = []
    try:
        app = start(laptop, args, apps)
        X11Driver(laptop).open_window("xterm", "bash - second", "XTerm")
        app.wait(decided(card="long"), "a nudge for the xterm")
        wait_for(lambda: xdo(laptop, "search", "--onlyvisible", "--name", "^Cuecard: "))
        heading = ask(app, "text heading", "text")
        assert heading["text"] == "Tip for XTerm", "the app's name, not a piece of the title"

        x, y = app.where("cardTitle")
        xdo(laptop, "mousemove", str(x), str(y))
        wait_for(lambda: ask(app, "hovered", "hovered")["paused"], what="the pause on hover")
        xdo(laptop, "mousemove", "5", "400")
        wait_for(lambda: not ask(app, "hovered", "hovered")["paused"], what="the countdown")

        app.click_until_recorded(laptop, "showButton", "opened")

        def fitted() -> bool:
            where = ask(app, "fits CardWindow", "fits")
            if where["frame"] is None:
                return False
            fx, fy, fw, fh = where["frame"]  # type: ignore[misc]
            ax, ay, aw, ah = where["area"]  # type: ignore[misc]
            assert where["ratio"] == SCALE
            assert ay > 0, "the panel's strip is not free"
            return bool(ax <= fx and ay <= fy and fx + fw <= ax + aw and fy + fh <= ay + ah)

        wait_for(fitted, what="the card window inside the free area, title bar and all")
    finally:
        for app in apps:
            app.kill()
