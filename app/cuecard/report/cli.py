"""`cuecard report --html FILE` and `--json`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from cuecard.context import AppContext
from cuecard.private_files import write_private_text
from cuecard.report.build import build_report, report_json
from cuecard.report.html_report import render_html
from cuecard.store.record_cli import open_record
from cuecard.terminal import echo
from cuecard.wording import plural


def run_report(context: AppContext, html_file: Path | None, as_json: bool) -> int:
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
