"""One watcher in its own process (so its CPU time can be measured): prints a JSON line
per report. `--kind event` is Cuecard's X11 watcher; `--kind poll` reads the same
properties once a second, as ActivityWatch's aw-watcher-window does."""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time

from cuecard.models import WindowInfo
from cuecard.watch.poll import PollingWatcher
from cuecard.watch.x11 import X11Watcher
from cuecard.watch.x11_read import X11Reader, open_display


def active_window_sampler(display_name: str):  # type: ignore[no-untyped-def]
    reader = X11Reader(open_display(display_name))

    def sample() -> WindowInfo | None:
        active = reader.active_window_id()
        return reader.describe(active, time.monotonic(), None) if active else None

    return sample


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kind", choices=("event", "poll"), required=True)
    args = parser.parse_args()
    display = os.environ["DISPLAY"]
    watcher = (
        X11Watcher(display)
        if args.kind == "event"
        else PollingWatcher(active_window_sampler(display), interval=1.0)
    )
    lock = threading.Lock()

    def report(info: WindowInfo | None) -> None:
        with lock:
            print(
                json.dumps({"t": time.monotonic(), "wid": info.window_id if info else 0}),
                flush=True,
            )

    watcher.start(report)
    try:
        sys.stdin.read()  # run until the parent closes our stdin
    finally:
        watcher.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
