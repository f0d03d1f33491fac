"""Team-report benchmark: `cuecard report --lrs --html` for 10,000 / 100,000 / 200,000
statements of 500 people (8 weeks), read page by page from a statement server on loopback.

Run: `make bench-team-report` (or `.venv/bin/python bench/team-report/run.py
[--sizes 10000,100000,200000] [--runs 3] [--lrs 10000]`). Each measured command runs in
a process of its own; its wall time and peak memory (its VmHWM) are taken.
- cold: an empty cache: every statement is fetched, kept and folded, the page written;
- warm: the next run: nothing new to fetch, the page built from the cache;
- baseline in the same run: only downloading and parsing every page (httpx, json), and
  the time `cuecard report --help` takes to start.
With `--lrs N`, the same cold run against Learning Locker's statement service (in
memory) holding N statements, and that LRS's own memory.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench"), str(HERE)]

from generate import generate  # noqa: E402

from common import machine  # noqa: E402

PYTHON = sys.executable
CUECARD = [PYTHON, "-m", "cuecard"]
DOWNLOAD = """
import sys, httpx
url, count = sys.argv[1] + "statements", 0
params = {"ascending": "true", "limit": "500"}
with httpx.Client(headers={"X-Experience-API-Version": "1.0.3"}, timeout=60) as client:
    while url:
        data = client.get(url, params=params).json()
        params, count = None, count + len(data["statements"])
        url = sys.argv[1].split("/xAPI/")[0] + data["more"] if data["more"] else None
print(count)
"""


def _high_water(pid: int) -> int | None:
    """The process's peak resident memory so far in kB (VmHWM), None once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = [line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")]
    return int(found[0]) if found else None


def measured(command: list[str]) -> tuple[float, float, str]:
    """(seconds, peak resident MB, stdout+stderr) of one command in its own process.

    The peak is the process's own VmHWM, read every 10 ms until it exits: ru_maxrss from
    wait4 would also count the benchmark's own memory, which Linux charges to a child
    started by fork or vfork before its exec."""
    began = time.perf_counter()
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        peak = 0
        while process.poll() is None:
            peak = max(peak, _high_water(process.pid) or 0)
            time.sleep(0.01)
        seconds = time.perf_counter() - began
        output.seek(0)
        text = output.read().decode()
    if process.returncode != 0:
        raise RuntimeError(f"{command} failed: {text}")
    return seconds, peak / 1024, text


def settings(folder: Path, endpoint: str) -> Path:
    path = folder / "settings.yaml"
    values = {
        "content.builtin": False,
        "sync.endpoint": endpoint,
        "sync.actor_home_page": "https://org.example",
        "report.lrs_username": "bench",
        "report.lrs_password": "bench",
    }
    path.write_text("".join(f"{k}: {json.dumps(v)}\n" for k, v in values.items()))
    return path


def report(folder: Path, data_dir: Path, endpoint: str) -> tuple[float, float, str]:
    config = settings(folder, endpoint)
    page = folder / "team.html"
    args = ["report", "--lrs", "--html", str(page), "--data-dir", str(data_dir)]
    return measured([*CUECARD, *args, "--config", str(config)])


def spread(values: list[float], unit: str, digits: int = 1) -> str:
    return (
        f"{statistics.median(values):.{digits}f} {unit} "
        f"(min {min(values):.{digits}f}, max {max(values):.{digits}f})"
    )


def one_size(work: Path, count: int, runs: int) -> list[str]:
    source = generate(count, work / f"statements-{count}.jsonl")
    server = subprocess.Popen(
        [PYTHON, str(HERE / "serve.py"), str(source)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert server.stdout is not None
        endpoint = server.stdout.readline().decode().strip()
        download = [measured([PYTHON, "-c", DOWNLOAD, endpoint]) for _ in range(runs)]
        assert int(download[0][2].split()[-1]) == count
        cold, warm = [], []
        for run in range(runs):
            data_dir = work / f"data-{count}-{run}"
            cold.append(report(work, data_dir, endpoint))
            warm.append(report(work, data_dir, endpoint))
        kept = cold[0][2].split("(")[1].split(" new")[0]
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(60)
    cache = (work / f"data-{count}-0" / "team-cache.db").stat().st_size / 1e6
    return [
        f"| {count:,} statements, cold (fetch {kept} kept, fold, write) | "
        f"{spread([s for s, _, _ in cold], 's')} | {spread([m for _, m, _ in cold], 'MB', 0)} |",
        f"| {count:,}, warm (nothing new; the page from the cache, {cache:.0f} MB) | "
        f"{spread([s for s, _, _ in warm], 's')} | {spread([m for _, m, _ in warm], 'MB', 0)} |",
        f"| baseline: download and parse every page only | "
        f"{spread([s for s, _, _ in download], 's')} | "
        f"{spread([m for _, m, _ in download], 'MB', 0)} |",
    ]


def with_learning_locker(work: Path, count: int) -> list[str]:
    from tests.sync.lrs_server import LearningLocker, install_lrs

    install_lrs()
    source = generate(count, work / f"lrs-{count}.jsonl")
    lrs = LearningLocker(work / "lrs").start()
    try:
        import httpx

        began = time.perf_counter()
        with (
            httpx.Client(headers={"X-Experience-API-Version": "1.0.3"}, timeout=600) as client,
            source.open(encoding="utf-8") as lines,
        ):
            while batch := [json.loads(line) for _, line in zip(range(500), lines, strict=False)]:
                for body in batch:
                    body.pop("stored", None)  # the LRS stores them now
                reply = client.post(lrs.endpoint + "statements", json=batch, auth=("b", "b"))
                assert reply.status_code == 200, reply.text[:300]
        posted = time.perf_counter() - began
        assert lrs.process is not None
        status = Path(f"/proc/{lrs.process.pid}/status").read_text()
        rss = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
        seconds, peak, _ = report(work, work / "data-lrs", lrs.endpoint)
        download, _, _ = measured([PYTHON, "-c", DOWNLOAD, lrs.endpoint])
    finally:
        lrs.stop()
    return [
        f"| Learning Locker holding {count:,}: posting them (batches of 500) | {posted:.1f} s "
        f"| LRS resident {rss / 1024:.0f} MB |",
        f"| {count:,} from Learning Locker, cold | {seconds:.1f} s | {peak:.0f} MB |",
        f"| baseline: download every page from it | {download:.1f} s | |",
    ]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,200000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lrs", type=int, default=0, help="also from Learning Locker")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cuecard-team-bench-"))
    print(machine())
    startup = [measured([*CUECARD, "report", "--help"])[0] for _ in range(args.runs)]
    print("| measure | time | peak memory |\n|---|---|---|")
    print(f"| baseline: `cuecard report --help` (start-up) | {spread(startup, 's', 2)} | |")
    for size in (int(s) for s in args.sizes.split(",") if s):
        print("\n".join(one_size(work, size, args.runs)), flush=True)
    if args.lrs:
        print("\n".join(with_learning_locker(work, args.lrs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
