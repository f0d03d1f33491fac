"""Sync's lines in `cuecard doctor`: the settings, the LRS as seen right now, the packs.

The doctor asks the LRS (GET /about, then a one-statement read with the credentials,
5 s each) so a wrong endpoint or refused credentials show up before any statement
is sent. Nothing printed here includes the password.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cuecard.context import AppContext
from cuecard.store.db import open_db
from cuecard.sync.config import resolve_password
from cuecard.sync.lrs import LrsClient
from cuecard.sync.packs.pull import PackPuller
from cuecard.sync.sender import message_for
from cuecard.sync.status import SyncStatus, pack_line, read_status
from cuecard.wording import plural

TIMEOUT = 5.0


@dataclass(frozen=True)
class SyncReport:
    """The doctor's sync check, its pack lines and the status as JSON."""

    ok: bool
    detail: str
    pack_lines: tuple[str, ...]
    status: dict[str, Any]


def sync_report(context: AppContext, probe: bool = True) -> SyncReport:
    config = context.sync
    packs = PackPuller(context.paths, config.public_key, context.clock).states(config.pack_urls)
    opened = open_db(context.paths.database)
    try:
        status = read_status(opened.db, config, packs)
    finally:
        opened.db.conn.close()
    lines = tuple(pack_line(pack) for pack in packs)
    packs_ok = all(pack.state in ("installed", "waiting") for pack in packs)
    ok, detail = _lrs_check(context, status, probe)
    return SyncReport(ok and packs_ok, detail, lines, status.as_json())


def _lrs_check(context: AppContext, status: SyncStatus, probe: bool) -> tuple[bool, str]:
    config = status.config
    if not config.enabled:
        return True, "off (sync.enabled is false): no learning records leave this computer"
    if config.problems:
        return False, "; ".join(config.problems)
    pending = status.counts.pending
    waiting = f"{plural(pending, 'statement')} waiting"
    if probe:
        password = resolve_password(config)
        with LrsClient(
            config.endpoint, config.username, password, context.clock.now, TIMEOUT
        ) as client:
            about = client.about()
            if not about.ok:
                return False, message_for(about, client.shown, pending)
            access = client.check_credentials()
            if not access.ok:
                return False, message_for(access, client.shown, pending)
    elif status.config_error:
        return False, status.config_error
    last = status.last_success or "never"
    return True, f"on: {config.shown_endpoint} answers; {waiting}; last success {last}"
