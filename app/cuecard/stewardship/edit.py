"""Set a card's `reviewed:` date by editing that one line of the file in place.

Everything else stays byte for byte: comments, key order, quoting, indentation, the
byte-order mark and each line's own ending (CRLF or LF). When the card has no review
line, one is added after `owner:` (else at the end of the front matter, else in a new
front matter block). The result is parsed again before it is written: if the card would
not read back with the new date, the file is left untouched.
"""

from __future__ import annotations

import os
import re
import tempfile
from datetime import date
from pathlib import Path

import re2

# The keys the parser reads the review date from, in the order it tries them.
REVIEW_KEYS = ("reviewed", "lastmod", "updated", "last_modified", "date")
BOM = b"\xef\xbb\xbf"
_KEY = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:(?=[ \t]|$)")
_QUOTED = re.compile(r"""([ \t]*)(['"])(.*?)\2(.*)$""")
# Blanks, the value, and a comment after blanks. On RE2 (linear in the line; Python's re
# retried the comment from every character of the value: 20,000 blanks took 2 s).
_PLAIN = re2.compile(r"([ \t]*)(.*?)([ \t]+#.*)?$")


class EditError(ValueError):
    """The file cannot be edited safely; the message says why, in one sentence."""


def _split(text: str) -> tuple[list[str], list[str]]:
    """Lines without their endings, and each line's ending ('\\r\\n', '\\n' or '')."""
    bodies, endings = [], []
    for part in text.split("\n"):
        if part.endswith("\r"):
            bodies.append(part[:-1])
            endings.append("\r\n")
        else:
            bodies.append(part)
            endings.append("\n")
    endings[-1] = ""  # the text after the last newline (often empty)
    return bodies, endings


def _new_value(rest: str, day: str) -> str | None:
    """The text after `key:` with the date replaced; None when the value spans lines."""
    quoted = _QUOTED.match(rest)
    if quoted:
        space, quote, _old, tail = quoted.groups()
        return f"{space}{quote}{day}{quote}{tail}"
    plain = _PLAIN.match(rest)
    assert plain is not None  # the pattern matches any single line
    space, value, comment = plain.groups()
    if value.strip()[:1] in ("|", ">", "[", "{", "&", "*", "!"):
        return None  # a block, flow collection, anchor, alias or tag: not a plain date
    return f"{space or ' '}{day}{comment or ''}"


def _top_level_key(line: str) -> str | None:
    match = _KEY.match(line)
    return match.group(1) if match else None


def set_reviewed_text(text: str, day: date) -> str:
    """`text` (decoded, BOM removed) with its review date set to `day`."""
    stamp = day.isoformat()
    lines, endings = _split(text)
    if not lines or lines[0].rstrip() != "---":
        eol = endings[0] or "\n"
        return f"---{eol}reviewed: {stamp}{eol}---{eol}{text}"
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if close is None:
        raise EditError("its front matter starts with '---' but is never closed")
    keys = {
        key: index for index in range(1, close) if (key := _top_level_key(lines[index])) is not None
    }
    for key in REVIEW_KEYS:
        if key in keys:
            index = keys[key]
            colon = lines[index].index(":")
            value = _new_value(lines[index][colon + 1 :], stamp)
            continued = index + 1 < close and lines[index + 1][:1] in (" ", "\t", "-")
            if value is None or continued:
                raise EditError(f"its '{key}:' value is not on one line; edit it by hand")
            lines[index] = lines[index][: colon + 1] + value
            return "".join(body + end for body, end in zip(lines, endings, strict=True))
    after = keys.get("owner")
    if after is None:
        at = close
    else:
        at = after + 1
        while at < close and lines[at][:1] in (" ", "\t", "-"):  # the owner's own lines
            at += 1
    eol = endings[at - 1] or "\n"
    lines.insert(at, f"reviewed: {stamp}")
    endings.insert(at, eol)
    return "".join(body + end for body, end in zip(lines, endings, strict=True))


def set_reviewed_bytes(raw: bytes, day: date) -> bytes:
    has_bom = raw.startswith(BOM)
    try:
        text = raw[len(BOM) if has_bom else 0 :].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EditError("it is not UTF-8") from exc
    edited = set_reviewed_text(text, day).encode("utf-8")
    return BOM + edited if has_bom else edited


def write_in_place(path: Path, data: bytes) -> None:
    """Replace the file's content atomically, keeping its permission bits."""
    mode = path.stat().st_mode & 0o7777
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        Path(temporary).chmod(mode)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
