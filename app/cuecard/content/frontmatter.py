"""Split a card file into front matter and body, and load YAML safely.

Never raises on any input: every failure becomes a `YamlError` with a line number.
Guards against alias bombs ("billion laughs"), deep nesting and oversized documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

MAX_YAML_CHARS = 64 * 1024
MAX_EXPANDED_NODES = 20_000
MAX_DEPTH = 40
# libyaml is ~10x faster than the pure-Python parser and caps nesting at 1000 levels
# itself, so a deep document cannot exhaust the C stack.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class YamlError:
    """Why a YAML document could not be used; line is 1-based within the document."""

    line: int
    message: str


@dataclass(frozen=True)
class YamlDoc:
    """A loaded YAML document and the 1-based line of each top-level key."""

    data: Any
    key_lines: dict[str, int]
    item_lines: dict[str, list[int]]


@dataclass(frozen=True)
class SplitFile:
    """A card file's parts. `body_line` is the 1-based file line where the body starts."""

    front_matter: str | None
    front_matter_line: int
    body: str
    body_line: int
    unclosed: bool = False


def split_front_matter(text: str) -> SplitFile:
    """Split `---` delimited front matter from the body (text already decoded)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return SplitFile(None, 0, text, 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return SplitFile(front, 2, body, index + 2)
    return SplitFile(None, 0, text, 1, unclosed=True)


def _check_shape(node: yaml.Node) -> str | None:
    """Reject documents whose aliases would expand too far or that nest too deep."""
    sizes: dict[int, int] = {}
    # Iterative post-order walk; aliases share node objects, so memoising by id()
    # computes the fully expanded size without expanding anything.
    stack: list[tuple[yaml.Node, int, bool]] = [(node, 1, False)]
    on_path: set[int] = set()
    while stack:
        current, depth, children_done = stack.pop()
        key = id(current)
        if depth > MAX_DEPTH:
            return f"nesting deeper than {MAX_DEPTH} levels"
        if children_done:
            on_path.discard(key)
            total = 1
            for child in _children(current):
                total += sizes.get(id(child), 1)
                if total > MAX_EXPANDED_NODES:
                    return "aliases expand beyond a sane size (YAML bomb?)"
            sizes[key] = total
            continue
        if key in sizes:
            continue
        if key in on_path:
            return "recursive alias"
        on_path.add(key)
        stack.append((current, depth, True))
        for child in _children(current):
            if id(child) not in sizes:
                stack.append((child, depth + 1, False))
    return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _reader_error(text: str, exc: yaml.reader.ReaderError) -> YamlError:
    """A one-line message for a character YAML refuses, on the line where it is."""
    character = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or " ")
    index = max(text.find(chr(character)), 0)
    return YamlError(
        text.count("\n", 0, index) + 1,
        f"unparseable YAML: character #x{character:04x} is not allowed",
    )


def _may_be_hostile(text: str) -> bool:
    """Cheap pre-test: only text with aliases or much nesting needs the full shape walk."""
    if "*" in text:
        return True
    if text.count("[") + text.count("{") + text.count("- ") > MAX_DEPTH:
        return True
    return any(len(line) - len(line.lstrip(" ")) >= MAX_DEPTH for line in text.split("\n"))


def load_yaml(text: str) -> YamlDoc | YamlError:
    """Load one YAML document with the safe loader, guarded against hostile input."""
    if len(text) > MAX_YAML_CHARS:
        return YamlError(1, f"YAML is larger than {MAX_YAML_CHARS // 1024} KB")
    try:
        loader = _Loader(text)  # the pure-Python reader checks characters right here
    except yaml.reader.ReaderError as exc:
        return _reader_error(text, exc)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDoc(None, {}, {})
        problem = _check_shape(node) if _may_be_hostile(text) else None
        if problem:
            return YamlError(node.start_mark.line + 1, problem)
        data = loader.construct_document(node)
    except yaml.reader.ReaderError as exc:
        return _reader_error(text, exc)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        reason = exc.problem or exc.context or "invalid YAML"
        if "nesting depth" in reason:
            return YamlError(line, f"nesting deeper than {MAX_DEPTH} levels")
        return YamlError(line, f"unparseable YAML: {reason}")
    except RecursionError:
        return YamlError(1, f"nesting deeper than {MAX_DEPTH} levels")
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        return YamlError(1, f"unparseable YAML: {exc}")
    finally:
        loader.dispose()
    key_lines: dict[str, int] = {}
    item_lines: dict[str, list[int]] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                name = str(key_node.value)
                key_lines.setdefault(name, key_node.start_mark.line + 1)
                if isinstance(value_node, yaml.SequenceNode):
                    item_lines[name] = [item.start_mark.line + 1 for item in value_node.value]
    if isinstance(node, yaml.SequenceNode):
        item_lines[""] = [item.start_mark.line + 1 for item in node.value]
    return YamlDoc(data, key_lines, item_lines)
