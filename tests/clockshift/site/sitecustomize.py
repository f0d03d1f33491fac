"""Started by Python in child processes of the test run: apply the same clock shift."""

import os
import sys
from pathlib import Path

if os.environ.get("CUECARD_TEST_CLOCK_SHIFT_DAYS"):
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
    from tests.clockshift.shift import start_clock_shift

    start_clock_shift()
