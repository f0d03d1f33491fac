"""Trigger patterns: a case-insensitive glob, or a regular expression after `re:`.

Both run on RE2 (google-re2), whose matching time is linear in the text, so a hostile
pattern such as `(a+)+$` cannot freeze anything. A glob must match the whole text; a
`re:` pattern matches anywhere unless it anchors itself with ^ and $. Features RE2 does
not have (backreferences, lookaround) are reported by lint as a pattern that does not
compile. Patterns see the whole text, however long: a title is never cut before matching
(a private window's marker can sit at the end of a long page title), and `.` and
`*` match newlines in it. A pattern is at most MAX_PATTERN characters: RE2's time is
linear in the text for a given pattern, but grows with the pattern too (a glob of 5,000
`*` took 3.7 s on a 32 KB title, found by fuzzing).
"""

from __future__ import annotations

from dataclasses import dataclass

import re2

REGEX_PREFIX = "re:"
MAX_PATTERN = 1000  # characters; trigger and privacy patterns are a few dozen


def re2_options() -> re2.Options:
    """Case-insensitive, and `.` (so a glob's `*`) matches newlines: a title may hold them."""
    options = re2.Options()
    options.case_sensitive = False
    options.dot_nl = True
    options.log_errors = False
    return options


_OPTIONS = re2_options()


class PatternError(ValueError):
    """A trigger pattern that cannot be compiled."""


def glob_to_regex(glob: str) -> str:
    """Translate `*`, `?` and `[...]` to an RE2 regex (unanchored text, caller anchors)."""
    out: list[str] = []
    index = 0
    while index < len(glob):
        char = glob[index]
        index += 1
        if char == "*":
            out.append(".*")
        elif char == "?":
            out.append(".")
        elif char == "[":
            end = glob.find("]", index + 1 if glob[index : index + 1] in ("!", "]") else index)
            if end == -1:
                out.append(r"\[")
                continue
            body = glob[index:end]
            index = end + 1
            negate = body.startswith("!")
            body = body[1:] if negate else body
            escaped = body.replace("\\", "\\\\").replace("^", r"\^").replace("[", r"\[")
            out.append(f"[{'^' if negate else ''}{escaped}]")
        else:
            out.append(re2.escape(char))
    return "".join(out)


@dataclass(frozen=True)
class Pattern:
    """A compiled trigger pattern; `regex` is the RE2 source it runs as."""

    source: str
    regex: str
    anchored: bool
    _compiled: object

    def matches(self, text: str) -> bool:
        compiled = self._compiled
        if self.anchored:
            return compiled.fullmatch(text) is not None  # type: ignore[attr-defined]
        return compiled.search(text) is not None  # type: ignore[attr-defined]


def split_pattern(pattern: str) -> tuple[str, bool]:
    """(RE2 regex, anchored) for a trigger pattern, without compiling it."""
    if pattern.startswith(REGEX_PREFIX):
        return pattern[len(REGEX_PREFIX) :], False
    return glob_to_regex(pattern), True


def compile_pattern(pattern: str) -> Pattern:
    """Compile a trigger pattern; raises PatternError when RE2 refuses it or it is
    longer than MAX_PATTERN characters."""
    if len(pattern) > MAX_PATTERN:
        raise PatternError(f"it is {len(pattern):,} characters long; at most {MAX_PATTERN:,}")
    regex, anchored = split_pattern(pattern)
    try:
        compiled = re2.compile(regex, _OPTIONS)
    except (re2.error, TypeError, ValueError) as exc:
        raise PatternError(_reason(exc)) from exc
    return Pattern(pattern, regex, anchored, compiled)


def _reason(exc: Exception) -> str:
    text = exc.args[0] if exc.args else str(exc)
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return str(text) or "invalid pattern"


def pattern_error(pattern: str) -> str | None:
    """Why a pattern cannot be used, or None when it compiles."""
    try:
        compile_pattern(pattern)
    except PatternError as exc:
        return str(exc)
    return None
