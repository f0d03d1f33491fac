"""Run a fuzz target over many inputs and report: how many, how fast, what failed.

`run_property` draws inputs from the target's hypothesis strategy; every input is timed
against the target's ordinary-input yardstick (fuzz_checks.TimeLimit). A failure does
not stop the run: each distinct one (by kind and message) is kept with its input, which
`save_failure` writes into a corpus folder so it is replayed as a regression test.
"""

from __future__ import annotations

import hashlib
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reliability.fuzz_checks import TimeLimit
from tests.reliability.fuzz_targets import Target

CORPUS = Path(__file__).with_name("corpus")


@dataclass(frozen=True)
class Failure:
    """One input that broke a promise: which one and how."""

    target: str
    kind: str
    message: str
    data: bytes

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.message.split("\n")[0][:120])


@dataclass
class FuzzReport:
    """What one run of one target found."""

    target: str
    inputs: int = 0
    seconds: float = 0.0
    largest: int = 0
    worst_ratio: float = 0.0  # the slowest input's time over ordinary input of its size
    failures: dict[tuple[str, str], Failure] = field(default_factory=dict)

    def note(self, failure: Failure) -> None:
        self.failures.setdefault(failure.key, failure)


def attempt(target: Target, limit: TimeLimit, data: bytes, report: FuzzReport) -> None:
    """Run one input; record an exception or a slow input as a failure."""
    report.inputs += 1
    report.largest = max(report.largest, len(data))
    start = time.perf_counter()
    try:
        target.run(data)
    except Exception as exc:
        trace = traceback.format_exc(limit=-3)
        report.note(Failure(target.name, type(exc).__name__, f"{exc}\n{trace}", data))
        return
    elapsed = time.perf_counter() - start
    try:
        elapsed = limit.check(data, elapsed)
    except AssertionError as exc:
        report.note(Failure(target.name, type(exc).__name__, str(exc), data))
    report.worst_ratio = max(report.worst_ratio, elapsed / limit.baseline(len(data)))


def run_property(
    target: Target,
    strategy: st.SearchStrategy[bytes],
    count: int,
    limit: TimeLimit,
    keep: list[bytes] | None = None,
) -> FuzzReport:
    """`count` inputs from `strategy` (failures are collected, not raised); the first
    inputs go into `keep` until it holds `count // 10` (seeds for atheris)."""
    report = FuzzReport(target.name)
    if count <= 0:  # hypothesis refuses max_examples=0; none asked for, none run
        return report
    began = time.perf_counter()

    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def each(data: bytes) -> None:
        if keep is not None and len(keep) < count // 10:
            keep.append(data)
        attempt(target, limit, data, report)

    each()
    report.seconds = time.perf_counter() - began
    return report


def replay(target: Target, limit: TimeLimit, inputs: list[bytes]) -> FuzzReport:
    report = FuzzReport(target.name)
    began = time.perf_counter()
    for data in inputs:
        attempt(target, limit, data, report)
    report.seconds = time.perf_counter() - began
    return report


def corpus_files(target: str, folder: Path = CORPUS) -> list[Path]:
    return sorted(path for path in (folder / target).glob("*") if path.suffix != ".txt")


def save_failure(failure: Failure, folder: Path = CORPUS) -> Path:
    """Keep the input (and why it failed, beside it) for the regression replay."""
    target = folder / failure.target
    target.mkdir(parents=True, exist_ok=True)
    path = target / hashlib.sha1(failure.data).hexdigest()[:16]
    path.write_bytes(failure.data)
    first = failure.message.splitlines()[0] if failure.message else ""
    path.with_suffix(".txt").write_text(f"{failure.kind}: {first}\n", encoding="utf-8")
    return path
