"""Render every Cuecard window, in a light and a dark theme, on a private Xvfb display.

    .venv/bin/python scripts/screenshots.py              # docs/screenshots/{light,dark}/
    .venv/bin/python scripts/screenshots.py --scale 1.5 --out /tmp/shots

The windows come from tests/ui/gallery.py: the real app with the sample pack and a
made-up learning record. Each window is grabbed on its own (no window-manager frame).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "app")]
THEMES = ("light", "dark")


def main(args: argparse.Namespace) -> int:
    from tests.e2e.xsession import XSession

    code = 0
    for theme in THEMES:
        with XSession(with_tray=False) as session:
            env = dict(session.env)
            if args.scale != 1.0:
                env["QT_SCALE_FACTOR"] = str(args.scale)
            with tempfile.TemporaryDirectory() as home:
                # A fresh, private data dir and settings: nothing of the user's is read.
                env.update(
                    XDG_CONFIG_HOME=f"{home}/config",
                    XDG_DATA_HOME=f"{home}/data",
                    XDG_STATE_HOME=f"{home}/state",
                    CUECARD_SITE_CONFIG=f"{home}/site.yaml",
                )
                out = Path(args.out) / theme
                command = [sys.executable, __file__, "--inside", theme, "--out", str(out)]
                code |= subprocess.run(command, env=env, check=False).returncode
    return code


def apply_theme(theme: str) -> None:
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    QApplication.setStyle("Fusion")
    if theme == "light":
        QApplication.setPalette(QApplication.style().standardPalette())
        return
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, "#26292b"),
        (roles.WindowText, "#e8e8e8"),
        (roles.Base, "#1d1f21"),
        (roles.AlternateBase, "#2a2d30"),
        (roles.Text, "#e8e8e8"),
        (roles.Button, "#313538"),
        (roles.ButtonText, "#e8e8e8"),
        (roles.Highlight, "#2f7d6d"),
        (roles.HighlightedText, "#ffffff"),
        (roles.ToolTipBase, "#313538"),
        (roles.ToolTipText, "#e8e8e8"),
        (roles.PlaceholderText, "#8a8f94"),
        (roles.Link, "#4fd1b5"),
        (roles.Mid, "#4a4f53"),
    ):
        palette.setColor(role, QColor(colour))
    for role in (roles.Text, roles.WindowText, roles.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7c8186"))
    QApplication.setPalette(palette)


def inside(theme: str, out: Path) -> int:
    from PySide6.QtWidgets import QApplication
    from tests.ui.gallery import (
        make_controller,
        open_every_window,
        seed_record,
        show_tray_menu,
        wait_until,
    )

    app = QApplication(["cuecard"])
    apply_theme(theme)
    out.mkdir(parents=True, exist_ok=True)
    # A readable path: it shows in Help and about, Settings and What Cuecard stores.
    folder = Path(tempfile.gettempdir()) / "cuecard-demo"
    shutil.rmtree(folder, ignore_errors=True)
    controller = make_controller(folder)
    seed_record(controller)
    windows = open_every_window(controller)
    wait_until(lambda: False, seconds=1.0)  # layouts, deferred fits, the X server
    palette = windows.pop("palette")
    for name, widget in windows.items():
        widget.grab().save(str(out / f"{name}.png"))
    palette.grab().save(str(out / "palette.png"))  # before typing: the app's and recent cards
    assert controller.palette is not None
    controller.palette.query.setText("freeze")
    wait_until(lambda: False, seconds=0.3)
    palette.grab().save(str(out / "palette-results.png"))
    palette.close()
    menu = show_tray_menu(controller)
    wait_until(lambda: False, seconds=0.3)
    menu.grab().save(str(out / "tray-menu.png"))
    menu.close()
    print(f"{theme}: {len(windows) + 3} windows in {out}", file=sys.stderr)
    controller.quit()
    del app
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--inside", choices=THEMES)
    parser.add_argument("--out", default=str(REPO / "docs" / "screenshots"))
    parser.add_argument("--scale", type=float, default=1.0)
    parsed = parser.parse_args()
    if parsed.inside:
        sys.exit(inside(parsed.inside, Path(parsed.out)))
    os.environ.pop("QT_QPA_PLATFORM", None)
    sys.exit(main(parsed))
