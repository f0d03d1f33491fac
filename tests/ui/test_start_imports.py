"""A warm start imports only what the tray needs (issue 9's start-to-tray goal).

Speed itself is measured by bench/package, never asserted here: these tests guard the
causes. The app core is started in a fresh interpreter, as `cuecard` starts it, twice on
the same data folder; the second start has the index cache warm, the learning record in
place and sync off (the defaults), and must not load the modules below.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

# Loaded only when needed: the card renderer's Markdown stack (a card shown), the HTTP
# client and signature checks (sync or packs turned on), and sqlite-utils' plugin scan of
# every installed package (never: Cuecard runs no third-party plugins on its databases).
# And the windows the tray does not show at start: imported when first opened.
NOT_AT_START = (
    *("markdown", "pymdownx", "nh3", "httpx", "cryptography", "importlib.metadata"),
    *("cuecard.ui.card_window", "cuecard.ui.palette", "cuecard.ui.lists"),
    *("cuecard.ui.learning", "cuecard.ui.settings_window", "cuecard.ui.welcome"),
    *("cuecard.ui.review", "cuecard.ui.today", "cuecard.ui.prompts", "cuecard.report.sprint_html"),
    *("cuecard.ui.about", "cuecard.ui.my_learning", "cuecard.ui.stored_data"),
    "cuecard.search.engine",
)

# Modules loaded before the app's own imports (the interpreter's start, and under the
# clock-shifted run the test harness's sitecustomize with time-machine) are not the app's.
START_CORE = """
import json, sys
before = set(sys.modules)
from pathlib import Path
import cuecard.cli  # what the entry point imports before the tray app
from cuecard.context import AppContext
from cuecard.ui.app import make_application
from cuecard.ui.bridge import LibraryService
from cuecard.ui.controller import TrayController

app = make_application()
context = AppContext.create(Path(sys.argv[1]), Path(sys.argv[2]))
service = LibraryService(context.open_library())
controller = TrayController(context, service, use_hotkey=False)
result = {}

def loaded(snapshot):
    result.update(cards=len(snapshot.cards), modules=sorted(set(sys.modules) - before))
    controller.quit()
    app.quit()

service.loading_finished.connect(loaded)
controller.start()
app.exec()
print(json.dumps(result))
"""


def start_core(tmp_path: Path) -> tuple[int, set[str]]:
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "QT_QPA_PLATFORM": "offscreen",
        "CUECARD_SITE_CONFIG": str(tmp_path / "no-site.yaml"),
    }
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    result = subprocess.run(
        [sys.executable, "-c", START_CORE, str(tmp_path / "data"), str(tmp_path / "s.yaml")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    return found["cards"], set(found["modules"])


def test_a_warm_start_imports_no_parser_network_or_plugin_scan(tmp_path: Path) -> None:
    cards, _ = start_core(tmp_path)  # cold: builds the index cache
    assert cards > 0
    cards_again, modules = start_core(tmp_path)
    assert cards_again == cards
    assert "cuecard.ui.controller" in modules  # the probe did start the app core
    loaded = sorted(name for name in NOT_AT_START if name in modules)
    assert loaded == [], f"a warm start imported {loaded}"


def test_every_sqlite_utils_database_runs_without_plugins() -> None:
    calls = []
    for path in sorted((REPO / "app" / "cuecard").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("Database"):
                off = any(
                    k.arg == "execute_plugins"
                    and isinstance(k.value, ast.Constant)
                    and k.value.value is False
                    for k in node.keywords
                )
                calls.append((f"{path.relative_to(REPO)}:{node.lineno}", off))
    assert calls, "no sqlite_utils.Database call found: the scan looks in the wrong place"
    assert [where for where, off in calls if not off] == []
