"""Parse `when:` entries (card front matter and rules.yaml) into `Trigger`s.

A trigger matches a window by app, title and class, and may add the focused element:
`dialog` (its nearest dialog's name), `control` (its own name) and `role`. Problems are
reported with the entry's line; an entry that cannot be used safely is ignored whole.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from cuecard.a11y.roles import ALIASES, ROLES, canonical_role
from cuecard.content.patterns import MAX_PATTERN, pattern_error
from cuecard.models import ElementPattern, Level, Trigger

ELEMENT_KEYS = frozenset({"dialog", "control", "role"})
TRIGGER_KEYS = frozenset({"app", "title", "class"}) | ELEMENT_KEYS
KEYS_TEXT = "app, title, class, dialog, control or role"
IGNORED = "trigger ignored"


def parse_trigger_list(
    entries: list[Any],
    line_of: Callable[[int], int],
    report: Callable[[int, Level, str], None],
) -> tuple[Trigger, ...]:
    """Parse `when:` entries; shared by card front matter and rules.yaml."""
    triggers = []
    for index, entry in enumerate(entries):
        line = line_of(index)
        if not isinstance(entry, dict) or not entry:
            report(line, Level.WARNING, f"trigger must be a mapping of {KEYS_TEXT}; ignored")
            continue
        for key in entry:
            if key not in TRIGGER_KEYS:
                report(line, Level.WARNING, f"unknown trigger key '{key}' ignored")
        apps = entry.get("app")
        app_list: tuple[str, ...] = ()
        if isinstance(apps, str):
            app_list = (apps,)
        elif isinstance(apps, list) and all(isinstance(a, str) for a in apps):
            app_list = tuple(apps)
        elif apps is not None:
            report(line, Level.WARNING, "trigger 'app' should be a name or a list of names")
        app_list = tuple(_normalise_app(app) for app in app_list if app.strip())
        patterns: dict[str, str | None] = {}
        usable = True
        for key in ("title", "class", "dialog", "control"):
            value, ok = _pattern_field(key, entry.get(key), line, report)
            patterns[key] = value
            usable = usable and ok
        roles, roles_ok = _roles(entry.get("role"), line, report)
        if not (usable and roles_ok):
            continue
        element = None
        if patterns["dialog"] is not None or patterns["control"] is not None or roles:
            element = ElementPattern(patterns["dialog"], patterns["control"], roles)
        if not app_list and patterns["title"] is None and patterns["class"] is None:
            if element is None:
                report(line, Level.WARNING, f"trigger has no usable {KEYS_TEXT}; ignored")
                continue
            report(
                line,
                Level.WARNING,
                "trigger names no app, title or class: Cuecard follows the focus in every "
                "app to match it; add 'app' or 'class'",
            )
        triggers.append(Trigger(app_list, patterns["title"], patterns["class"], line, element))
    return tuple(triggers)


def _pattern_field(
    key: str, value: Any, line: int, report: Callable[[int, Level, str], None]
) -> tuple[str | None, bool]:
    """(pattern, trigger usable) for one pattern field of a trigger.

    A title or class that cannot be used is dropped; an element field that cannot be
    used, or an empty pattern anywhere, makes the whole trigger unusable: dropping it
    would widen the trigger to every window, or every control, of the app.
    """
    element = key in ELEMENT_KEYS
    if value is None:
        return None, True
    if not isinstance(value, str):
        if element:
            report(line, Level.ERROR, f"trigger '{key}' should be text; {IGNORED}")
            return None, False
        report(line, Level.WARNING, f"trigger '{key}' should be text; ignored")
        return None, True
    if not value.strip():
        report(
            line,
            Level.ERROR,
            f"trigger '{key}' is an empty pattern; {IGNORED}",
        )
        return None, False
    error = pattern_error(value)
    if error:
        suffix = f"; {IGNORED}" if element else ""
        what = "pattern is too long" if len(value) > MAX_PATTERN else "regex does not compile"
        report(line, Level.ERROR, f"trigger '{key}' {what}: {error}{suffix}")
        return None, not element
    return value, True


def _roles(
    value: Any, line: int, report: Callable[[int, Level, str], None]
) -> tuple[tuple[str, ...], bool]:
    """(Cuecard role names, usable) of a trigger's `role`: a name or a list of names."""
    if value is None:
        return (), True
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        report(line, Level.ERROR, f"trigger 'role' should be a role or a list of roles; {IGNORED}")
        return (), False
    roles: list[str] = []
    for name in names:
        role = canonical_role(name)
        if role is None:
            report(line, Level.ERROR, f"trigger 'role' {_shown(name)} {_unknown_role(name)}")
            return (), False
        roles.append(role)
    return tuple(dict.fromkeys(roles)), True


def _normalise_app(app: str) -> str:
    name = app.strip().lower()
    return name[:-4] if name.endswith(".exe") else name


def _shown(name: str) -> str:
    shown = repr(name)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _unknown_role(name: str) -> str:
    close = difflib.get_close_matches(name.strip().lower(), [*ROLES, *ALIASES], n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"is not a known role ({hint}the roles are listed in docs/card-format.md); {IGNORED}"
