"""Render resources/icons/cuecard.svg into the icon files installers need.

    python packaging/icons.py OUT_DIR

writes hicolor PNGs (OUT_DIR/hicolor/SIZExSIZE/apps/cuecard.png), cuecard.ico (Windows)
and cuecard.icns (macOS) with Qt's own SVG renderer and image writers, so no other
image tool is needed on any build machine. Runs offscreen.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer

TOP = Path(__file__).resolve().parents[1]
SVG = TOP / "resources" / "icons" / "cuecard.svg"
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def save(image: QImage, path: Path, image_format: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QImageWriter(str(path), image_format.encode())
    if not writer.write(image):
        raise SystemExit(f"icons.py: cannot write {path}: {writer.errorString()}")


def main(out: Path) -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"icons.py: cannot read {SVG}")
    for size in HICOLOR_SIZES:
        save(
            render(renderer, size),
            out / "hicolor" / f"{size}x{size}" / "apps" / "cuecard.png",
            "png",
        )
    save(render(renderer, 256), out / "cuecard.ico", "ico")
    formats = {bytes(name).decode() for name in QImageWriter.supportedImageFormats()}
    if "icns" in formats:
        save(render(renderer, 1024), out / "cuecard.icns", "icns")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else TOP / "build" / "icons"))
