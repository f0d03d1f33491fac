"""Trigger patterns: a case-insensitive glob, or a regular expression after `re:`."""

from __future__ import annotations

import fnmatch
import re

REGEX_PREFIX = "re:"


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a trigger pattern; raises re.error for a bad `re:` pattern."""
    if pattern.startswith(REGEX_PREFIX):
        return re.compile(pattern[len(REGEX_PREFIX) :], re.IGNORECASE)
    return re.compile(fnmatch.translate(pattern), re.IGNORECASE)


def pattern_error(pattern: str) -> str | None:
    """Why a pattern cannot be used, or None when it compiles."""
    try:
        compile_pattern(pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        return str(exc)
    return None
