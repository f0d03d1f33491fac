"""Turn the window an author is looking at into a ready `when:` entry (pure)."""

from __future__ import annotations

import re

import yaml

from cuecard.models import FocusedElement, WindowInfo
from cuecard.watch.app_names import app_name

# "Document - App", "Page — Mozilla Firefox", "file.py - project - Visual Studio Code"
_SEPARATORS = re.compile(r"\s[-–—|]\s")
_GLOB_SPECIAL = re.compile(r"([*?\[\]])")


def _glob_escape(text: str) -> str:
    return _GLOB_SPECIAL.sub(r"[\1]", text)


def title_pattern(title: str) -> str | None:
    """A glob for the stable part of a title: the text after the last separator, which
    is usually the app name; document names in front vary and become `*`."""
    title = title.strip()
    if not title:
        return None
    parts = list(_SEPARATORS.finditer(title))
    if not parts:
        return _glob_escape(title)
    last = parts[-1]
    return "*" + _glob_escape(title[last.start() :])


def suggest_trigger(info: WindowInfo, element: FocusedElement | None = None) -> str:
    """YAML for a `when:` list with one entry matching windows like `info` and, when the
    focused element is known, that element: its dialog and its name (its role when it
    has no name). A dialog stands for the window's title: a dialog's window is titled
    with its name."""
    entry: dict[str, object] = {}
    if info.app:
        entry["app"] = [info.app]
    if info.window_class:
        entry["class"] = _glob_escape(info.window_class)
    pattern = title_pattern(info.title)
    if pattern and not (element is not None and element.dialog):
        entry["title"] = pattern
    if element is not None:
        if element.dialog and element.dialog.strip():
            entry["dialog"] = _glob_escape(element.dialog)
        if element.name.strip():
            entry["control"] = _glob_escape(element.name)
        elif element.role:
            entry["role"] = element.role
    return yaml.safe_dump(
        {"when": [entry]}, allow_unicode=True, sort_keys=False, default_flow_style=None
    )


def app_label(info: WindowInfo) -> str:
    """A human name for the window's application (watch/app_names.py): from its desktop
    file, exe or bundle, else its process name; never a fragment of the title."""
    return app_name(info)
