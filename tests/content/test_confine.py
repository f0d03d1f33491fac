"""Links that lead out of a content root are refused everywhere, and lint names them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cuecard.cli import main
from cuecard.content import render
from cuecard.content.cache import IndexCache
from cuecard.content.confine import MAX_IMAGE_PATHS, image_problems
from cuecard.content.library import ContentLibrary, LibrarySnapshot
from cuecard.content.parse import read_card
from cuecard.content.render import render_card
from cuecard.models import Level
from cuecard.search.engine import SearchEngine
from tests.content.helpers import write

SECRET = "zqxsecretmarker"


def card(title: str, extra: str = "") -> str:
    return f"# {title}\n\nAbout {title}. {extra}\n"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder next to the root holding a private file and private cards."""
    folder = tmp_path / "private"
    write(folder / "secret.md", card("Private notes", SECRET))
    write(folder / "cards/other.md", card("Other private", SECRET))
    write(folder / "pack.yaml", "name: Leaked pack\n")
    write(folder / "rules.yaml", "- when: {app: x}\n  show: [a]\n")
    write(folder / "path.yaml", "name: Leaked path\ncards: [a]\n")
    write(folder / "pic.png", b"\x89PNG\r\n\x1a\n")
    return folder


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    write(root / "a.md", card("A"))
    write(root / "sub/b.md", card("B"))
    return root


def errors_for(snapshot: LibrarySnapshot, path: Path) -> list[str]:
    return [p.message for p in snapshot.problems if p.path == path and p.level is Level.ERROR]


