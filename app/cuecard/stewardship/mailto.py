"""A prefilled email to a card's owner about an outdated card (pure)."""

from __future__ import annotations

import re
from urllib.parse import quote

from cuecard.models import Card

# A plain address, alone or inside "Name <address>"; nothing that could add headers.
_ADDRESS = re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+")
MAX_COMMENT = 2000


def owner_email(owner: str | None) -> str | None:
    """The owner's email address when the owner field has one."""
    if not owner:
        return None
    match = _ADDRESS.search(owner[:500])
    return match.group() if match else None


def outdated_mailto(card: Card, comment: str) -> str | None:
    """`mailto:` for the owner, subject and body filled in; None without an address."""
    address = owner_email(card.owner)
    if address is None:
        return None
    subject = f"Outdated card: {card.title}"
    body = "\n".join(
        [
            f'The Cuecard card "{card.title}" ({card.id}) may be outdated.',
            "",
            f"What no longer matches: {comment[:MAX_COMMENT] or '(not said)'}",
            "",
            f"File: {card.path.name}",
        ]
    )
    return f"mailto:{address}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"
