"""frontmatter.py splits `---` blocks; textdata.py loads YAML safely with line numbers."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from cuecard import textdata
from cuecard.content.frontmatter import split_front_matter
from cuecard.textdata import MAX_DEPTH, MAX_YAML_CHARS, YamlDoc, YamlError, load_yaml


def loaded(text: str) -> YamlDoc:
    result = load_yaml(text)
    assert isinstance(result, YamlDoc), result
    return result


def failed(text: str) -> YamlError:
    result = load_yaml(text)
    assert isinstance(result, YamlError), result
    return result


class TestSplit:
    def test_no_front_matter_keeps_whole_text_as_body(self) -> None:
        split = split_front_matter("# Title\n\nbody\n")
        assert split.front_matter is None
        assert split.body == "# Title\n\nbody\n"
        assert split.body_line == 1
        assert split.unclosed is False

    def test_front_matter_and_body_line(self) -> None:
        split = split_front_matter("---\ntitle: A\nminutes: 2\n---\n# A\nbody")
        assert split.front_matter == "title: A\nminutes: 2"
        assert split.front_matter_line == 2
        assert split.body == "# A\nbody"
        assert split.body_line == 5

    def test_dots_close_front_matter(self) -> None:
        split = split_front_matter("---\ntitle: A\n...\nbody")
        assert split.front_matter == "title: A"
        assert split.body == "body"

    def test_trailing_spaces_on_delimiters_are_fine(self) -> None:
        split = split_front_matter("---  \ntitle: A\n---   \nbody")
        assert split.front_matter == "title: A"
        assert split.body == "body"

    def test_empty_front_matter(self) -> None:
        split = split_front_matter("---\n---\nbody")
        assert split.front_matter == ""
        assert split.body == "body"
        assert split.body_line == 3

    def test_unclosed_front_matter_is_body(self) -> None:
        split = split_front_matter("---\ntitle: A\nbody")
        assert split.front_matter is None
        assert split.unclosed is True
        assert split.body == "---\ntitle: A\nbody"

    def test_dashes_later_in_file_are_not_front_matter(self) -> None:
        split = split_front_matter("intro\n---\nmore\n---\n")
        assert split.front_matter is None
        assert split.unclosed is False


class TestLoadYaml:
    def test_mapping_with_key_lines(self) -> None:
        doc = loaded("title: A\n\nminutes: 3\ntags:\n  - x\n  - y\n")
        assert doc.data == {"title": "A", "minutes": 3, "tags": ["x", "y"]}
        assert doc.key_lines == {"title": 1, "minutes": 3, "tags": 4}
        assert doc.item_lines == {"tags": [5, 6]}

    def test_top_level_sequence_item_lines(self) -> None:
        doc = loaded("- a: 1\n\n- b: 2\n")
        assert doc.data == [{"a": 1}, {"b": 2}]
        assert doc.item_lines == {"": [1, 3]}

    def test_empty_document(self) -> None:
        doc = loaded("")
        assert doc.data is None
        assert doc.key_lines == {}

    def test_comment_only_document(self) -> None:
        assert loaded("# just a comment\n").data is None

    def test_dates_are_dates(self) -> None:
        assert loaded("reviewed: 2026-09-01").data == {"reviewed": date(2026, 9, 1)}

    def test_safe_loader_refuses_python_tags(self) -> None:
        error = failed("x: !!python/object/apply:os.system ['echo hi']\n")
        assert error.message.startswith("unparseable YAML")
        assert error.line == 1

    def test_syntax_error_has_line(self) -> None:
        error = failed("title: A\nminutes: 2\ntags: [a, b\n")
        assert error.message.startswith("unparseable YAML")
        assert error.line >= 3

    def test_tab_indentation_error_has_line(self) -> None:
        error = failed("a: 1\nb:\n\t- x\n")
        assert error.line == 3
        assert "unparseable YAML" in error.message

    def test_more_than_one_document_is_an_error(self) -> None:
        error = failed("a: 1\n---\nb: 2\n")
        assert "unparseable YAML" in error.message

    def test_oversized_yaml_is_refused(self) -> None:
        error = failed("a: " + "x" * (MAX_YAML_CHARS + 1))
        assert error == YamlError(1, "YAML is larger than 64 KB")

    def test_nesting_within_limit_loads(self) -> None:
        depth = MAX_DEPTH - 5
        doc = loaded("a: " + "[" * depth + "]" * depth)
        value = doc.data["a"]
        for _ in range(depth - 1):
            value = value[0]
        assert value == []

    def test_nesting_beyond_limit_is_refused(self) -> None:
        depth = MAX_DEPTH + 5
        error = failed("a: " + "[" * depth + "]" * depth)
        assert error.message == f"nesting deeper than {MAX_DEPTH} levels"

    def test_alias_bomb_is_refused(self) -> None:
        lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
        previous = "a"
        for name in "bcdefghi":
            lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
            previous = name
        error = failed("\n".join(lines))
        assert error.message == "aliases expand beyond a sane size (YAML bomb?)"

    def test_small_aliases_are_fine(self) -> None:
        doc = loaded("base: &b {app: excel}\nwhen: [*b, *b]\n")
        assert doc.data["when"] == [{"app": "excel"}, {"app": "excel"}]

    def test_recursive_alias_is_refused(self) -> None:
        error = failed("a: &x [1, *x]\n")
        assert error.message == "recursive alias"

    @pytest.mark.parametrize("text", ["[", "{a: 1", "a: 'unterminated", "? [\n", "*nope"])
    def test_broken_inputs_become_errors(self, text: str) -> None:
        error = failed(text)
        assert error.line >= 1
        assert error.message.startswith("unparseable YAML")


LOADERS = [yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)]


@pytest.mark.parametrize("loader", LOADERS, ids=["python", "libyaml"])
class TestBothLoaders:
    """The same answers whether PyYAML runs its pure-Python or its libyaml parser."""

    @pytest.fixture(autouse=True)
    def use_loader(self, loader: type[yaml.SafeLoader], monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(textdata, "_Loader", loader, raising=False)

    def test_control_character_is_an_error_on_its_line(self) -> None:
        assert load_yaml("a: 1\nb: x\x07y\n") == YamlError(
            2, "unparseable YAML: character #x0007 is not allowed"
        )

    def test_deep_nesting_is_refused(self) -> None:
        error = failed("a: " + "[" * 10_000 + "]" * 10_000)
        assert error.message == f"nesting deeper than {MAX_DEPTH} levels"

    def test_key_lines(self) -> None:
        assert loaded("a: 1\nb:\n  - x\n").item_lines == {"b": [3]}
