"""Fuzz every untrusted-input path: property-based (hypothesis), then coverage-guided
(atheris) seeded with the structured inputs hypothesis made and the sample content.

Run: `make reliability-fuzz` or `.venv/bin/python bench/reliability/fuzz.py
[--targets a,b] [--hypothesis N] [--atheris N] [--save]`. Full run: 10,000 structured
inputs and 100,000 coverage-guided ones per target. Prints one table row per target;
`--save` copies each failing input into tests/reliability/corpus/<target>/, where
tests/reliability/test_fuzz.py replays it in every CI run. Exits 1 when anything failed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from tests.reliability.fuzz_checks import TimeLimit  # noqa: E402
from tests.reliability.fuzz_inputs import STRATEGIES  # noqa: E402
from tests.reliability.fuzz_run import (  # noqa: E402
    CORPUS,
    corpus_files,
    replay,
    run_property,
    save_failure,
)
from tests.reliability.fuzz_targets import Target, Workspace, make_targets  # noqa: E402

from common import machine  # noqa: E402

ATHERIS = Path(__file__).with_name("atheris_fuzz.py")
ORDINARY_SEED_SIZES = (64, 512, 4096)
LIBFUZZER_STOPS = ("crash", "timeout", "oom", "leak")  # its artifacts' name prefixes
SEEDS_FROM_CONTENT = {"front-matter": "*.md", "markdown": "*.md", "rules": "rules.yaml"}


def seed_corpus(name: str, folder: Path, structured: list[bytes], target: Target) -> None:
    """Seeds: what hypothesis made, valid ordinary input (libFuzzer cannot see into C
    parsers such as json, so without a valid seed it never got past them), the sample
    content and every input that once failed."""
    folder.mkdir(parents=True, exist_ok=True)
    for n, data in enumerate(structured):
        (folder / f"h{n:05d}").write_bytes(data)
    for size in ORDINARY_SEED_SIZES:
        (folder / f"o{size:05d}").write_bytes(target.ordinary(size))
    pattern = SEEDS_FROM_CONTENT.get(name)
    if pattern:
        for n, path in enumerate(sorted((REPO / "content").rglob(pattern))):
            (folder / f"c{n:03d}").write_bytes(path.read_bytes())
    for path in corpus_files(name):
        shutil.copy(path, folder / f"r-{path.name}")


def run_atheris(name: str, runs: int, corpus: Path, work: Path) -> dict[str, object]:
    summary = work / f"{name}.json"
    findings = work / "findings"
    command = [
        sys.executable,
        str(ATHERIS),
        name,
        str(summary),
        str(findings),
        f"-runs={runs}",
        "-max_len=16384",
        # A backstop for a hang only: slowness is judged in-process against ordinary
        # input (TimeLimit). At 60 s a run on a loaded machine died on an input that
        # takes 0.25 s alone (libFuzzer times wall-clock, instrumented, at low priority).
        "-timeout=600",
        "-rss_limit_mb=4096",
        f"-artifact_prefix={work}/{name}.",
        str(corpus),
    ]
    with (work / f"{name}.log").open("wb") as log:
        subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, check=False)
    data: dict[str, object] = json.loads(summary.read_text())
    # libFuzzer ends the run on a crash it catches itself (a timeout, running out of
    # memory, a signal) and leaves the input beside the log: a failure, never a pass.
    stopped = [p for kind in LIBFUZZER_STOPS for p in sorted(work.glob(f"{name}.{kind}-*"))]
    failures = list(data["failures"])  # type: ignore[call-overload]
    failures += [f"libFuzzer stopped the run: {p} (log: {name}.log)" for p in stopped]
    data["failures"] = failures
    return data


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--targets", default="")
    parser.add_argument("--hypothesis", type=int, default=10_000)
    parser.add_argument("--atheris", type=int, default=100_000)
    parser.add_argument("--save", action="store_true", help="keep failing inputs as tests")
    args = parser.parse_args()
    if args.atheris and importlib.util.find_spec("atheris") is None:
        # Found before the structured inputs, not after half an hour of them.
        parser.error("atheris is not installed in this environment (make setup installs it)")
    work = Path(tempfile.mkdtemp(prefix="cuecard-fuzz-run-"))
    targets = make_targets(Workspace(work / "ws"))
    names = [n for n in args.targets.split(",") if n] or list(targets)
    print(f"# Fuzzing: {args.hypothesis} structured + {args.atheris} coverage-guided inputs")
    print(machine())
    print()
    print(
        "| target | inputs (structured + coverage-guided) | failures | slowest input vs "
        "ordinary input of its size | largest input | time |"
    )
    print("|---|---|---|---|---|---|")
    failed = False
    for name in names:
        target = targets[name]
        began = time.perf_counter()
        limit = TimeLimit(target.run, target.ordinary).calibrate()
        kept: list[bytes] = []
        regression = replay(target, limit, [p.read_bytes() for p in corpus_files(name)])
        found = run_property(target, STRATEGIES[name], args.hypothesis, limit, keep=kept)
        failures = {**regression.failures, **found.failures}
        guided: dict[str, object] = {"inputs": 0, "failures": [], "worst_ratio": 0.0}
        if args.atheris:
            seed_corpus(name, work / "corpus" / name, kept, target)
            guided = run_atheris(name, args.atheris, work / "corpus" / name, work)
        for failure in failures.values():
            print(f"  {name}: {failure.kind}: {failure.message.splitlines()[0]}", file=sys.stderr)
            if args.save:
                save_failure(failure)
        if args.save:
            for path in sorted((work / "findings" / name).glob("*")):
                shutil.copy(path, CORPUS / name / path.name)
        guided_failures = list(guided["failures"])  # type: ignore[call-overload]
        for line in guided_failures:
            print(f"  {name} (atheris): {line.splitlines()[0]}", file=sys.stderr)
        count = len(failures) + len(guided_failures)
        failed = failed or count > 0
        worst = max(found.worst_ratio, float(guided["worst_ratio"]))  # type: ignore[arg-type]
        largest = max(found.largest, int(guided.get("largest", 0)))  # type: ignore[call-overload]
        print(
            f"| {name} | {found.inputs + regression.inputs:,} + {guided['inputs']:,} | {count} | "
            f"{worst:.1f}× | {largest:,} bytes | {time.perf_counter() - began:.0f} s |",
            flush=True,
        )
    print(f"\nLogs and findings: {work}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
