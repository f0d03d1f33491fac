"""The card draft a new tip starts from (pure: the window and the date are parameters)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from cuecard.models import WindowInfo
from cuecard.terminal import terminal_line
from cuecard.watch.trigger import app_label, suggest_trigger

TIPS_FOLDER = "tips"
TITLE_LIMIT = 80
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")

TEMPLATE = """---
title: {title}
id: {card_id}   # keeps this tip's figures together in team reports, wherever it is published
summary: One sentence on what this helps with.
minutes: 2
tags: [tips]
{when}# owner: you@example.org     # who keeps this tip up to date
reviewed: {today}
---
# {heading}

Why this helps, in a sentence or two.

1. The first step.
2. The next step.
3. How to check that it worked.
"""


def clean_title(text: str) -> str:
    """One line, no control or bidi characters, at most TITLE_LIMIT characters."""
    one_line = _SPACES.sub(" ", terminal_line(text)).strip()
    return one_line[:TITLE_LIMIT].rstrip() or "My tip"


def draft_title(window: WindowInfo | None) -> str:
    if window is None or window.private or not (window.app or window.title):
        return "My tip"
    return clean_title(f"A tip for {app_label(window)}")


def slug(title: str) -> str:
    return _NOT_SLUG.sub("-", title.lower()).strip("-")[:60].rstrip("-") or "tip"


def tip_id(token: str) -> str:
    """A new tip's card id: random (`token`, e.g. secrets.token_hex(4)), so it is unique
    across the organisation and says nothing about the window it was made in (it names
    the tip in statements; its title and file name come from the window)."""
    return f"{TIPS_FOLDER}/{_NOT_SLUG.sub('', token.lower())[:32] or 'tip'}"


def draft_text(window: WindowInfo | None, today: date, card_id: str) -> str:
    """The markdown of a new card: title and `when:` from `window` (never from a private
    one), its id written in (see `tip_id`), reviewed today, with placeholder text that
    lints clean."""
    title = draft_title(window)
    when = ""
    if window is not None and not window.private and (window.app or window.title):
        when = suggest_trigger(window)
    return TEMPLATE.format(
        title=json.dumps(title, ensure_ascii=False),
        card_id=json.dumps(card_id, ensure_ascii=True),
        heading=title.replace("#", "\\#"),
        when=when,
        today=today.isoformat(),
    )


def draft_path(folder: Path, title: str) -> Path:
    """A file name in `folder`/tips/ that is not taken yet."""
    base = folder / TIPS_FOLDER / slug(title)
    candidate = base.with_suffix(".md")
    number = 2
    while candidate.exists():
        candidate = base.with_name(f"{base.name}-{number}").with_suffix(".md")
        number += 1
    return candidate
