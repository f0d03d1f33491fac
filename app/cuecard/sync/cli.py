"""`cuecard sync now|status` and `cuecard pack keygen|build`.

`sync now` pushes the outbox and pulls every pack once, in the foreground: exit 0 when
all went through, 1 with one plain sentence on stderr when anything failed (the outbox
is kept, the last good pack stays); `--json` prints what it did as one JSON document.
`sync status` reads the local state only.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from cuecard.clock import Clock
from cuecard.context import AppContext
from cuecard.store.record_cli import open_record
from cuecard.sync.config import SyncConfig, resolve_password, shown_url
from cuecard.sync.lrs import LrsClient
from cuecard.sync.packs.build import build_pack, keygen, load_private_key
from cuecard.sync.packs.format import PackError
from cuecard.sync.packs.pull import PackPuller
from cuecard.sync.sender import DirectAccess, Outcome, push
from cuecard.sync.status import pack_json, pack_line, read_status
from cuecard.terminal import echo
from cuecard.wording import plural


def make_client(config: SyncConfig, clock: Clock) -> LrsClient:
    """A client for the configured LRS, with the password looked up now."""
    return LrsClient(config.endpoint, config.username, resolve_password(config), now=clock.now)


def run_sync(context: AppContext, action: str, as_json: bool) -> int:
    if action == "status":
        return _status(context, as_json)
    return _now(context, as_json)


def _status(context: AppContext, as_json: bool) -> int:
    config = context.sync
    packs = PackPuller(context.paths, config.public_key, context.clock).states(config.pack_urls)
    db = open_record(context)
    try:
        status = read_status(db, config, packs)
    finally:
        db.conn.close()
    if as_json:
        print(json.dumps(status.as_json(), indent=2))
    else:
        echo(*status.lines())
    return 0


def _now(context: AppContext, as_json: bool = False) -> int:
    config = context.sync
    say = (lambda *_lines: None) if as_json else echo  # with --json: one document at the end
    sent = set_aside = 0
    packs: list[dict[str, Any]] = []
    if not config.enabled and not config.pack_urls:
        echo(
            "cuecard: sync is off and no packs are set up; set sync.enabled, sync.endpoint "
            "and sync.actor_home_page (or packs.urls) in your settings.",
            file=sys.stderr,
        )
        return 1
    failures: list[str] = []
    if config.enabled and config.problems:
        failures.append(f"Sync is on but {config.problems[0]}.")
    elif config.enabled:
        db = open_record(context)
        try:
            with make_client(config, context.clock) as client:
                result = push(DirectAccess(db), client, context.clock)
        finally:
            db.conn.close()
        sent, set_aside = result.delivered, result.set_aside
        say(f"Sent {plural(result.delivered, 'statement')}.")
        if result.set_aside:
            say(f"{result.set_aside} refused by the LRS and set aside: see cuecard sync status.")
        if result.outcome is not Outcome.DONE:
            failures.append(result.message)
    if config.pack_urls:
        puller = PackPuller(context.paths, config.public_key, context.clock)
        puller.prepare(config.pack_urls)
        for pulled in puller.pull_all(config.pack_urls):
            say(pack_line(pulled.state))
            packs.append(pack_json(pulled.state))
            if not pulled.ok:
                failures.append(
                    f"The pack at {shown_url(pulled.state.url)} was not updated: "
                    f"{pulled.state.detail}."
                )
    if as_json:
        done = {"sent": sent, "set_aside": set_aside, "packs": packs, "errors": failures}
        print(json.dumps({"ok": not failures, **done}, indent=2))
    if failures:
        more = f" ({len(failures) - 1} more: cuecard sync status)" if len(failures) > 1 else ""
        echo(f"cuecard: {failures[0]}{more}", file=sys.stderr)
        return 1
    return 0


def run_pack(
    context: AppContext,
    action: str,
    paths: list[Path],
    key: Path | None,
    name: str | None,
    version: str | None,
) -> int:
    try:
        if action == "keygen":
            if len(paths) != 1:
                echo(
                    "cuecard: give the file to write, e.g. cuecard pack keygen pack.key.",
                    file=sys.stderr,
                )
                return 2
            print(keygen(paths[0]))
            echo(
                f"Keep {paths[0]} secret. Put the line above into packs.public_key.",
                file=sys.stderr,
            )
            return 0
        if len(paths) != 2 or key is None:
            echo("cuecard: use cuecard pack build ROOT OUT --key KEYFILE.", file=sys.stderr)
            return 2
        root, out = paths
        result = build_pack(root, out, load_private_key(key), context.clock.now(), name, version)
    except PackError as exc:
        echo(f"cuecard: {exc}.", file=sys.stderr)
        return 1
    index = result.index
    size = index.total_size / 1024
    echo(
        f"Built pack {index.name} {index.version}: {plural(len(index.files), 'file')}, "
        f"{size:.0f} KB, "
        f"in {result.out}. Host that folder on any web server or file share and add its "
        "URL to packs.urls."
    )
    for item in result.left_out:
        echo(f"  left out: {item}")
    return 0
