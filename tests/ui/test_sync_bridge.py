"""Sync in the running app (offscreen): what the user does reaches a real LRS and
nothing from the screen does; a refused login shows in the tray; a pack the app pulls,
or that `cuecard sync now` swaps in beside it, becomes searchable without a restart."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from tests.sync.conftest import HOME, lrs, lrs_installed  # noqa: F401
from tests.sync.lrs_server import LearningLocker, Tap
from tests.sync.pack_server import PackServer
from tests.sync.test_packs import CARD_V1, Author, author, server  # noqa: F401
from tests.sync.test_statements import strictly_valid

from cuecard.clock import FixedClock
from cuecard.context import AppContext
from cuecard.models import WindowInfo
from cuecard.store.events import EventKind
from cuecard.sync.packs.pull import PackPuller
from cuecard.ui.bridge import LibraryService
from cuecard.ui.controller import TrayController
from cuecard.ui.sync_bridge import prepare_packs
from cuecard.watch.base import BackendChoice
from cuecard.watch.privacy import PrivacyRules, PrivateWatcher
from cuecard.watch.scripted import ScriptedWatcher

QuitAfter = Callable[[TrayController], TrayController]
SECRET_TITLE = "Q3-salaries-DO-NOT-SHARE.ods - LibreOffice Calc"


def app_context(tmp_path: Path, content: Path, clock: FixedClock, lines: list[str]) -> AppContext:
    settings = tmp_path / "settings.yaml"
    tmp_path.mkdir(exist_ok=True)
    settings.write_text("\n".join(["content.builtin: false", *lines]) + "\n", encoding="utf-8")
    return AppContext.create(tmp_path / "data", settings, [content], clock=clock)


def sync_lines(endpoint: str, password: str = "secret") -> list[str]:
    return [
        "sync.enabled: true",
        f"sync.endpoint: {endpoint}",
        "sync.username: cuecard",
        f"sync.password: {password}",
        f"sync.actor_home_page: {HOME}",
    ]


def test_what_the_user_does_reaches_the_lrs_and_nothing_from_the_screen(
    qtbot: QtBot,
    lrs: LearningLocker,  # noqa: F811
    tmp_path: Path,
    content_root: Path,
    clock: FixedClock,
    quit_after: QuitAfter,
) -> None:
    context = app_context(tmp_path, content_root, clock, sync_lines(lrs.endpoint))
    scripted = ScriptedWatcher()
    choice = BackendChoice("scripted", "test", PrivateWatcher(scripted, PrivacyRules.create()))
    service = LibraryService(context.open_library(), watch=False)
    controller = quit_after(TrayController(context, service, False, choice, use_hotkey=False))
    with qtbot.waitSignals(
        [controller.loop.state_loaded, service.loading_finished], timeout=10_000
    ):
        controller.start()
    scripted.push(WindowInfo("soffice.bin", SECRET_TITLE, "libreoffice-calc", pid=4242))
    qtbot.waitUntil(lambda: controller.current_window is not None, timeout=5000)
    window = controller.open_card(service.snapshot.cards["calc/freeze"], pulled=True)
    qtbot.addWidget(window)
    window.step_toggled.emit(0, True)
    window.step_toggled.emit(1, True)
    window.completed.emit("calc/freeze")
    window.rated.emit("calc/freeze", "up")
    window.reported_outdated.emit("calc/freeze", "the menu moved")
    controller.record_missed_search("salaries")
    qtbot.waitUntil(lambda: len(lrs.statement_ids()) == 7, timeout=20_000)
    qtbot.waitUntil(lambda: "up to date" in controller.actions.sync_status.text(), timeout=5000)
    assert controller.actions.sync_now.isVisible()
    bodies = controller.writer.call(
        lambda db: [r[0] for r in db.execute("SELECT body FROM outbox ORDER BY id")]
    ).result(10)
    for body in bodies:
        statement = strictly_valid(body)
        assert statement["id"] in lrs.statement_ids()
    text = " ".join(bodies).lower()
    for private in ("q3-salaries", "libreoffice", "soffice", "4242", "salaries", "menu moved"):
        assert private not in text, private
    verbs = [json.loads(b)["verb"]["display"]["en-US"] for b in bodies]
    assert verbs == [
        "viewed",
        "completed",
        "completed",
        "completed",
        "rated",
        "reported",
        "searched",
    ]


def test_a_refused_login_shows_in_the_tray(
    qtbot: QtBot,
    lrs: LearningLocker,  # noqa: F811
    tmp_path: Path,
    content_root: Path,
    clock: FixedClock,
    quit_after: QuitAfter,
) -> None:
    tap = Tap(lrs.port, credentials=("cuecard", "the-right-one")).start()
    try:
        lines = sync_lines(tap.endpoint, password="a-wrong-one")
        context = app_context(tmp_path, content_root, clock, lines)
        service = LibraryService(context.open_library(), watch=False)
        choice = BackendChoice("none", "test", None, False)
        controller = quit_after(TrayController(context, service, False, choice, False))
        controller.start()
        controller.loop.record(EventKind.COMPLETED, "calc/freeze")
        qtbot.waitUntil(
            lambda: "needs attention" in controller.actions.sync_status.text(), timeout=20_000
        )
        assert "refused Cuecard's credentials (401)" in controller.last_notice
        assert controller.no_tray is not None
        assert "refused" in controller.no_tray.status.text()
        assert "a-wrong-one" not in controller.last_notice + controller.no_tray.status.text()
        assert lrs.statement_ids() == []
    finally:
        tap.stop()


def test_packs_go_live_in_the_running_app_without_a_restart(
    qtbot: QtBot,
    author: Author,  # noqa: F811
    server: PackServer,  # noqa: F811
    tmp_path: Path,
    content_root: Path,
    clock: FixedClock,
    quit_after: QuitAfter,
) -> None:
    author.publish("team", CARD_V1)
    url = server.url("team")
    lines = [f"packs.urls: [{url}]", f"packs.public_key: {author.public_key}"]
    context = app_context(tmp_path / "app", content_root, clock, lines)
    prepare_packs(context)
    service = LibraryService(context.open_library(), watch=True)
    choice = BackendChoice("none", "test", None, False)
    controller = quit_after(TrayController(context, service, False, choice, False))
    controller.start()
    qtbot.waitUntil(lambda: "team/vpn" in service.snapshot.cards, timeout=20_000)
    assert service.snapshot.cards["team/vpn"].title == "Connect to the VPN"
    qtbot.waitUntil(
        lambda: "Packs: up to date" in controller.actions.sync_status.text(), timeout=5000
    )
    author.publish("team", CARD_V1.replace("Connect to", "Join"), minutes_later=5)
    controller.sync.sync_now()  # the tray's Sync now
    qtbot.waitUntil(
        lambda: service.snapshot.cards["team/vpn"].title == "Join the VPN", timeout=20_000
    )
    # `cuecard sync now` in another process swaps the next version in beside the app.
    author.publish("team", CARD_V1.replace("Connect to", "Use"), minutes_later=5)
    clock.advance(timedelta(minutes=1))
    assert PackPuller(context.paths, author.public_key, clock).pull(url).installed_now
    qtbot.waitUntil(
        lambda: service.snapshot.cards["team/vpn"].title == "Use the VPN", timeout=20_000
    )


@pytest.fixture(autouse=True)
def _no_real_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
