"""Move the wall clock of this process, and of every Python process it starts, by
CUECARD_TEST_CLOCK_SHIFT_DAYS days (time-machine, ticking), to prove that no test and no
code path depends on the date it runs on.

CI runs the unit and UI tests once more with the clock two years ahead. Child processes
(`python -m cuecard ...` in CLI tests) pick the shift up from the `site` folder's
sitecustomize, which this puts first on PYTHONPATH. Monotonic clocks are not moved.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

ENV = "CUECARD_TEST_CLOCK_SHIFT_DAYS"
SITE = Path(__file__).resolve().parent / "site"
_started: list[object] = []


def shift_days() -> int:
    """The requested shift in days (0 when unset); a bad value stops the run."""
    text = os.environ.get(ENV, "").strip()
    if not text:
        return 0
    try:
        return int(text)
    except ValueError:
        raise SystemExit(f"{ENV} must be a whole number of days, got {text!r}") from None


def start_clock_shift() -> int:
    """Start the shift once per process; return the number of days (0: no shift)."""
    days = shift_days()
    if days == 0 or _started:
        return days
    import time_machine

    traveller = time_machine.travel(datetime.now().astimezone() + timedelta(days=days), tick=True)
    traveller.start()
    _started.append(traveller)
    paths = [str(SITE), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    if paths.count(str(SITE)) == 1:
        os.environ["PYTHONPATH"] = os.pathsep.join(paths)
    return days
