"""`cuecard preview`: the window follows the file as it is saved."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from tests.conftest import write_card

from cuecard.context import AppContext
from cuecard.ui.preview import PreviewController, root_for


def test_preview_reloads_on_atomic_save(qtbot: QtBot, tmp_path: Path, data_dir: Path) -> None:
    card = write_card(tmp_path / "drafts", "tip.md", "# First title\n\nBody.\n")
    controller = PreviewController(AppContext.create(data_dir, None), card)
    assert controller.start()
    window = controller.window
    assert window is not None
    qtbot.addWidget(window)
    assert window.title_label.text() == "First title"
    with qtbot.waitSignal(controller.file_changed, timeout=5_000):
        temp = card.with_name(".tip.md.tmp")
        temp.write_text("# Second title\n\n1. one\n2. two\n", encoding="utf-8")
        temp.replace(card)
    assert window.title_label.text() == "Second title"
    assert window.progress.format() == "0 of 2 steps done"
    with qtbot.waitSignal(controller.file_changed, timeout=5_000):
        card.write_text("---\nminutes: [\n---\n# Broken\n\nBody\n", encoding="utf-8")
    assert window.title_label.text() == "Second title", "keeps the last good card"
    assert "unparseable YAML" in window.problem_label.text()
    window.close()


def test_root_for_prefers_pack_folder(tmp_path: Path) -> None:
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "pack.yaml").write_text("name: x\n")
    card = write_card(tmp_path / "pack", "a/b.md", "# B\n\nx\n")
    assert root_for(card, ()) == tmp_path / "pack"
    assert root_for(card, (tmp_path,)) == tmp_path
    loose = write_card(tmp_path / "loose", "c.md", "# C\n\nx\n")
    assert root_for(loose, ()) == tmp_path / "loose"
