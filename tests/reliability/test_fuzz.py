"""Fuzzing in CI, reduced (docs/reliability.md has the full run, `make reliability`):
every input that ever failed is replayed, a few hundred structured inputs per target
are drawn by hypothesis, and atheris runs a short coverage-guided session. No exception
may escape and sanitised HTML must stay safe; speed is the benchmark's to show, so time
is not asserted here."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.fuzz_checks import TimeLimit
from tests.reliability.fuzz_inputs import STRATEGIES
from tests.reliability.fuzz_run import corpus_files, replay, run_property
from tests.reliability.fuzz_targets import Target, Workspace, make_targets

EXAMPLES = int(os.environ.get("CUECARD_FUZZ_EXAMPLES", "250"))
ATHERIS_RUNS = int(os.environ.get("CUECARD_FUZZ_ATHERIS_RUNS", "400"))
REPO = Path(__file__).resolve().parents[2]
NAMES = sorted(STRATEGIES)


@pytest.fixture(scope="module")
def targets(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Target]]:
    yield make_targets(Workspace(tmp_path_factory.mktemp("fuzz")))


def failures_of(report: object) -> list[str]:
    found = report.failures.values()  # type: ignore[attr-defined]
    return [f"{f.kind}: {f.message.splitlines()[0]} (input {f.data[:120]!r})" for f in found]


def test_every_target_has_inputs_and_a_corpus_folder() -> None:
    assert set(make_targets(Workspace()).keys()) == set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_inputs_that_once_failed_pass_now(targets: dict[str, Target], name: str) -> None:
    target = targets[name]
    inputs = [path.read_bytes() for path in corpus_files(name)]
    report = replay(target, TimeLimit.untimed(target.run), inputs)
    assert report.inputs == len(inputs)
    assert failures_of(report) == []


@pytest.mark.parametrize("name", NAMES)
def test_structured_inputs_break_no_promise(targets: dict[str, Target], name: str) -> None:
    target = targets[name]
    report = run_property(target, STRATEGIES[name], EXAMPLES, TimeLimit.untimed(target.run))
    assert report.inputs >= EXAMPLES * 0.9
    assert failures_of(report) == []


def test_no_structured_inputs_asked_for_runs_none(targets: dict[str, Target]) -> None:
    # `fuzz.py --hypothesis 0` goes straight to the coverage-guided run.
    target = targets["rules"]
    report = run_property(target, STRATEGIES["rules"], 0, TimeLimit.untimed(target.run))
    assert (report.inputs, report.failures) == (0, {})


@pytest.mark.skipif(sys.platform != "linux", reason="atheris wheels: Linux x86-64")
def test_coverage_guided_fuzzing_runs_clean(tmp_path: Path) -> None:
    pytest.importorskip("atheris")
    summary = tmp_path / "summary.json"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted((REPO / "content").rglob("*.md"))[:5]:
        (corpus / path.name).write_bytes(path.read_bytes())
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "reliability" / "atheris_fuzz.py"),
            "front-matter",
            str(summary),
            str(tmp_path / "findings"),
            f"-runs={ATHERIS_RUNS}",
            "-max_len=4096",
            f"-artifact_prefix={tmp_path}/",
            str(corpus),
        ],
        env={**os.environ, "CUECARD_FUZZ_UNTIMED": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    done = json.loads(summary.read_text())
    assert done["inputs"] == ATHERIS_RUNS
    assert done["failures"] == []


def test_a_run_libfuzzer_stopped_is_a_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # libFuzzer ends the process on a timeout and leaves only an artifact: the full run
    # once reported such a run as clean.
    spec = importlib.util.spec_from_file_location("fuzz_cli", REPO / "bench/reliability/fuzz.py")
    assert spec is not None and spec.loader is not None
    fuzz_cli = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fuzz_cli)
    summary = {"inputs": 500, "failures": [], "worst_ratio": 1.0}
    (tmp_path / "rules.json").write_text(json.dumps(summary))

    def libfuzzer_timing_out(*args: object, **kwargs: object) -> None:
        (tmp_path / "rules.timeout-871a35cf").write_bytes(b"input")

    monkeypatch.setattr(fuzz_cli.subprocess, "run", libfuzzer_timing_out)
    found = fuzz_cli.run_atheris("rules", 1000, tmp_path / "corpus", tmp_path)
    assert [str(f) for f in found["failures"]] == [
        f"libFuzzer stopped the run: {tmp_path}/rules.timeout-871a35cf (log: rules.log)"
    ]
