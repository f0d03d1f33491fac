"""Reading what people write, shared by content and settings: bytes, YAML, durations.

A leaf module (it imports nothing from cuecard) so that settings.py, the bottom layer,
and the content package both build on it. Nothing here raises on any input: a file
that cannot be decoded is a `DecodedFile` with a problem, YAML that cannot be used is
a `YamlError` with a line number. The YAML loader guards against alias bombs ("billion
laughs"), deep nesting and oversized documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import SplitResult, urlsplit

import yaml

MAX_YAML_CHARS = 64 * 1024
MAX_EXPANDED_NODES = 20_000
MAX_DEPTH = 40
_DURATION = re.compile(r"^\s*(\d{1,5})\s*([dwmy]?)\s*$", re.IGNORECASE)
_DAYS_PER_UNIT = {"": 1, "d": 1, "w": 7, "m": 30, "y": 365}
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


@dataclass(frozen=True)
class DecodedFile:
    """A file's text, or the reason it has none."""

    text: str | None
    problem: str | None = None


def decode_card_bytes(raw: bytes) -> DecodedFile:
    """UTF-8 (with or without BOM), CRLF or LF; binary and other encodings are refused."""
    if b"\x00" in raw[:8192]:
        return DecodedFile(None, "binary file, not a markdown card")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return DecodedFile(
            None, f"not UTF-8 (invalid byte at offset {exc.start}); save it as UTF-8"
        )
    return DecodedFile(text.replace("\r\n", "\n").replace("\r", "\n"))


def split_url(text: str) -> SplitResult | None:
    """`urlsplit(text)`, or None for text it refuses ("http://[x", a port that is not a
    number or is out of range): the standard library raises ValueError on those."""
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - checked here, where the error can be caught
    except ValueError:
        return None
    return parts


def parse_duration_days(value: Any) -> int | None:
    """'90d', '12w', '6m', '1y' or a number of days; None when unreadable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value > 0:
        return value
    if isinstance(value, str):
        match = _DURATION.match(value)
        if match and int(match.group(1)) > 0:
            return int(match.group(1)) * _DAYS_PER_UNIT[match.group(2).lower()]
    return None
