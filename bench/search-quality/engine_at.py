"""The search engine as it was at an earlier commit, for benchmarks of before and after.

`git archive` of app/cuecard/search at that commit is unpacked under bench/.work/engines/
and its imports of `cuecard.search` are pointed at the copy (package
`search_<commit>`); everything else (models, index cache) is today's. Nothing is
committed: the copy is made at bench time from the repository's own history.
"""

from __future__ import annotations

import importlib
import io
import re
import subprocess
import sys
import tarfile
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[2]
WORK = REPO / "bench" / ".work" / "engines"
PACKAGE = "app/cuecard/search"
# The last commit of the first issue-11 engine (before the ranking rules of issue 11's
# second round): the "previous" engine of bench/search-quality.
PREVIOUS = "2f4be12"
# The last commit of the second round (renown, passages, the all-but-one pass), before
# the third round's priors (a tool other cards run, a short name) and fixed set order.
SECOND = "58bd880"
# The last commit of the third round (those priors), before words related in meaning.
THIRD = "2e9b1b1"


def load(commit: str) -> ModuleType:
    """The `engine` module of the search package at `commit` (full or abbreviated id)."""
    full = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--verify", f"{commit}^{{commit}}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    name = f"search_{full[:12]}"
    target = WORK / full[:12]
    if not (target / name / "engine.py").exists():
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", "--format=tar", full, PACKAGE],
            capture_output=True,
            check=True,
        ).stdout
        package = target / name
        package.mkdir(parents=True, exist_ok=True)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            for member in tar.getmembers():
                if not member.isfile() or not member.name.endswith(".py"):
                    continue
                source = tar.extractfile(member)
                assert source is not None
                text = source.read().decode("utf-8")
                text = re.sub(r"\bcuecard\.search\b", name, text)
                (package / Path(member.name).name).write_text(text, encoding="utf-8")
    if str(target) not in sys.path:
        sys.path.insert(0, str(target))
    return importlib.import_module(f"{name}.engine")
