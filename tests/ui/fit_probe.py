"""Open every window (tests/ui/gallery.py) and print, as JSON, where each one is and the
free area of its screen. Run in a subprocess with the scale under test:

    QT_QPA_PLATFORM=offscreen:configfile=screen.json QT_SCALE_FACTOR=1.5 \\
        python -m tests.ui.fit_probe FOLDER
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication
from tests.ui.gallery import make_controller, open_every_window, seed_record, wait_until


def rect(r: object) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]  # type: ignore[attr-defined]


def main(folder: Path) -> int:
    app = QApplication(["cuecard"])
    controller = make_controller(folder)
    seed_record(controller)
    windows = open_every_window(controller)
    # The fits deferred until a window's frame is known run from the event loop: wait
    # (no fixed sleep) until every window is inside its screen's free area, or 10 s; the
    # test reads whatever state they reached.
    wait_until(
        lambda: all(
            w.isVisible() and w.screen().availableGeometry().contains(w.frameGeometry())
            for w in windows.values()
        ),
        seconds=10.0,
    )
    report = {
        name: {
            "frame": rect(widget.frameGeometry()),
            "area": rect(widget.screen().availableGeometry()),
            "ratio": widget.screen().devicePixelRatio(),
            "visible": widget.isVisible(),
        }
        for name, widget in windows.items()
    }
    print(json.dumps(report))
    controller.quit()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
