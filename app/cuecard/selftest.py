"""`cuecard --selftest`: import every part, open the data dir, load content; exit 0/1."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import tempfile
from pathlib import Path

import cuecard
from cuecard.content.cache import IndexCache
from cuecard.content.lint import lint_snapshot
from cuecard.content.render import render_card
from cuecard.context import AppContext
from cuecard.private_files import ensure_private_dir
from cuecard.terminal import echo
from cuecard.wording import plural

SKIP_IMPORT = ("cuecard.__main__",)
# Back-ends whose libraries are installed on their own platforms only (see pyproject.toml).
LINUX_ONLY = ("cuecard.watch.x11", "cuecard.watch.x11_read")


def run_selftest(context: AppContext) -> int:
    failures: list[str] = []
    for module in pkgutil.walk_packages(cuecard.__path__, "cuecard."):
        if module.name in SKIP_IMPORT or (
            module.name in LINUX_ONLY and not sys.platform.startswith("linux")
        ):
            continue
        try:
            importlib.import_module(module.name)
        except Exception as exc:  # report every broken import, not just the first
            failures.append(f"import {module.name}: {exc}")
    try:
        ensure_private_dir(context.paths.data_dir)
        with tempfile.TemporaryDirectory(dir=context.paths.data_dir) as scratch:
            cache = IndexCache(Path(scratch) / "selftest.sqlite")
            if not cache.available:
                failures.append("index cache: could not open a SQLite file in the data dir")
            cache.close()
    except OSError as exc:
        failures.append(f"data dir {context.paths.data_dir}: {exc}")
    snapshot = context.open_library(use_cache=False).load()
    content = lint_snapshot(snapshot, context.clock.today())
    # The card window's renderer: its Markdown extensions are imported by name, which a
    # frozen bundle can lack while every module above imports.
    for card in list(snapshot.cards.values())[:1]:
        try:
            render_card(card)
        except Exception as exc:
            failures.append(f"render {card.id}: {type(exc).__name__}: {exc}")
    if not snapshot.cards:
        failures.append(
            "content: no cards loaded from "
            + ", ".join(str(root) for root in context.content_roots)
        )
    for failure in failures:
        echo(f"FAIL {failure}")
    print(
        f"selftest: {plural(content.files, 'file')}, {plural(content.cards, 'card')}, "
        f"{plural(len(content.problems), 'content problem')}, "
        f"{'FAILED' if failures else 'ok'}"
    )
    return 1 if failures else 0
