"""The measured side of the element benchmark: Cuecard's real loop (NudgeLoop) and
element bridge (ElementBridge with the AT-SPI back-end) in their own process.

Usage: child.py ROOT. Loads and indexes ROOT, prints {"event": "indexed", "elements":
bool}, then reads commands on stdin: `window PID` (that app's "Insert Pivot Table"
dialog is the active window) and `quit`. For every decision it prints {"event":
"decided", "t": time.monotonic(), "name": the focused element's name or null, "seen":
when the back-end had described that element}.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSocketNotifier
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from cuecard.content.library import ContentLibrary
from cuecard.models import WindowInfo
from cuecard.platform.dnd import StaticDnd
from cuecard.policy.model import PolicySettings
from cuecard.store.writer import StoreWriter
from cuecard.ui.elements import ElementBridge
from cuecard.ui.loop import NudgeLoop
from cuecard.ui.nudge import NudgeToast


def say(**record: object) -> None:
    print(json.dumps(record), flush=True)


def main() -> int:
    app = QApplication(["cuecard-bench"])
    work = Path(tempfile.mkdtemp(prefix="cuecard-element-bench-"))
    writer = StoreWriter(work / "cuecard.db")
    writer.start()
    # A dwell of an hour: every focus change is matched and decided, no toast is shown.
    policy = PolicySettings(dwell=PolicySettings().dwell * 1200)
    loop = NudgeLoop(writer, NudgeToast(QIcon()), policy, dnd=StaticDnd(False))
    bridge = ElementBridge()
    bridge.serve(loop)
    loop.decided.connect(
        lambda _d: say(
            event="decided",
            t=time.monotonic(),
            name=loop.element.name if loop.element else None,
            seen=loop.element.timestamp if loop.element else None,  # when it was described
        )
    )
    loop.index_ready.connect(
        lambda payload: say(event="indexed", elements=payload[1].has_element_triggers)
    )
    loop.start()
    loop.set_snapshot(ContentLibrary([Path(sys.argv[1])]).load())

    def command() -> None:
        line = sys.stdin.readline()
        verb, _, arg = line.strip().partition(" ")
        if verb == "window":
            window = WindowInfo(
                app="python",
                title="Insert Pivot Table",
                window_class="pivotdemo",
                pid=int(arg),
                window_id=1,
            )
            loop.on_window(window)
        elif not line or verb == "quit":
            loop.stop()
            bridge.stop()
            writer.stop()
            app.quit()

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(command)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
