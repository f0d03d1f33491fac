"""render.py: markdown to HTML, sanitised to an allow-list; images only from inside the root."""

from __future__ import annotations

from pathlib import Path

import pytest

from cuecard.content.parse import read_card
from cuecard.content.render import render_body, render_card, render_markdown
from tests.content.helpers import write


@pytest.fixture
def root(tmp_path: Path) -> Path:
    content = tmp_path / "root"
    write(content / "calc" / "img" / "menu.png", b"\x89PNG fake")
    write(tmp_path / "outside.png", b"\x89PNG secret")
    return content


def html_of(source: str, root: Path, folder: str = "calc") -> str:
    """Render a body without steps and return its whole HTML."""
    rendered = render_body(source, root / folder, root)
    return rendered.intro_html + "".join(s.html for s in rendered.steps) + rendered.outro_html


class TestSanitising:
    def test_script_tags_removed(self, root: Path) -> None:
        html = html_of("Hi <script>alert(1)</script> there\n\n<script>\nx()\n</script>", root)
        assert "script" not in html.lower()
        assert "alert" not in html
        assert "Hi" in html and "there" in html

    @pytest.mark.parametrize(
        "source",
        [
            "[x](javascript:alert(1))",
            "<a href='JavaScript:alert(1)'>x</a>",
            "<a href=' javascript:alert(1)'>x</a>",
            "[x](vbscript:msgbox)",
            "[x](file:///etc/passwd)",
            "[x](data:text/html,<b>x</b>)",
        ],
    )
    def test_unsafe_links_lose_href(self, root: Path, source: str) -> None:
        html = html_of(source, root)
        assert "href" not in html
        assert ">x</a>" in html

    @pytest.mark.parametrize(
        ("source", "href"),
        [
            ("[h](https://e.org/a?b=1)", "https://e.org/a?b=1"),
            ("[h](http://e.org)", "http://e.org"),
            ("[h](mailto:ana@example.org)", "mailto:ana@example.org"),
            ("[h](#step-2)", "#step-2"),
        ],
    )
    def test_safe_links_kept(self, root: Path, source: str, href: str) -> None:
        html = html_of(source, root)
        assert f'href="{href}"' in html
        assert 'rel="noopener noreferrer"' in html

    def test_event_attributes_removed(self, root: Path) -> None:
        html = html_of(
            '<p onclick="steal()">p</p>\n\n<img src="img/menu.png" onerror="x()">\n\n'
            '<a href="https://e.org" onmouseover="y()">a</a>',
            root,
        )
        assert "onclick" not in html and "onerror" not in html and "onmouseover" not in html
        assert "steal" not in html
        assert 'src="img/menu.png"' in html

    @pytest.mark.parametrize("tag", ["iframe", "style", "object", "form", "input", "svg"])
    def test_disallowed_tags_removed(self, root: Path, tag: str) -> None:
        html = html_of(f"<{tag} src='https://e.org'>inner</{tag}>text", root)
        assert f"<{tag}" not in html

    def test_style_attribute_removed(self, root: Path) -> None:
        html = html_of('<span style="position:fixed">x</span>', root)
        assert "style" not in html and "<span>x</span>" in html


class TestImages:
    @pytest.mark.parametrize(
        "src",
        [
            "http://e.org/a.png",
            "https://e.org/a.png",
            "//e.org/a.png",
            "HTTPS://E.ORG/a.png",
            "data:image/png;base64,iVBORw0KGgo=",
            "file:///etc/passwd",
            "/etc/passwd",
        ],
    )
    def test_remote_and_absolute_images_dropped(self, root: Path, src: str) -> None:
        html = html_of(f"![remote pic]({src})", root)
        assert "<img" not in html
        assert "e.org" not in html and "base64" not in html
        assert "<em>[image: remote pic]</em>" in html

    def test_raw_html_remote_image_dropped(self, root: Path) -> None:
        html = html_of('<img src="https://tracker.example/p.gif">', root)
        assert "<img" not in html and "tracker" not in html

    def test_image_escaping_root_dropped(self, root: Path) -> None:
        html = html_of("![up](../../outside.png) ![up2](img/../../../outside.png)", root)
        assert "<img" not in html
        assert "outside" not in html

    def test_symlink_escaping_root_dropped(self, root: Path, tmp_path: Path) -> None:
        (root / "calc" / "img" / "link.png").symlink_to(tmp_path / "outside.png")
        html = html_of("![link](img/link.png)", root)
        assert "<img" not in html
        assert "<em>[image: link]</em>" in html

    def test_local_image_inside_root_kept(self, root: Path) -> None:
        html = html_of("![The menu](img/menu.png)", root)
        assert '<img alt="The menu" src="img/menu.png">' in html

    def test_image_from_parent_folder_inside_root_kept(self, root: Path) -> None:
        write(root / "shared.png", b"png")
        html = html_of("![s](../shared.png)", root)
        assert 'src="../shared.png"' in html

    def test_missing_local_image_dropped(self, root: Path) -> None:
        html = html_of("![gone](img/nope.png)", root)
        assert "<img" not in html and "<em>[image: gone]</em>" in html

    def test_image_without_alt_vanishes(self, root: Path) -> None:
        assert "<img" not in html_of("![](https://e.org/x.png)", root)
        assert "[image" not in html_of("![](https://e.org/x.png)", root)


