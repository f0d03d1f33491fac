"""Every window fits the free area of its screen, title bar included, at 100 % and at
150 % (an 800 px tall laptop screen is then 533 px tall). Each scale runs in its own
process: Qt reads the scale once, when the application starts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import REPO

SCREEN = {
    "screens": [
        {
            "name": "laptop",
            "x": 0,
            "y": 0,
            "width": 1280,
            "height": 800,
            "logicalDpi": 96,
            "logicalBaseDpi": 96,
            "dpr": 1,
        }
    ]
}
EVERY_WINDOW = {
    "nudge",
    "card-window",
    "card-window-code",
    "card-window-done",
    "report-outdated",
    "palette",
    "content-problems",
    "my-learning",
    "learning-log",
    "stored-data",
    "log-what-i-learned",
    "help-and-about",
    "settings",
    "welcome",
    "today-on-your-path",
    "reviews",
    "pulse",
    "sprint-applied",
    "pause-until",
    "no-tray-window",
}


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_every_window_fits_its_screen(tmp_path: Path, scale: float) -> None:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps(SCREEN))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "QT_SCALE_FACTOR": str(scale),
        "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "app")]),
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.ui.fit_probe", str(tmp_path / "app")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(report) == EVERY_WINDOW
    outside = []
    for name, where in report.items():
        x, y, width, height = where["frame"]
        left, top, free_width, free_height = where["area"]
        assert where["ratio"] == scale
        assert where["visible"], f"{name} is not on screen"
        if x < left or y < top or x + width > left + free_width or y + height > top + free_height:
            outside.append(f"{name}: {where['frame']} outside {where['area']}")
    assert outside == []
    assert report["card-window"]["frame"][3] <= 800 / scale, "sized within the screen"
