"""Element triggers end to end: the real app, a real X server, a real accessibility bus,
and a real PySide6 app with a main window and an "Insert Pivot Table" dialog."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.a11y.session import A11ySession, DemoApp, have_atspi
from tests.conftest import write_card
from tests.e2e.conftest import _require_x, wait_for, xdo
from tests.e2e.test_nudge_loop import AppProcess, decided

pytestmark = pytest.mark.x11
PIVOT_CARD = """---
minutes: 2
when:
  - class: pivotdemo
    dialog: Insert Pivot Table
    control: Source range
---
# Pick the source range

## Select the data
Drag over the table, headers included.
"""


@pytest.fixture
def a11y() -> Iterator[A11ySession]:
    _require_x()
    if not have_atspi():
        pytest.skip("needs at-spi2-core (run `make test` to install it)")
    with A11ySession(with_tray=True) as session:
        yield session


@pytest.fixture
def args(tmp_path: Path) -> list[str]:
    root = tmp_path / "pack"
    write_card(root, "pivot.md", PIVOT_CARD)
    settings = tmp_path / "settings.yaml"
    settings.write_text("content.builtin: false\nnudges:\n  dwell_seconds: 1\n")
    data = tmp_path / "data"
    return ["--data-dir", str(data), "--config", str(settings), "--content", str(root)]


def pivot_toast(session: A11ySession) -> str:
    return xdo(session, "search", "--onlyvisible", "--name", "^Cuecard: Pick the source range$")  # type: ignore[arg-type]


def test_the_source_range_field_offers_the_pivot_card_and_the_main_window_does_not(
    a11y: A11ySession, args: list[str]
) -> None:
    app = AppProcess(a11y, args)  # type: ignore[arg-type]
    demo: DemoApp | None = None
    try:
        app.wait(lambda r: r.get("event") == "indexed", "its trigger index")
        demo = DemoApp(a11y, "qt")
        # The main window: followed (a card names this app's dialog), but nothing fits.
        app.wait(lambda r: r.get("event") == "following" and r["pid"] == demo.pid, "following")
        app.wait(lambda r: r.get("event") == "element" and r["name"] == "Search", "Search")
        app.wait(decided(reason="no card to offer for this window"), "no card for the main window")
        assert not pivot_toast(a11y)
        demo.send("dialog")
        app.wait(
            lambda r: r.get("event") == "element" and r["name"] == "Source range", "Source range"
        )
        app.wait(decided(card="pivot"), "the pivot card offered")
        assert wait_for(lambda: pivot_toast(a11y), what="the toast")
        app.send("later")
        app.wait(lambda r: r.get("reply") == "later", "the toast dismissed")
        demo.send("close")
        app.wait(lambda r: r.get("event") == "element" and r["name"] == "Search", "Search again")
        app.wait(decided(reason="no card to offer for this window"), "silence in the main window")
        rest = app.quit()
        offered = [r for r in rest if r.get("event") == "decided" and r.get("card")]
        assert offered == [], "only the dialog field earns the card"
        assert not a11y.tree_enabled(), "the app switched the accessibility tree off on quit"
    finally:
        app.kill()
        if demo is not None:
            demo.stop()


def test_without_element_cards_the_app_asks_for_nothing_on_the_accessibility_bus(
    a11y: A11ySession, tmp_path: Path
) -> None:
    root = tmp_path / "plain"
    write_card(root, "a.md", "---\nwhen: [{class: pivotdemo}]\n---\n# Demo basics\n\nBody.\n")
    settings = tmp_path / "settings.yaml"
    settings.write_text("content.builtin: false\n")
    args = ["--data-dir", str(tmp_path / "d"), "--config", str(settings), "--content", str(root)]
    from tests.a11y.session import BusMonitor, accessibility_address

    monitor = BusMonitor(accessibility_address(a11y))
    app = AppProcess(a11y, args)  # type: ignore[arg-type]
    demo: DemoApp | None = None
    try:
        app.wait(lambda r: r.get("event") == "indexed", "its trigger index")
        demo = DemoApp(a11y, "qt")
        app.wait(decided(card="a"), "the window card")  # the app saw the window
        demo.send("dialog")
        app.wait(lambda r: r.get("event") == "window" and r["title"] == "Insert Pivot Table", "x")
        assert not a11y.tree_enabled()
        app.quit()
        monitor.close()
        # Qt's own bridge registers every Qt app, Cuecard too (that is Qt's doing, and
        # lets screen readers read Cuecard); Cuecard itself makes no connection of its
        # own, registers no event and adds no rule to hear focus changes.
        ours = {name for name, pid in monitor.pids.items() if pid == app.process.pid}
        assert len(ours) <= 1, "a connection of Cuecard's own"
        asked = [(member, body) for sender, member, body in monitor.calls if sender in ours]
        assert not [a for a in asked if a[0] == "RegisterEvent"], asked
        assert not [a for a in asked if "org.a11y.atspi.Event" in a[1]], asked
    finally:
        app.kill()
        if demo is not None:
            demo.stop()