class TestMarkdownFeatures:
    def test_kramdown_attribute_lines_never_show(self, root: Path) -> None:
        source = "Intro\n{: .-three-column}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n{: .-left-align}\n"
        html = html_of(source, root)
        assert "{:" not in html and "three-column" not in html and "left-align" not in html
        assert html.count("<tr>") == 2

    def test_keys_render_as_kbd(self, root: Path) -> None:
        html = html_of("Copy with ++ctrl+c++.", root)
        assert html.count("<kbd") == 2
        assert ">Ctrl</kbd>" in html and ">C</kbd>" in html

    def test_tables_render(self, root: Path) -> None:
        html = html_of("| Key | Action |\n|:---|---:|\n| F2 | Rename |\n", root)
        assert "<table>" in html
        assert '<th align="left">Key</th>' in html
        assert '<td align="right">Rename</td>' in html
        assert "style=" not in html

    def test_task_lists_render_as_boxes(self, root: Path) -> None:
        html = html_of("- [ ] todo\n- [x] done\n", root)
        assert "☐" in html and "☑" in html
        assert html.index("☐") < html.index("todo") < html.index("☑") < html.index("done")
        assert "<input" not in html

    def test_admonitions_render(self, root: Path) -> None:
        html = html_of('!!! warning "Careful"\n    This deletes the file.\n', root)
        assert '<div class="admonition warning">' in html
        assert '<p class="admonition-title">Careful</p>' in html
        assert "<p>This deletes the file.</p>" in html

    @pytest.mark.parametrize(("marker", "tag"), [("-", "ul"), ("*", "ul"), ("1.", "ol")])
    def test_list_directly_after_paragraph(self, root: Path, marker: str, tag: str) -> None:
        # render_markdown: through render_body an ordered list would become the steps
        html = render_markdown(f"Shortcuts:\n{marker} one\n{marker} two\n", root, root)
        assert "<p>Shortcuts:</p>" in html
        assert f"<{tag}>" in html and html.count("<li>") == 2

    def test_list_rule_leaves_code_alone(self, root: Path) -> None:
        html = html_of("```\ntext\n- not a list\n```\n", root)
        assert "<li>" not in html and "- not a list" in html

    def test_fenced_code_is_escaped(self, root: Path) -> None:
        html = html_of("```html\n<script>x</script>\n```\n", root)
        assert "<script" not in html
        assert "&lt;script&gt;x&lt;/script&gt;" in html


class TestRenderCard:
    def test_guide_renders_intro_steps_outro(self, root: Path) -> None:
        path = write(
            root / "calc" / "g.md",
            "---\ntitle: G\n---\n# G\n{: .-three-column}\n\nBefore.\n\n1. Open ![m](img/menu.png)"
            "\n2. Press ++enter++\n\nAfter.\n",
        )
        parsed = read_card(path, root)
        assert parsed.card is not None
        rendered = render_card(parsed.card)
        assert rendered.intro_html == "<p>Before.</p>"
        assert [step.title for step in rendered.steps] == ["Open m", "Press Enter"]
        assert rendered.steps[0].html == ""
        assert rendered.outro_html == "<p>After.</p>"
        assert rendered.base_dir == root / "calc"

    def test_sections_render_step_html(self, root: Path) -> None:
        path = write(root / "calc" / "s.md", "# S\n\n## One\nPick ![m](img/menu.png)\n")
        card = read_card(path, root).card
        assert card is not None
        [step] = render_card(card).steps
        assert step.title == "One"
        assert 'src="img/menu.png"' in step.html

    def test_changed_file_is_rendered_again(self, root: Path) -> None:
        path = write(root / "c.md", "# C\n\nfirst version\n")
        first = read_card(path, root).card
        assert first is not None
        assert "first version" in render_card(first).intro_html
        write(path, "# C\n\nsecond version, longer\n")
        second = read_card(path, root).card
        assert second is not None
        assert "second version" in render_card(second).intro_html

    def test_deleted_file_renders_a_message(self, root: Path) -> None:
        path = write(root / "d.md", "# D\n\nbody\n")
        card = read_card(path, root).card
        assert card is not None
        path.unlink()
        rendered = render_card(card)
        assert rendered.intro_html.startswith("<p>This card could not be read")
        assert rendered.steps == ()
