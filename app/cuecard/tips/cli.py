"""`cuecard new [--from-window]`: a card draft in the user's own content folder."""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

from cuecard.content.parse import read_card
from cuecard.context import AppContext
from cuecard.models import WindowInfo
from cuecard.private_files import ensure_private_dir
from cuecard.store.events import Event, EventKind, write_events
from cuecard.terminal import echo
from cuecard.tips.draft import draft_path, draft_text, draft_title, tip_id
from cuecard.tips.editor import edit_in_terminal


def window_now(context: AppContext) -> tuple[bool, WindowInfo | None]:
    """(seen, window): the active window as the watcher reports it."""
    from cuecard.watch.select import choose_watcher
    from cuecard.watch_cli import first_window

    choice = choose_watcher(privacy=context.privacy_rules)
    if choice.watcher is None:
        echo(f"cuecard: cannot see the active window here ({choice.reason}).", file=sys.stderr)
        return False, None
    return first_window(choice)


def create_draft(context: AppContext, window: WindowInfo | None) -> tuple[str, Path]:
    """Write a new draft; returns (card id, path). Records that a tip was created (with its
    statement, when sync is on)."""
    folder = context.paths.user_content
    ensure_private_dir(folder)
    path = draft_path(folder, draft_title(window))
    path.parent.mkdir(parents=True, exist_ok=True)
    card_id = tip_id(secrets.token_hex(4))
    text = draft_text(window, context.clock.today(), card_id)
    with path.open("x", encoding="utf-8") as handle:  # never overwrite an existing tip
        handle.write(text)
    from cuecard.store.record_cli import open_record
    from cuecard.sync.recorder import recorder_for

    db = open_record(context)
    recorder = recorder_for(context, lambda _card_id: None)  # a tip's statement has no title
    event = Event(EventKind.TIP_CREATED, context.clock.now(), card_id)
    write_events(db, [event], recorder.events if recorder else None)
    db.conn.close()
    return card_id, path


def run_new(context: AppContext, from_window: bool) -> int:
    window = None
    if from_window:
        seen, window = window_now(context)
        if not seen or window is None or window.private:
            print(
                "cuecard: no window to take the trigger from; focus the app first "
                "(e.g. `sleep 3; cuecard new --from-window`), or run `cuecard new`.",
                file=sys.stderr,
            )
            return 1
    card_id, path = create_draft(context, window)
    echo(f"Created a draft tip: {path} (id {card_id}).")
    how = edit_in_terminal(path)
    if not how:
        print("Open it in your editor; it shows in search as soon as you save it.")
    parsed = read_card(path, context.paths.user_content)
    for problem in parsed.problems:
        echo(problem.format())
    return 1 if any(p.level.value == "error" for p in parsed.problems) else 0
