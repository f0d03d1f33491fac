"""ICU's data library shrinks to what Qt uses, and Qt still works with it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import bundle_check
import icu_data
import pytest
from PySide6 import QtCore

from tests.packaging.test_bundle_check import fake_bundle

QT_LIB = Path(QtCore.__file__).parent / "Qt" / "lib"
LIBRARIES = sorted(QT_LIB.glob("libicudata.so.*"))
pytestmark = pytest.mark.skipif(
    not LIBRARIES or not all(shutil.which(tool) for tool in ("readelf", "as", "ld")),
    reason="needs PySide6's ICU data library (Linux wheels) and binutils",
)

# Run against the shrunk library (LD_LIBRARY_PATH comes before Qt's RUNPATH): what Qt
# does with ICU on behalf of a desktop app, in a locale other than the root one.
QT_WITH_ICU = """
import sys
from PySide6.QtCore import QCollator, QLocale
maps = open("/proc/self/maps").read()
assert sys.argv[1] + "/libicudata" in maps, "the shrunk library was not loaded"
collator = QCollator(QLocale("de_DE"))
collator.setNumericMode(True)
words = ["Zebra", "apfel", "Äpfel", "b10", "b2"]
print(" ".join(sorted(words, key=collator.sortKey)))
print(QLocale("de_DE").toUpper("straße"), QLocale("tr_TR").toLower("I"))
"""


def library() -> Path:
    return next(path for path in LIBRARIES if not path.is_symlink())


def test_a_package_read_and_written_back_is_byte_identical() -> None:
    symbol, blob = icu_data.read_library(library())
    package = icu_data.parse_package(blob)
    assert symbol.startswith("icudt") and len(package.items) > 1000
    assert icu_data.build_package(package) == blob


def test_the_shrunk_library_keeps_what_qt_needs_and_is_small(tmp_path: Path) -> None:
    copy = tmp_path / library().name
    shutil.copy2(library(), copy)
    before, after = icu_data.shrink(copy)
    assert after < before / 10
    assert after <= bundle_check.MAX_ICU_DATA_BYTES
    names = {
        item.name.split("/", 1)[1]
        for item in icu_data.parse_package(icu_data.read_library(copy)[1]).items
    }
    assert {"root.res", "coll/root.res", "coll/ucadata.icu", "cnvalias.icu"} <= names
    result = subprocess.run(
        [sys.executable, "-c", QT_WITH_ICU, str(tmp_path)],
        env={**os.environ, "LD_LIBRARY_PATH": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # Root collation (the same as German's): case- and accent-insensitive, numeric.
    assert result.stdout.splitlines() == ["apfel Äpfel b2 b10 Zebra", "STRASSE ı"]


def test_the_bundle_check_reports_icu_data_that_was_not_shrunk(tmp_path: Path) -> None:
    bundle = fake_bundle(tmp_path)
    target = bundle / "_internal" / "PySide6" / "Qt" / "lib" / library().name
    target.parent.mkdir(parents=True)
    shutil.copy2(library(), target)
    problems = bundle_check.check_bundle(bundle, linux=False)
    assert any("was not shrunk" in problem for problem in problems)
    icu_data.shrink(target)
    assert not any("was not shrunk" in p for p in bundle_check.check_bundle(bundle, linux=False))
