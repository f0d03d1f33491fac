"""Sync's state in one value: for `cuecard sync status`, `cuecard doctor` and the tray.

Read from the learning record (outbox counts, statements set aside, last success and
error) and the packs' state file; never from the network. Nothing here includes the
password, and the endpoint is shown without any credentials in its URL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import sqlite_utils

from cuecard.store import outbox
from cuecard.store.outbox import OutboxCounts, SetAside
from cuecard.sync.config import SyncConfig, shown_url
from cuecard.sync.packs.state import PackState


@dataclass(frozen=True)
class SyncStatus:
    """Everything a person needs to know about sync, without the network."""

    config: SyncConfig
    counts: OutboxCounts
    last_success: str | None = None
    last_error: str | None = None
    config_error: str | None = None
    set_aside: tuple[SetAside, ...] = ()
    packs: tuple[PackState, ...] = ()

    @property
    def problem(self) -> str | None:
        """The configuration problem to show in the tray and doctor, if any."""
        if self.config.problems:
            return "; ".join(self.config.problems)
        return self.config_error if self.config.enabled else None

    @property
    def summary(self) -> str:
        """One line for the tray menu."""
        if not self.config.enabled:
            return "Sync is off" if not self.packs else _packs_summary(self.packs)
        if self.problem:
            return "Sync: needs attention — see cuecard doctor"
        parts = [f"{self.counts.pending} waiting" if self.counts.pending else "up to date"]
        if self.last_error and self.counts.pending:
            parts.append("LRS not reachable, retrying")
        if self.counts.quarantined + self.counts.conflict:
            parts.append(f"{self.counts.quarantined + self.counts.conflict} set aside")
        return "Sync: " + ", ".join(parts)

    def as_json(self) -> dict[str, Any]:
        return {
            "enabled": self.config.enabled,
            "endpoint": self.config.shown_endpoint,
            "problem": self.problem,
            "pending": self.counts.pending,
            "delivered": self.counts.delivered,
            "quarantined": self.counts.quarantined,
            "conflicts": self.counts.conflict,
            "last_success": self.last_success,
            "last_error": self.last_error,
            "set_aside": [
                {
                    "id": item.statement_id,
                    "state": item.state.value,
                    "queued": item.queued,
                    "reason": item.detail,
                }
                for item in self.set_aside
            ],
            "packs": [pack_json(pack) for pack in self.packs],
        }

    def lines(self) -> list[str]:
        """The human-readable report (each line printed through terminal.echo)."""
        config = self.config
        if config.enabled:
            out = [f"Sync is on: {config.shown_endpoint or '(no endpoint)'}"]
        else:
            out = ["Sync is off (sync.enabled is false): nothing is sent."]
        if self.problem:
            out.append(f"Problem: {self.problem}")
        counts = self.counts
        out.append(
            f"Statements: {counts.pending} pending, {counts.delivered} delivered, "
            f"{counts.quarantined} quarantined, {counts.conflict} conflicts"
        )
        out.append(f"Last success: {self.last_success or 'never'}")
        if self.last_error:
            out.append(f"Last error: {self.last_error}")
        for item in self.set_aside:
            out.append(f"  {item.state.value}: {item.statement_id} ({item.queued}): {item.detail}")
        if self.packs:
            out.append("Packs:")
            out.extend(f"  {pack_line(pack)}" for pack in self.packs)
        return out


def pack_line(pack: PackState) -> str:
    """One line about a pack: which version is in use and how the last check went."""
    what = f"{pack.name} {pack.version}".strip() or "(nothing installed)"
    url = shown_url(pack.url)
    if pack.state == "installed":
        text = f"{url}: {what}, up to date (checked {pack.checked})"
    elif pack.state == "kept":
        text = f"{url}: keeping {what}; the last check failed: {pack.detail}"
    elif pack.state == "refused":
        text = f"{url}: nothing installed; refused: {pack.detail}"
    else:
        text = f"{url}: not checked yet"
    if pack.state == "installed" and pack.detail:
        text += f" ({pack.detail})"
    return text


def _packs_summary(packs: Sequence[PackState]) -> str:
    failing = sum(1 for pack in packs if pack.state in ("kept", "refused"))
    return f"Packs: {failing} with problems" if failing else "Packs: up to date"


def pack_json(pack: PackState) -> dict[str, Any]:
    """A pack's state for JSON output (its URL without credentials, no cache keys)."""
    data = asdict(pack)
    data["url"] = shown_url(pack.url)
    data.pop("etag", None)
    data.pop("index_sha256", None)
    return data


def read_status(
    db: sqlite_utils.Database, config: SyncConfig, packs: Sequence[PackState] = ()
) -> SyncStatus:
    """The status from the learning record (call it on the thread that owns `db`)."""
    return SyncStatus(
        config=config,
        counts=outbox.counts(db),
        last_success=outbox.state_value(db, "last_success"),
        last_error=outbox.state_value(db, "last_error"),
        config_error=outbox.state_value(db, "config_error"),
        set_aside=tuple(outbox.set_aside(db)),
        packs=tuple(packs),
    )
