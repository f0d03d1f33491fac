"""Collecting reference cycles on a chosen thread instead of CPython's automatic one.

CPython collects cycles in whichever thread crosses an allocation threshold; a GUI app
with worker threads wants them collected on the GUI thread (see ui/collector.py, which
calls this on a timer; the tests call it after each test).
"""

from __future__ import annotations

import gc


def collect_if_due() -> int:
    """Collect the oldest generation whose count passed its threshold, as CPython's
    automatic collection would, on the calling thread; the number of objects found
    unreachable (0 when nothing was due, or automatic collection is configured off)."""
    threshold0, threshold1, threshold2 = gc.get_threshold()
    if threshold0 == 0:
        return 0
    count0, count1, count2 = gc.get_count()
    if count2 > threshold2:
        return gc.collect(2)
    if count1 > threshold1:
        return gc.collect(1)
    if count0 > threshold0:
        return gc.collect(0)
    return 0
