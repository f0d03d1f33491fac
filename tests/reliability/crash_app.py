"""The real Cuecard (`cuecard run`, exactly as cuecard.ui.app.run_tray_app starts it:
single instance, logging, pack recovery, library, sync) with a workload on top, for the
crash harness to SIGKILL at random moments.

Run: `python tests/reliability/crash_app.py FIRST_SEQ|none -- [cuecard options]`.

The workload, on the GUI thread through the app's own paths: every few milliseconds a
guide step is ticked (`loop.record(STEP_DONE, ...)`, the step number a sequence number
unique across runs, so the harness can find each event and its statement); every 150 ms
"Sync now" (a push of the outbox to the LRS and a pull of the content pack). Writes are
acknowledged on stdout as `ack N` once the store writer has committed them (a call
queued behind them on the writer thread), so the harness knows which writes the app had
made durable when it was killed.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QTimer  # noqa: E402

from cuecard.cli import build_parser, global_options  # noqa: E402
from cuecard.context import AppContext  # noqa: E402
from cuecard.store.events import EventKind  # noqa: E402
from cuecard.ui import app as ui_app  # noqa: E402
from cuecard.ui.controller import TrayController  # noqa: E402

GUIDE = "crash/guide"
EVENT_EVERY_MS = 4
SYNC_EVERY_MS = 150


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class WorkloadController(TrayController):
    """The app's controller, plus the workload once the app has started."""

    first_seq: int | None = 0  # None: no step ticks, only syncs (to empty the outbox)

    def start(self) -> None:
        super().start()
        self._seq = self.first_seq or 0
        self._events = QTimer(self)
        self._events.timeout.connect(self._tick)
        if self.first_seq is not None:
            self._events.start(EVENT_EVERY_MS)
        self._syncs = QTimer(self)
        self._syncs.timeout.connect(self.sync.sync_now)
        self._syncs.start(SYNC_EVERY_MS)
        say("started")

    def show_notice(self, message: str) -> None:
        super().show_notice(message)
        say("notice " + " ".join(message.split()))

    def _tick(self) -> None:
        seq = self._seq
        self._seq += 1
        self.loop.record(EventKind.STEP_DONE, GUIDE, str(seq))
        # Runs on the writer thread after the batch holding `seq` was committed.
        self.writer.call(lambda _db: seq).add_done_callback(
            lambda done: say(f"ack {done.result()}") if done.exception() is None else None
        )


def main() -> int:
    first, _, rest = sys.argv[1], sys.argv[2], sys.argv[3:]
    WorkloadController.first_seq = None if first == "none" else int(first)
    options = global_options(build_parser().parse_args(rest))
    context = AppContext.create(options.data_dir, options.config, options.content)
    ui_app.TrayController = WorkloadController  # type: ignore[misc]
    return ui_app.run_tray_app(context)


if __name__ == "__main__":
    sys.exit(main())
