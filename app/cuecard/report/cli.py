"""`cuecard report --html FILE` and `--json`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from cuecard.context import AppContext
from cuecard.private_files import write_private_text
from cuecard.report.build import build_report, report_json
from cuecard.report.html_report import render_html
from cuecard.report.sprint import build_sprint_report
from cuecard.report.sprint_html import render_sprint_html
from cuecard.store.learning import load_learning
from cuecard.store.record_cli import open_record
from cuecard.terminal import echo
from cuecard.wording import plural


def run_report(
    context: AppContext, html_file: Path | None, as_json: bool, sprint_id: str | None = None
) -> int:
    if sprint_id is not None:
        return run_sprint_report(context, sprint_id, html_file)
    if html_file is None and not as_json:
        print("cuecard: choose an output: --html FILE or --json.", file=sys.stderr)
        return 2
    snapshot = context.open_library().load()
    db = open_record(context)
    report = build_report(snapshot, db, context.clock.today())
    db.conn.close()
    if html_file is not None:
        write_private_text(html_file, render_html(report))  # holds missed search text
        echo(f"Wrote the report for {plural(len(report.cards), 'card')} to {html_file}.")
    if as_json:
        print(json.dumps(report_json(report), indent=2))
    return 0


def run_sprint_report(context: AppContext, sprint_id: str, html_file: Path | None) -> int:
    """`cuecard report --sprint ID --html FILE`: one sprint's summary page."""
    if html_file is None:
        print("cuecard: give the page to write: --sprint ID --html FILE.", file=sys.stderr)
        return 2
    snapshot = context.open_library().load()
    sprint = next((s for s in snapshot.sprints if s.id == sprint_id), None)
    if sprint is None:
        known = ", ".join(sorted(s.id for s in snapshot.sprints)) or "none"
        echo(f"cuecard: no sprint '{sprint_id}'; the sprints are: {known}.", file=sys.stderr)
        return 1
    db = open_record(context)
    report = build_sprint_report(
        sprint, snapshot.cards, load_learning(db), db, context.clock.today()
    )
    db.conn.close()
    write_private_text(html_file, render_sprint_html(report))  # holds the learning log
    echo(f"Wrote the summary of the sprint {sprint.name} to {html_file}.")
    return 0