def file_bytes_below(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


class TestCards:
    def test_card_link_leaving_the_root_is_refused_not_cached_not_searchable(
        self, root: Path, outside: Path, tmp_path: Path
    ) -> None:
        link = root / "notes.md"
        link.symlink_to(outside / "secret.md")
        cache_dir = tmp_path / "cache"
        library = ContentLibrary([root], cache=IndexCache(cache_dir / "index.sqlite"))
        snapshot = library.load()
        assert sorted(snapshot.cards) == ["a", "sub/b"]
        [message] = errors_for(snapshot, link)
        assert "outside the content root" in message and str(outside / "secret.md") in message
        engine = SearchEngine(cache_dir / "index.sqlite")
        for query in (SECRET, "Private notes"):
            assert not [hit for hit in engine.search(query, snapshot.cards) if not hit.corrections]
        engine.close()
        assert SECRET.encode() not in file_bytes_below(cache_dir)

    def test_link_inside_the_root_is_fine(self, root: Path) -> None:
        (root / "alias.md").symlink_to(root / "sub" / "b.md")
        snapshot = ContentLibrary([root]).load()
        assert snapshot.cards["alias"].title == "B"
        assert not [p for p in snapshot.problems if p.path == root / "alias.md"]

    def test_folder_link_leaving_the_root_is_reported_and_not_read(
        self, root: Path, outside: Path
    ) -> None:
        (root / "team").symlink_to(outside / "cards", target_is_directory=True)
        snapshot = ContentLibrary([root]).load()
        assert sorted(snapshot.cards) == ["a", "sub/b"]
        [message] = errors_for(snapshot, root / "team")
        assert "outside the content root; not read" in message

    def test_links_made_while_running_are_refused(
        self, root: Path, outside: Path, tmp_path: Path
    ) -> None:
        cache_path = tmp_path / "cache" / "index.sqlite"
        library = ContentLibrary([root], cache=IndexCache(cache_path))
        library.load()
        (root / "a.md").unlink()
        (root / "a.md").symlink_to(outside / "secret.md")  # a card swapped for a link
        (root / "team").symlink_to(outside / "cards", target_is_directory=True)
        snapshot = library.apply_changes(
            [root / "a.md", root / "team", root / "team" / "other.md", root / "sub"]
        )
        assert sorted(snapshot.cards) == ["sub/b"]
        assert errors_for(snapshot, root / "a.md") and errors_for(snapshot, root / "team")
        assert SECRET.encode() not in file_bytes_below(cache_path.parent)
        (root / "a.md").unlink()
        write(root / "a.md", card("A again"))
        (root / "team").unlink()
        snapshot = library.apply_changes([root / "a.md", root / "team"])
        assert snapshot.cards["a"].title == "A again"
        assert not [p for p in snapshot.problems if p.level is Level.ERROR]

    def test_root_itself_may_be_a_link(self, root: Path, tmp_path: Path) -> None:
        alias = tmp_path / "alias-root"
        alias.symlink_to(root, target_is_directory=True)
        snapshot = ContentLibrary([alias]).load()
        assert sorted(snapshot.cards) == ["a", "sub/b"]
        assert not snapshot.problems

    def test_card_window_does_not_show_a_card_turned_into_a_link(
        self, root: Path, outside: Path
    ) -> None:
        parsed = read_card(root / "a.md", root)
        assert parsed.card is not None
        (root / "a.md").unlink()
        (root / "a.md").symlink_to(outside / "secret.md")
        rendered = render_card(parsed.card)
        assert SECRET not in rendered.intro_html
        assert "outside its content root" in rendered.intro_html


class TestPackFiles:
    @pytest.mark.parametrize(
        ("relative", "source"),
        [
            ("pack.yaml", "pack.yaml"),
            ("rules.yaml", "rules.yaml"),
            ("paths/p.yaml", "path.yaml"),
            ("sprints/s.yaml", "path.yaml"),
        ],
    )
    def test_pack_file_link_leaving_the_root_is_refused(
        self, root: Path, outside: Path, relative: str, source: str
    ) -> None:
        link = root / relative
        link.parent.mkdir(exist_ok=True)
        link.symlink_to(outside / source)
        snapshot = ContentLibrary([root]).load()
        [message] = errors_for(snapshot, link)
        assert "outside the content root; not read" in message
        assert snapshot.roots[0].pack.name == ""
        assert not snapshot.rules and not snapshot.paths and not snapshot.sprints

    def test_paths_folder_link_leaving_the_root_is_refused(
        self, root: Path, outside: Path, tmp_path: Path
    ) -> None:
        (root / "paths").symlink_to(outside, target_is_directory=True)
        snapshot = ContentLibrary([root]).load()
        assert errors_for(snapshot, root / "paths" / "path.yaml")
        assert not snapshot.paths

    def test_pack_file_link_inside_the_root_is_fine(self, root: Path) -> None:
        write(root / "shared/pack.yaml", "name: Shared\n")
        (root / "pack.yaml").symlink_to(root / "shared" / "pack.yaml")
        assert ContentLibrary([root]).load().roots[0].pack.name == "Shared"


class TestImages:
    def test_image_link_leaving_the_root_is_a_lint_error(self, root: Path, outside: Path) -> None:
        (root / "sub" / "pic.png").symlink_to(outside / "pic.png")
        write(root / "sub" / "own.png", b"\x89PNG\r\n\x1a\n")
        body = (
            "# Pictures\n\nText.\n\n![fine](own.png)\n\n![leak](pic.png)\n\n"
            '<img src="../../private/pic.png">\n\n```\n![in code](pic.png)\n```\n'
        )
        path = write(root / "sub" / "pics.md", body)
        snapshot = ContentLibrary([root]).load()
        assert "sub/pics" in snapshot.cards, "the card itself loads"
        found = [(p.line, p.message) for p in snapshot.problems if p.path == path]
        assert [line for line, _ in found] == [7, 9]
        assert "image 'pic.png' leads to" in found[0][1]
        assert "outside the content root; it is not shown" in found[1][1]


def test_lint_command_names_the_refused_file(
    root: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (root / "notes.md").symlink_to(outside / "secret.md")
    assert main(["lint", str(root)]) == 1
    out = capsys.readouterr().out
    assert f"{root / 'notes.md'}:0: error: links to {outside / 'secret.md'}" in out


class TestManyImages:
    """A card of thousands of image references costs a bounded number of disk lookups."""

    @pytest.fixture
    def lookups(self, monkeypatch: pytest.MonkeyPatch) -> list[str]:
        seen: list[str] = []
        real = os.path.realpath

        def counting(path: str | os.PathLike[str], **kwargs: bool) -> str:
            seen.append(os.fspath(path))
            return real(path, **kwargs)

        monkeypatch.setattr(os.path, "realpath", counting)
        return seen

    def test_same_image_many_times_is_looked_up_once(
        self, root: Path, outside: Path, lookups: list[str]
    ) -> None:
        (root / "pic.png").symlink_to(outside / "pic.png")
        body = "# Many\n\n" + "![x](pic.png) " * 5_000 + "\n"
        problems = image_problems(body, 0, root / "many.md", root)
        assert len(problems) == 5_000  # each reference still named
        assert len([p for p in lookups if p.endswith("pic.png")]) == 1

    def test_different_images_are_capped(
        self, root: Path, lookups: list[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        write(root / "own.png", b"\x89PNG\r\n\x1a\n")
        count = MAX_IMAGE_PATHS + 5_000
        body = "".join(f"![x](p{i}.png)\n" for i in range(count)) + "![own](own.png)\n"
        problems = image_problems(body, 0, root / "many.md", root)
        assert len(lookups) <= MAX_IMAGE_PATHS + 1  # + the root
        [warning] = problems
        assert warning.level is Level.WARNING
        assert warning.message.startswith(f"{count - MAX_IMAGE_PATHS + 1} more images")
        shown: list[str] = []
        real_local = render._local_image

        def counting_local(value: str, base_dir: Path, root_dir: Path) -> bool:
            shown.append(value)
            return real_local(value, base_dir, root_dir)

        monkeypatch.setattr(render, "_local_image", counting_local)
        html = render.render_markdown(body.replace("\n", " ") * 2, root, root)
        assert len(shown) == MAX_IMAGE_PATHS
        assert html.count("<img") == 0  # own.png comes after the cap: not looked up
        small = render.render_markdown("![a](own.png) ![b](own.png)", root, root)
        assert small.count('<img alt="a" src="own.png"') == 1 and shown.count("own.png") == 1
