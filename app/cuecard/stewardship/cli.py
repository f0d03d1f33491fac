"""`cuecard review [ROOT...] [--json]` and `cuecard review --mark-reviewed ID`."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path

from cuecard.content.parse import parse_card_bytes
from cuecard.context import AppContext
from cuecard.models import Card
from cuecard.stewardship.edit import EditError, set_reviewed_bytes, write_in_place
from cuecard.stewardship.report import NO_STEWARD, StewardCard, StewardReport, steward_report
from cuecard.store.summary import CardStats, card_stats
from cuecard.terminal import echo
from cuecard.wording import plural


def _stats(context: AppContext) -> dict[str, CardStats]:
    """Views, completions, ratings and reports from this device's record, if it has one."""
    if not context.paths.database.exists():
        return {}
    from cuecard.store.record_cli import open_record

    db = open_record(context)
    try:
        return card_stats(db)
    finally:
        db.conn.close()


def _roots(context: AppContext, roots: list[Path]) -> list[Path] | None:
    chosen = roots or list(context.content_roots)
    missing = [root for root in chosen if not root.is_dir()]
    if missing:
        print(
            f"cuecard: {missing[0]} is not a folder; give a content root folder.", file=sys.stderr
        )
        return None
    return chosen


def run_review(
    context: AppContext, roots: list[Path], as_json: bool, mark_reviewed: str | None
) -> int:
    chosen = _roots(context, roots)
    if chosen is None:
        return 2
    snapshot = context.open_library(chosen, use_cache=False).load()
    if mark_reviewed is not None:
        return mark(context, snapshot.cards, mark_reviewed)
    report = steward_report(
        snapshot.cards,
        _stats(context),
        context.clock.today(),
        context.settings.get("stewardship.soon_days"),
    )
    if as_json:
        print(json.dumps(report_json(report), indent=2))
    else:
        print_report(report)
    return 1 if report.stale else 0


def mark(context: AppContext, cards: Mapping[str, Card], card_id: str) -> int:
    """Set the card's `reviewed:` to today by editing that one line of its file."""
    card = cards.get(card_id)
    if card is None:
        print(
            f"cuecard: no card with id '{card_id}'; `cuecard review` lists the ids.",
            file=sys.stderr,
        )
        return 1
    today = context.clock.today()
    try:
        raw = card.path.read_bytes()
        edited = set_reviewed_bytes(raw, today)
        check = parse_card_bytes(edited, card.path, card.root).card
        if check is None or check.reviewed != today:
            raise EditError("the edited card would not read back with the new date")
        write_in_place(card.path, edited)
    except EditError as exc:
        echo(f"cuecard: cannot mark {card.path} reviewed: {exc}. Nothing changed.", file=sys.stderr)
        return 1
    except OSError as exc:
        echo(
            f"cuecard: cannot write {card.path}: {exc.strerror or exc}. Nothing changed.",
            file=sys.stderr,
        )
        return 1
    echo(f"Marked {card.title} reviewed on {today.isoformat()} ({card.path}).")
    return 0


def _card_json(row: StewardCard) -> dict[str, object]:
    card, stats = row.card, row.stats
    return {
        "id": card.id,
        "title": card.title,
        "path": str(card.path),
        "state": row.state.value,
        "reviewed": card.reviewed.isoformat() if card.reviewed else None,
        "review_due": row.review_due.isoformat(),
        "views": stats.shown,
        "opens": stats.opened,
        "completions": stats.completed,
        "helpful": stats.helpful,
        "not_helpful": stats.not_helpful,
        "outdated_reports": stats.outdated_reports,
    }


def report_json(report: StewardReport) -> dict[str, object]:
    return {
        "today": report.today.isoformat(),
        "stale": report.stale,
        "soon": report.soon,
        "owners": [
            {
                "owner": owner,
                "label": owner or NO_STEWARD,
                "cards": [_card_json(row) for row in rows],
            }
            for owner, rows in report.owners
        ],
    }


def _figures(stats: CardStats) -> str:
    votes = stats.helpful + stats.not_helpful
    helpful = f"helpful {stats.helpful}/{votes}" if votes else "not rated"
    reports = stats.outdated_reports
    outdated = f", {plural(reports, 'outdated report')}" if reports else ""
    counts = f"{plural(stats.shown, 'view')}, {plural(stats.completed, 'completion')}"
    return f"{counts}, {helpful}{outdated}"


def print_report(report: StewardReport) -> None:
    if not report.owners:
        print("Every card is fresh: none is stale or due for review soon.")
        return
    for owner, rows in report.owners:
        echo(owner or NO_STEWARD)
        for row in rows:
            label = "STALE" if row.state.value == "stale" else "soon "
            echo(
                f"  {label}  {row.card.title} ({row.card.id}): review due "
                f"{row.review_due.isoformat()}; {_figures(row.stats)}"
            )
    print(
        f"{report.stale} stale, {report.soon} due soon. "
        "After checking a card: cuecard review --mark-reviewed ID"
    )
