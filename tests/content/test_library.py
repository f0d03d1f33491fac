"""library.py: several roots, override order, cross-checks and incremental apply_changes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cuecard.content.library import ContentLibrary
from cuecard.content.scan import walk_card_files
from tests.content.helpers import found, write


def card(title: str, front: str = "") -> str:
    head = f"---\n{front}\n---\n" if front else ""
    return f"{head}# {title}\n\nAbout {title}.\n"


class TestLoad:
    def test_walk_skips_hidden_and_tool_folders(self, tmp_path: Path) -> None:
        for name in (
            "a.md",
            "sub/b.markdown",
            ".git/c.md",
            "node_modules/d.md",
            "__pycache__/e.md",
            "sub/.hidden.md",
            "notes.txt",
            "sub/deeper/f.md",
        ):
            write(tmp_path / name, card("x"))
        assert walk_card_files(tmp_path) == [
            tmp_path / "a.md",
            tmp_path / "sub/b.markdown",
            tmp_path / "sub/deeper/f.md",
        ]

    def test_walk_of_missing_folder_is_empty(self, tmp_path: Path) -> None:
        assert walk_card_files(tmp_path / "missing") == []

    def test_several_roots_and_override_order(self, tmp_path: Path) -> None:
        first, second = tmp_path / "builtin", tmp_path / "org"
        write(first / "calc/freeze.md", card("Old freeze"))
        write(first / "only-first.md", card("First"))
        newer = write(second / "calc/freeze.md", card("New freeze"))
        write(second / "only-second.md", card("Second"))
        snapshot = ContentLibrary([first, second]).load()
        assert sorted(snapshot.cards) == ["calc/freeze", "only-first", "only-second"]
        assert snapshot.cards["calc/freeze"].title == "New freeze"
        assert snapshot.cards["calc/freeze"].path == newer
        assert found(snapshot.problems) == [
            (0, "warning", f"id 'calc/freeze' is overridden by {newer} (root {second})")
        ]
        assert snapshot.problems[0].path == first / "calc/freeze.md"
        reverse = ContentLibrary([second, first]).load()
        assert reverse.cards["calc/freeze"].title == "Old freeze"

    def test_duplicate_ids_in_one_root(self, tmp_path: Path) -> None:
        write(tmp_path / "a.md", card("A", "id: same"))
        dup = write(tmp_path / "b.md", card("B", "title: B\nid: same"))
        snapshot = ContentLibrary([tmp_path]).load()
        assert snapshot.cards["same"].title == "A"
        assert [p.path for p in snapshot.problems] == [dup]
        assert found(snapshot.problems) == [
            (3, "error", f"duplicate id 'same' (also {tmp_path / 'a.md'}); this card is ignored")
        ]

    def test_requires_unknown_id_is_an_error(self, tmp_path: Path) -> None:
        write(tmp_path / "basics.md", card("Basics"))
        path = write(tmp_path / "adv.md", card("Adv", "title: Adv\nrequires: [basics, ghost]"))
        snapshot = ContentLibrary([tmp_path]).load()
        assert [(p.path, p.line, p.level.value, p.message) for p in snapshot.problems] == [
            (path, 3, "error", "requires unknown card id 'ghost'")
        ]

    def test_requires_may_point_into_another_root(self, tmp_path: Path) -> None:
        write(tmp_path / "one/basics.md", card("Basics"))
        write(tmp_path / "two/adv.md", card("Adv", "requires: [basics]"))
        assert ContentLibrary([tmp_path / "one", tmp_path / "two"]).load().problems == ()

    def test_root_summaries_count_cards_and_every_file(self, tmp_path: Path) -> None:
        write(tmp_path / "r1/a.md", card("A", "minutes: 30\nfoo: 1"))
        write(tmp_path / "r1/broken.md", "---\ntitle: [unclosed\n---\nbody\n")
        write(tmp_path / "r2/b.md", card("B"))
        write(
            tmp_path / "r2/sprints/s.yaml",
            "name: S\nstart: 2026-01-01\nend: 2026-01-05\ntags: [x]\nbogus: [\n",
        )
        write(tmp_path / "r2/paths/p.yaml", "name: P\ncards: [b]\n")
        write(tmp_path / "r2/pack.yaml", "name: Two\n")
        write(tmp_path / "r2/notes.txt", "not a card\n")
        one, two = ContentLibrary([tmp_path / "r1", tmp_path / "r2"]).load().roots
        assert (one.path, one.cards, one.files) == (tmp_path / "r1", 1, 2)
        assert (two.path, two.cards, two.files, two.pack.name) == (tmp_path / "r2", 1, 4, "Two")

    def test_broken_cards_do_not_stop_the_others(self, tmp_path: Path) -> None:
        write(tmp_path / "good.md", card("Good"))
        write(tmp_path / "latin.md", "# Caf\xe9\n\nx".encode("latin-1"))
        write(tmp_path / "empty.md", "")
        write(tmp_path / "bomb.md", "---\na: &a [*a]\n---\nbody")
        snapshot = ContentLibrary([tmp_path]).load()
        assert list(snapshot.cards) == ["good"]
        assert snapshot.errors == 3
        assert snapshot.card_at(tmp_path / "good.md") is snapshot.cards["good"]
        assert snapshot.card_at(tmp_path / "empty.md") is None

    def test_missing_root_loads_empty(self, tmp_path: Path) -> None:
        snapshot = ContentLibrary([tmp_path / "nope"]).load()
        assert (dict(snapshot.cards), snapshot.problems, snapshot.roots[0].cards) == ({}, (), 0)


class TestApplyChanges:
    @pytest.fixture
    def root(self, tmp_path: Path) -> Path:
        for name in ("a", "b", "c"):
            write(tmp_path / "root" / f"{name}.md", card(name.upper()))
        write(tmp_path / "root/sub/d.md", card("D"))
        return tmp_path / "root"

    @pytest.fixture
    def library(self, root: Path) -> ContentLibrary:
        library = ContentLibrary([root])
        library.load()
        return library

    def test_add(self, root: Path, library: ContentLibrary) -> None:
        before = library.snapshot.generation
        snapshot = library.apply_changes([write(root / "new.md", card("New"))])
        assert snapshot.cards["new"].title == "New"
        assert snapshot.generation == before + 1
        assert library.snapshot is snapshot

    def test_modify(self, root: Path, library: ContentLibrary) -> None:
        write(root / "a.md", card("A changed", "minutes: 3"))
        snapshot = library.apply_changes([root / "a.md"])
        assert (snapshot.cards["a"].title, snapshot.cards["a"].minutes) == ("A changed", 3)

    def test_delete(self, root: Path, library: ContentLibrary) -> None:
        (root / "b.md").unlink()
        assert sorted(library.apply_changes([root / "b.md"]).cards) == ["a", "c", "sub/d"]

    def test_rename(self, root: Path, library: ContentLibrary) -> None:
        (root / "c.md").rename(root / "sub/c2.md")
        snapshot = library.apply_changes([root / "c.md", root / "sub/c2.md"])
        assert sorted(snapshot.cards) == ["a", "b", "sub/c2", "sub/d"]

    def test_atomic_save_reparses_only_that_file(
        self, root: Path, library: ContentLibrary, read_calls: list[Path]
    ) -> None:
        temp = write(root / ".a.md.swp", card("A saved"))
        temp.replace(root / "a.md")  # os.replace
        # what the watcher reports: the temp file, the card and the folder itself
        snapshot = library.apply_changes([temp, root / "a.md", root])
        assert snapshot.cards["a"].title == "A saved"
        assert sorted(snapshot.cards) == ["a", "b", "c", "sub/d"]
        assert set(read_calls) == {root / "a.md"}

    def test_new_subfolder(self, root: Path, library: ContentLibrary) -> None:
        write(root / "new/deep/x.md", card("X"))
        write(root / "new/y.md", card("Y"))
        snapshot = library.apply_changes([root / "new"])
        assert sorted(snapshot.cards) == ["a", "b", "c", "new/deep/x", "new/y", "sub/d"]

    def test_deleted_folder(self, root: Path, library: ContentLibrary) -> None:
        shutil.rmtree(root / "sub")
        assert sorted(library.apply_changes([root / "sub"]).cards) == ["a", "b", "c"]

    def test_renamed_folder(self, root: Path, library: ContentLibrary) -> None:
        (root / "sub").rename(root / "moved")
        snapshot = library.apply_changes([root / "sub", root / "moved"])
        assert sorted(snapshot.cards) == ["a", "b", "c", "moved/d"]

    def test_move_into_hidden_trash_removes_card(self, root: Path, library: ContentLibrary) -> None:
        (root / ".trash").mkdir()
        (root / "a.md").replace(root / ".trash/a.md")
        snapshot = library.apply_changes([root / "a.md", root / ".trash", root / ".trash/a.md"])
        assert sorted(snapshot.cards) == ["b", "c", "sub/d"]
        write(root / "node_modules/pkg/readme.md", card("Readme"))
        assert (
            "node_modules/pkg/readme"
            not in library.apply_changes(
                [root / "node_modules/pkg/readme.md", root / "node_modules"]
            ).cards
        )

    @pytest.mark.parametrize(
        "text", ["---\ntitle: [unclo", "---\ntitle: x\nminutes:", "---\n", "", b"\xef\xbb"]
    )
    def test_half_written_file_does_not_crash(
        self, root: Path, library: ContentLibrary, text: str | bytes
    ) -> None:
        write(root / "a.md", text)
        snapshot = library.apply_changes([root / "a.md"])
        assert sorted(snapshot.cards) in (["a", "b", "c", "sub/d"], ["b", "c", "sub/d"])
        assert any(p.path == root / "a.md" for p in snapshot.problems)
        write(root / "a.md", card("A whole"))
        assert library.apply_changes([root / "a.md"]).cards["a"].title == "A whole"

    def test_pack_yaml_change_reapplies_defaults(self, root: Path, library: ContentLibrary) -> None:
        write(root / "pack.yaml", "owner: steward@x\n")
        assert library.apply_changes([root / "pack.yaml"]).cards["a"].owner == "steward@x"
        write(root / "pack.yaml", "owner: other@x\n")
        assert library.apply_changes([root / "pack.yaml"]).cards["sub/d"].owner == "other@x"

    def test_rules_added_later_are_checked(self, root: Path, library: ContentLibrary) -> None:
        write(root / "rules.yaml", "- when: {app: x}\n  show: [a, ghost]\n")
        snapshot = library.apply_changes([root / "rules.yaml"])
        assert [rule.show for rule in snapshot.rules] == [("a", "ghost")]
        assert [p.message for p in snapshot.problems] == ["rule shows unknown card id 'ghost'"]

    def test_paths_outside_roots_and_other_files_are_ignored(
        self, root: Path, tmp_path: Path, library: ContentLibrary
    ) -> None:
        write(tmp_path / "elsewhere.md", card("E"))
        write(root / "image.png", b"png")
        snapshot = library.apply_changes([tmp_path / "elsewhere.md", root / "image.png"])
        assert sorted(snapshot.cards) == ["a", "b", "c", "sub/d"]


def test_content_package_does_not_import_qt() -> None:
    code = (
        "import sys, cuecard.cli, cuecard.settings\n"
        "import cuecard.content.library, cuecard.content.render, cuecard.content.lint\n"
        "import cuecard.content.watcher, cuecard.content.cache\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


def test_set_roots_at_run_time_adds_in_override_order_and_drops(tmp_path: Path) -> None:
    base, mine, extra = tmp_path / "base", tmp_path / "mine", tmp_path / "extra"
    write(base / "a.md", card("Base A", "id: a"))
    write(extra / "b.md", card("Extra B", "id: b"))
    library = ContentLibrary([base, extra], parallel=False)
    first = library.load()
    write(mine / "a.md", card("Mine A", "id: a"))  # made while running, between the two
    snapshot = library.set_roots([base, mine, extra])
    assert [root.path for root in snapshot.roots] == [base, mine, extra]
    assert snapshot.cards["a"].title == "Mine A", "a later root overrides an earlier one"
    assert snapshot.cards["b"].title == "Extra B"
    assert snapshot.generation == first.generation + 1
    write(mine / "c.md", card("Mine C", "id: c"))
    assert "c" in library.apply_changes([mine / "c.md"]).cards, "the new root takes changes"
    dropped = library.set_roots([base, extra])
    assert dropped.cards["a"].title == "Base A" and "c" not in dropped.cards
