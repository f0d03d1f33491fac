"""Write the user's settings file the way a person would edit it.

The Settings window changes a few keys; everything else in the file stays as it was:
comments, blank lines, keys Cuecard does not know (a newer version's, a typo the
doctor reports), and the file's style (dotted `nudges.per_hour: 3` or nested
`nudges:` / `  per_hour: 3`). A key found in the file has its value replaced in place
(a comment after a one-line value is kept); a new key goes into its section when the
file has one, else at the end. The result is read back and compared: if anything other
than the changed keys came out different, the file is written plainly instead (every
key, comments lost) and the old one is kept beside it as `.bak`. Writes are atomic.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import re2
import yaml

from cuecard.settings import flatten
from cuecard.textdata import YamlError, decode_card_bytes, load_yaml

BOM = "\ufeff"
MAX_COMMENT_TRIES = 16
# Blanks and `#`: where a comment may start. On RE2, so finding the candidates is linear
# in the line (Python's re retried the blanks from each of them: a long run of blanks
# took seconds).
_COMMENT_START = re2.compile(r"[ \t]+#")


@dataclass(frozen=True)
class EditResult:
    """What was written: edited in place, or rewritten (and where the old copy went)."""

    path: Path
    in_place: bool
    backup: Path | None = None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_filler(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _key_pattern(name: str) -> re.Pattern[str]:
    quoted = re.escape(name)
    return re.compile(rf"^(?P<indent> *)(?P<key>{quoted}|\"{quoted}\"|'{quoted}')\s*:(?P<rest>.*)$")


def _extent(lines: list[str], start: int) -> int:
    """One past the last line of the value that starts on line `start`."""
    indent = _indent(lines[start])
    end = start + 1
    last = start + 1
    while end < len(lines):
        line = lines[end]
        if _is_filler(line):
            end += 1
            continue
        deeper = _indent(line) > indent
        same_level_item = _indent(line) == indent and line.lstrip(" ").startswith("- ")
        if not (deeper or same_level_item):
            break
        end += 1
        last = end
    return last  # trailing blank and comment lines belong to what follows


def _find(lines: list[str], pattern: re.Pattern[str], begin: int, stop: int, indent: int) -> int:
    for number in range(begin, stop):
        match = pattern.match(lines[number].rstrip("\n"))
        if match and len(match.group("indent")) == indent:
            return number
    return -1


def _section(lines: list[str], name: str) -> tuple[int, int, int] | None:
    """(first child line, end of block, child indent) of a top-level `name:` mapping."""
    start = _find(lines, _key_pattern(name), 0, len(lines), 0)
    if start < 0:
        return None
    rest = _key_pattern(name).match(lines[start].rstrip("\n"))
    if rest is None or not _is_filler(rest.group("rest")):
        return None  # `name: {a: 1}` or a scalar: not a block mapping
    end = _extent(lines, start)
    children = [n for n in range(start + 1, end) if not _is_filler(lines[n])]
    if not children or lines[children[0]].lstrip(" ").startswith("- "):
        return None
    return start + 1, end, _indent(lines[children[0]])


def _render(value: Any) -> str:
    """A one-line YAML value: JSON is valid YAML, and always quotes strings."""
    return json.dumps(value, ensure_ascii=False)


def _comment_after(rest: str) -> str:
    """The ` # comment` that ends a one-line value, with the space before it; ''."""
    # The first few candidates only: each is a YAML load, and a line of thousands of " #"
    # inside an open quote made the Settings window take seconds (quadratic).
    for match in itertools.islice(_COMMENT_START.finditer(rest), MAX_COMMENT_TRIES):
        before = rest[: match.start()]
        if before.strip() and not isinstance(load_yaml(f"v: {before.strip()}"), YamlError):
            return rest[match.start() :]
    return ""


def _replace(lines: list[str], number: int, value: Any) -> None:
    line = lines[number].rstrip("\n")
    head, _, rest = line.partition(":")
    end = _extent(lines, number)
    comment = _comment_after(rest) if end == number + 1 else ""
    lines[number:end] = [f"{head}: {_render(value)}{comment}\n"]


def _set(lines: list[str], key: str, value: Any) -> None:
    dotted = _find(lines, _key_pattern(key), 0, len(lines), 0)
    if dotted >= 0:
        _replace(lines, dotted, value)
        return
    section_name, _, leaf = key.rpartition(".")
    section = _section(lines, section_name) if section_name else None
    if section is not None:
        begin, end, indent = section
        found = _find(lines, _key_pattern(leaf), begin, end, indent)
        if found >= 0:
            _replace(lines, found, value)
            return
        last = max(n for n in range(begin, end) if not _is_filler(lines[n]))
        insert_at = _extent(lines, last)
        lines.insert(insert_at, f"{' ' * indent}{leaf}: {_render(value)}\n")
        return
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    lines.append(f"{key}: {_render(value)}\n")


def _flat(text: str) -> dict[str, Any] | None:
    loaded = load_yaml(text)
    if isinstance(loaded, YamlError):
        return None
    if loaded.data is None:
        return {}
    if not isinstance(loaded.data, dict):
        return None
    return flatten({str(k): v for k, v in loaded.data.items()})


def update_settings_text(text: str, changes: Mapping[str, Any]) -> tuple[str, bool]:
    """`text` with `changes` applied; the bool says whether it was edited in place (False:
    written plainly because the file could not be edited safely)."""
    bom = text.startswith(BOM)
    body = text.removeprefix(BOM)
    before = _flat(body)
    lines = body.splitlines(keepends=True)
    for key, value in changes.items():
        _set(lines, key, value)
    # What is checked is what is written: a second byte-order mark left at the start
    # made YAML read the lines added below it as another document (found by fuzzing).
    edited = (BOM if bom else "") + "".join(lines)
    after = _flat(edited)
    if before is not None and after is not None:
        expected = {**before, **changes}
        if after == expected:
            return edited, True
    return _plain({**(before or {}), **changes}), False


_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


def _plain(values: Mapping[str, Any]) -> str:
    """Every key on a line of its own; what JSON cannot say as YAML would read it back
    (a date, a float that is not finite, a key that needs quotes) is written by the YAML
    dumper in block style: flow style at the top made the whole file unreadable."""
    out = ["# Cuecard settings (rewritten by the Settings window; see settings.yaml.bak)\n"]
    for key, value in values.items():
        try:
            line = f"{key}: {_render(value)}\n" if _PLAIN_KEY.match(key) else None
        except (TypeError, ValueError):
            line = None
        if line is None or _reads_back(line) != {key: value}:
            line = yaml.safe_dump(
                {key: value}, default_flow_style=False, allow_unicode=True, width=2**31
            )
        out.append(line if line.endswith("\n") else line + "\n")
    return "".join(out)


def _reads_back(line: str) -> object:
    loaded = load_yaml(line)
    return None if isinstance(loaded, YamlError) else loaded.data


def write_user_settings(path: Path, changes: Mapping[str, Any]) -> EditResult:
    """Apply `changes` (dotted keys) to the user's settings file, creating it if needed."""
    target = path.resolve() if path.is_symlink() else path
    try:
        raw = target.read_bytes()
    except FileNotFoundError:
        raw = b""
    decoded = decode_card_bytes(raw)
    text = decoded.text if decoded.text is not None else ""
    new_text, in_place = update_settings_text(text, changes)
    backup = None
    if raw and (not in_place or decoded.text is None):
        backup = target.with_name(target.name + ".bak")
        _atomic_write(backup, raw)
        if decoded.text is None:
            new_text, in_place = _plain(dict(changes)), False
    _atomic_write(target, new_text.encode("utf-8"))
    return EditResult(target, in_place, backup)


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        Path(name).replace(path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
