"""Run the real Cuecard tray app with a control channel for end-to-end tests.

The app is built exactly as `cuecard run` builds it; stdin takes commands and stdout
reports decisions, so a test can wait on what the app decided instead of sleeping, and
can ask where a widget is on screen to click it for real with xdotool.

Commands: `where NAME` (a visible widget's objectName, or `step:N` for a step box; in
X pixels, whatever the scale), `text NAME` (a visible label's text), `fits NAME` (a
window's frame and its screen's free area, in Qt's pixels), `hovered` (whether the
toast is paused under the pointer), `snooze SECONDS`, `later` (dismiss the toast), `quit`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSocketNotifier
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from cuecard.cli import build_parser, global_options
from cuecard.context import AppContext
from cuecard.memory import limit_malloc_arenas
from cuecard.store.events import EventKind
from cuecard.ui.app import make_application
from cuecard.ui.bridge import LibraryService
from cuecard.ui.card_window import STEP_SCHEME, CardWindow
from cuecard.ui.controller import TrayController


def emit(record: dict[str, object]) -> None:
    print(json.dumps(record), flush=True)


def widget_center(name: str) -> QPoint | None:
    found = find_visible(name)
    return found.mapToGlobal(found.rect().center()) if found is not None else None


def find_visible(name: str) -> QWidget | None:
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        found = top if top.objectName() == name else top.findChild(QWidget, name)
        if found is not None and found.isVisible():
            return found
    return None


def rect(r: QRect) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def step_center(index: int) -> QPoint | None:
    href = f"{STEP_SCHEME}:{index}"
    for top in QApplication.topLevelWidgets():
        if isinstance(top, CardWindow) and top.isVisible():
            document = top.browser.document()
            block = document.begin()
            while block.isValid():
                iterator = block.begin()
                while not iterator.atEnd():
                    fragment = iterator.fragment()
                    if fragment.charFormat().anchorHref() == href:
                        cursor = QTextCursor(document)
                        cursor.setPosition(fragment.position() + 1)
                        rect = top.browser.cursorRect(cursor)
                        viewport = top.browser.viewport()
                        return viewport.mapToGlobal(rect.center() - QPoint(4, 0))
                    iterator += 1
                block = block.next()
    return None


def main() -> int:
    options = global_options(build_parser().parse_args(sys.argv[1:]))
    context = AppContext.create(options.data_dir, options.config, options.content)
    limit_malloc_arenas()  # as run_tray_app does
    app = make_application()
    controller = TrayController(context, LibraryService(context.open_library()))
    controller.loop.decided.connect(
        lambda d: emit(
            {
                "event": "decided",
                "reason": d.reason,
                "card": d.card.id if d.card else None,
                "offer": d.offer.value if d.offer else None,
            }
        )
    )
    controller.service.loading_finished.connect(
        lambda s: emit({"event": "loaded", "cards": len(s.cards)})
    )
    controller.loop.index_ready.connect(lambda _p: emit({"event": "indexed"}))
    record = controller.loop.record

    def recording(kind: EventKind, card_id: str | None, *rest: str | None) -> None:
        record(kind, card_id, *rest)
        emit({"event": "recorded", "kind": kind.value, "card": card_id})

    # Before any card window is wired: each captures `loop.record` when it opens.
    controller.loop.record = recording  # type: ignore[method-assign]
    controller.watcher.window_changed.connect(
        lambda w: emit({"event": "window", "title": w.title if w else None})
    )
    controller.elements.element_changed.connect(
        lambda e: emit({"event": "element", "name": e.name if e else None})
    )
    controller.loop.focus_target_changed.connect(
        lambda t: emit({"event": "following", "pid": t.pid if t else None})
    )

    def command() -> None:
        line = sys.stdin.readline()
        if not line:
            controller.quit()
            return
        verb, _, rest = line.strip().partition(" ")
        if verb == "where":
            point = step_center(int(rest[5:])) if rest.startswith("step:") else widget_center(rest)
            ratio = QGuiApplication.primaryScreen().devicePixelRatio()  # X wants its pixels
            emit(
                {
                    "reply": "where",
                    "name": rest,
                    "x": round(point.x() * ratio) if point else None,
                    "y": round(point.y() * ratio) if point else None,
                }
            )
        elif verb == "text":
            label = find_visible(rest)
            emit({"reply": "text", "text": label.text() if isinstance(label, QLabel) else None})
        elif verb == "fits":
            window = find_visible(rest)
            emit(
                {
                    "reply": "fits",
                    "name": rest,
                    "frame": rect(window.frameGeometry()) if window else None,
                    "area": rect(window.screen().availableGeometry()) if window else None,
                    "ratio": window.screen().devicePixelRatio() if window else None,
                }
            )
        elif verb == "hovered":
            emit({"reply": "hovered", "paused": controller.toast.paused})
        elif verb == "snooze":
            from datetime import timedelta

            controller.snooze(timedelta(seconds=float(rest)))
            emit({"reply": "snooze"})
        elif verb == "later":
            if controller.toast.isVisible():
                controller.toast.later_button.click()
            emit({"reply": "later"})
        elif verb == "quit":
            controller.quit()

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(command)
    controller.start()
    emit({"event": "started", "hotkey": controller.hotkey.message if controller.hotkey else ""})
    code = app.exec()
    emit({"event": "exited", "db": str(Path(context.paths.database))})
    return code


if __name__ == "__main__":
    sys.exit(main())
