"""`cuecard log`, `cuecard stats`, `cuecard export`, `cuecard forget`: the user's own data."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import sqlite_utils

from cuecard.content.library import LibrarySnapshot
from cuecard.context import AppContext
from cuecard.learning.overview import Overview, overview
from cuecard.private_files import secure_data_dir, write_private_text
from cuecard.store.db import RecordUnavailable, all_rows, open_db
from cuecard.store.forget import delete, local_data
from cuecard.store.learning import load_learning
from cuecard.store.log import add_entry, as_markdown, list_entries
from cuecard.store.summary import learner_summary
from cuecard.sync.recorder import library_lookup, recorder_for
from cuecard.terminal import echo
from cuecard.wording import plural


def open_record(context: AppContext) -> sqlite_utils.Database:
    """The learning record for a command; says so on stderr if a damaged file was replaced,
    and exits with status 1 when it cannot be opened (locked, I/O error)."""
    secure_data_dir(context.paths)  # an install made by an older version, with umask 022
    try:
        opened = open_db(context.paths.database)
    except RecordUnavailable as exc:
        print(
            f"cuecard: {exc}. If another Cuecard command is using it, try again in a moment.",
            file=sys.stderr,
        )
        raise SystemExit(1) from exc
    if opened.message:
        echo(f"cuecard: {opened.message}", file=sys.stderr)
    return opened.db


def run_log(
    context: AppContext,
    action: str,
    text: list[str],
    card: str | None,
    out: Path | None,
    as_json: bool,
) -> int:
    db = open_record(context)
    if action == "add":
        if not " ".join(text).strip():
            print(
                'cuecard: say what you learned, e.g. cuecard log add "Freeze panes: View menu".',
                file=sys.stderr,
            )
            return 2
        recorder = recorder_for(context, library_lookup(context))
        also = recorder.log_entry if recorder else None
        entry = add_entry(db, " ".join(text), context.clock.now(), card, also)
        echo(f"Logged: {entry.text}")
        return 0
    entries = list_entries(db)
    if action == "export":
        assert out is not None
        titles = {cid: c.title for cid, c in context.open_library().load().cards.items()}
        write_private_text(out, as_markdown(entries, titles))
        print(f"Wrote {plural(len(entries), 'entry')} to {out}.")
        return 0
    if as_json:
        print(
            json.dumps(
                [
                    {"id": e.id, "ts": e.ts.isoformat(), "text": e.text, "card": e.card_id}
                    for e in entries
                ],
                indent=2,
            )
        )
    else:
        for entry in entries:
            echo(f"{entry.ts.astimezone():%Y-%m-%d %H:%M}  {entry.text}")
        if not entries:
            print("Your learning log is empty. Add a line with: cuecard log add TEXT")
    return 0


def load_overview(
    context: AppContext, db: sqlite_utils.Database, snapshot: LibrarySnapshot
) -> Overview:
    """Reviews due, required cards, paths, sprints and pulse for this learner now."""
    return overview(
        snapshot.cards,
        snapshot.paths,
        snapshot.sprints,
        load_learning(db),
        context.learning,
        context.clock.now(),
    )


def overview_json(view: Overview, today: date) -> dict[str, object]:
    return {
        "reviews_due": [
            {"id": r.card_id, "title": r.title, "due": r.due.isoformat()} for r in view.reviews_due
        ],
        "next_review": (
            {
                "id": view.next_review.card_id,
                "title": view.next_review.title,
                "due": view.next_review.due.isoformat(),
            }
            if view.next_review
            else None
        ),
        "required": [
            {
                "id": r.card_id,
                "title": r.title,
                "due": r.due.isoformat() if r.due else None,
                "done": r.done,
                "overdue": r.overdue(today),
            }
            for r in view.required
        ],
        "paths": [
            {
                "id": p.path.id,
                "name": p.path.name,
                "day": p.day,
                "days": p.days,
                "today": list(p.today),
                "behind": list(p.behind),
                "next": list(p.upcoming),
                "done": p.done,
                "total": p.total,
            }
            for p in view.paths
        ],
        "sprints": [
            {
                "id": s.sprint.id,
                "name": s.sprint.name,
                "joined": s.joined,
                "status": s.status.value,
                "start": s.start.isoformat() if s.start else None,
                "end": s.end.isoformat() if s.end else None,
                "done": len(s.done),
                "total": len(s.cards),
            }
            for s in view.sprints
        ],
    }


def run_stats(context: AppContext, as_json: bool) -> int:
    db = open_record(context)
    summary = learner_summary(db, context.clock.now())
    snapshot = context.open_library().load()
    view = load_overview(context, db, snapshot)
    cards = snapshot.cards
    today = context.clock.today()
    if as_json:
        print(
            json.dumps(
                {
                    "completed_this_week": summary.completed_this_week,
                    "completed_total": summary.completed_total,
                    "weekly": [[week.isoformat(), count] for week, count in summary.weekly],
                    "in_progress": list(summary.in_progress),
                    **overview_json(view, today),
                    "recent_log": [e.text for e in summary.recent_log],
                },
                indent=2,
            )
        )
        return 0
    print(
        f"This week: {plural(summary.completed_this_week, 'card')} completed "
        f"({summary.completed_total} in all)."
    )
    if summary.in_progress:
        print("In progress:")
        for card_id in summary.in_progress[:10]:
            echo(f"  {cards[card_id].title if card_id in cards else card_id}")
    _print_overview(view, today)
    if summary.recent_log:
        print("Recently logged:")
        for entry in summary.recent_log:
            echo(f"  {entry.ts.astimezone():%Y-%m-%d}  {entry.text}")
    return 0


def _print_overview(view: Overview, today: date) -> None:
    if view.reviews_due:
        print(f"Reviews due: {len(view.reviews_due)} (run `cuecard review-due`)")
        for review in view.reviews_due:
            echo(f"  {review.title}")
    elif view.next_review is not None:
        echo(
            f"Reviews due: none; next: {view.next_review.title} on {view.next_review.due:%Y-%m-%d}"
        )
    else:
        print("Reviews due: none yet.")
    for item in view.required:
        state = "done" if item.done else ("overdue" if item.overdue(today) else "to do")
        due = f", due {item.due.isoformat()}" if item.due else ""
        echo(f"Required: {item.title} ({state}{due})")
    for path in view.paths:
        echo(
            f"Path: {path.path.name}: day {path.day} of {path.days}, {path.done}/{path.total} done"
        )
    for sprint in view.sprints:
        if sprint.joined:
            echo(f"Sprint: {sprint.sprint.name}: {len(sprint.done)}/{len(sprint.cards)} done")


def export_tables(context: AppContext) -> dict[str, list[dict[str, object]]]:
    """Every row of every table of the learning record."""
    return all_rows(open_record(context))


def run_export(context: AppContext, out: Path) -> int:
    tables = export_tables(context)
    data = {
        "exported_at": context.clock.now().isoformat(),
        "database": str(context.paths.database),
        **tables,
    }
    write_private_text(out, json.dumps(data, indent=2))
    counts = ", ".join(f"{len(rows)} {table}" for table, rows in tables.items())
    print(f"Wrote {counts} to {out}.")
    return 0


def forget_everything(context: AppContext) -> tuple[list[Path], list[Path]]:
    """Delete the learning record (damaged copies included), the index cache, logs and
    window state; return (what went, what could not be deleted)."""
    present = [path for path in local_data(context.paths) if path.exists() or path.is_symlink()]
    failed = delete(present)
    return [path for path in present if path not in failed], failed


def run_forget(
    context: AppContext, yes: bool, close_running: Callable[[], bool | None] | None = None
) -> int:
    """Delete all local data; a running Cuecard (found by `close_running`) quits first,
    so it never keeps writing into files that are gone."""
    if not yes:
        if not sys.stdin.isatty():
            print(
                "cuecard: forget deletes all your local Cuecard data; run it with --yes.",
                file=sys.stderr,
            )
            return 2
        answer = input(f"Delete all Cuecard data in {context.paths.data_dir}? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing deleted.")
            return 0
    if close_running is not None:
        closed = close_running()
        if closed is False:
            print(
                "cuecard: Cuecard is running and did not quit; quit it from the tray menu "
                "and run cuecard forget again. Nothing deleted.",
                file=sys.stderr,
            )
            return 1
        if closed:
            print("Closed the running Cuecard first.")
    removed, failed = forget_everything(context)
    print(
        f"Deleted {plural(len(removed), 'file or folder', 'files and folders')}. "
        "Your own content folder was kept."
    )
    for path in failed:
        print(f"cuecard: could not delete {path}; delete it yourself.", file=sys.stderr)
    return 1 if failed else 0
