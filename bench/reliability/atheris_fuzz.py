"""Coverage-guided fuzzing of one target with atheris (libFuzzer for Python).

Run: `.venv/bin/python bench/reliability/atheris_fuzz.py TARGET SUMMARY.json FINDINGS_DIR
[libFuzzer options, e.g. -runs=100000 -max_len=16384 CORPUS_DIR]`; `bench/reliability/
fuzz.py` starts one of these per target (libFuzzer ends the process when done).

The app's modules and the parsers it builds on (Python-Markdown, pymdown-extensions,
PyYAML's Python parts, httpx) are instrumented, so inputs that reach new code are kept
and mutated further. A failing input does not stop the run: each distinct failure is
saved to FINDINGS_DIR (for tests/reliability/corpus/) and the run goes on. The summary
(inputs, failures, slowest input against ordinary input of its size) is rewritten
every few hundred inputs and after the last one.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import atheris

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

with atheris.instrument_imports(include=["cuecard", "markdown", "pymdownx", "yaml", "httpx"]):
    from tests.reliability.fuzz_checks import TimeLimit
    from tests.reliability.fuzz_run import FuzzReport, attempt, save_failure
    from tests.reliability.fuzz_targets import Workspace, make_targets

REPEAT_TO = 32768


def main() -> None:
    name, summary, findings = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    runs = next((int(a.split("=", 1)[1]) for a in sys.argv if a.startswith("-runs=")), -1)
    target = make_targets(Workspace())[name]
    if os.environ.get("CUECARD_FUZZ_UNTIMED"):  # the CI test: no timing (a loaded machine)
        limit = TimeLimit.untimed(target.run)
    else:
        limit = TimeLimit(target.run, target.ordinary).calibrate()
    report = FuzzReport(name)
    began = time.perf_counter()
    saved: set[tuple[str, str]] = set()

    def write() -> None:
        for key, failure in report.failures.items():
            if key not in saved:
                save_failure(failure, findings)
                saved.add(key)
        report.seconds = time.perf_counter() - began
        data = {
            "target": name,
            "inputs": report.inputs,
            "seconds": report.seconds,
            "largest": report.largest,
            "worst_ratio": report.worst_ratio,
            "failures": [f"{kind}: {message}" for kind, message in report.failures],
            "baseline_ms": {size: round(s * 1000, 3) for size, s in limit.points},
        }
        summary.write_text(json.dumps(data, indent=1))

    def one_input(data: bytes) -> None:
        # One input in 32 is repeated to 32 KB: quadratic behaviour only shows on size.
        if len(data) > 1 and data[0] % 32 == 0:
            data = (data[1:] * (REPEAT_TO // (len(data) - 1) + 1))[:REPEAT_TO]
        attempt(target, limit, data, report)
        if report.inputs % 500 == 0 or report.inputs == runs:
            write()

    write()
    atheris.Setup([sys.argv[0], *sys.argv[4:]], one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
