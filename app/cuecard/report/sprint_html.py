"""The sprint summary as one self-contained HTML page (inline SVG, no network)."""

from __future__ import annotations

from html import escape

from cuecard.report.html_report import CSS
from cuecard.report.sprint import SprintReport
from cuecard.wording import plural

WIDTH, HEIGHT, PAD = 900, 160, 28


def _chart(report: SprintReport) -> str:
    """Cards completed so far, day by day through the sprint."""
    days = report.per_day
    total = len(report.cards) or 1
    if not days:
        return "<p class='muted'>The sprint has not started.</p>"
    step = (WIDTH - 2 * PAD) / max(len(days) - 1, 1)
    running, points = 0, []
    for index, (_, count) in enumerate(days):
        running += count
        x = PAD + index * step
        y = HEIGHT - PAD - (HEIGHT - 2 * PAD) * running / total
        points.append(f"{x:.1f},{y:.1f}")
    labels = "".join(
        f"<text x='{PAD + i * step:.1f}' y='{HEIGHT - 8}' font-size='11' fill='#59636e' "
        f"text-anchor='middle'>{day:%d %b}</text>"
        for i, (day, _) in enumerate(days)
        if i % max(1, len(days) // 7) == 0
    )
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{WIDTH}' height='{HEIGHT}' "
        f"role='img' aria-label='Cards completed through the sprint'>"
        f"<line x1='{PAD}' y1='{PAD}' x2='{WIDTH - PAD}' y2='{PAD}' stroke='#d5dade' "
        "stroke-dasharray='4 4'/>"
        f"<text x='{WIDTH - PAD}' y='{PAD - 6}' font-size='11' fill='#59636e' "
        f"text-anchor='end'>all {plural(len(report.cards), 'card')}</text>"
        f"<polyline id='done-line' fill='none' stroke='#167a69' stroke-width='3' "
        f"points='{' '.join(points)}'/>{labels}</svg>"
    )


def render_sprint_html(report: SprintReport) -> str:
    progress = report.progress
    sprint = report.sprint
    if progress.start is not None and progress.end is not None:
        dates = f"{progress.start.isoformat()} to {progress.end.isoformat()}"
    else:
        dates = f"self-paced, {plural(sprint.weeks or 0, 'week')} from the day you join"
    if progress.joined and progress.membership is not None:
        joined = f"You joined on {progress.membership.joined.astimezone():%Y-%m-%d}."
    else:
        joined = "You have not joined this sprint."
    done = sum(1 for row in report.cards if row.completed is not None)
    rows = "".join(
        f"<tr><td>{escape(row.title)}<br><span class='muted'>{escape(row.card_id)}</span></td>"
        f"<td>{row.completed.isoformat() if row.completed else '–'}</td>"
        f"<td class='n'>{row.reviews}</td></tr>"
        for row in report.cards
    )
    log = "".join(
        f"<li>{entry.ts.astimezone():%Y-%m-%d}: {escape(entry.text)}</li>" for entry in report.log
    )
    membership = progress.membership
    applied = (
        f"<blockquote id='applied'>{escape(membership.applied)}</blockquote>"
        if membership is not None and membership.applied
        else "<p class='muted'>Nothing written yet: at the end of the sprint Cuecard asks "
        "what you applied to a real task.</p>"
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sprint: {escape(sprint.name)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{CSS} blockquote{{border-left:4px solid #167a69;margin:0;padding:4px 14px}}</style>
</head><body>
<h1>Sprint: {escape(sprint.name)}</h1>
<p class="muted">{escape(dates)} · {progress.status.value} · generated
{report.generated.isoformat()} from this device's learning record</p>
<h2>Goal</h2>
<p id="goal">{escape(sprint.goal) or "<span class='muted'>No goal given.</span>"}</p>
<p>{escape(joined)} <b id="done">{done} of {len(report.cards)}</b> cards completed in the
sprint.</p>
{_chart(report)}
<h2>Cards</h2>
<table id="cards"><tr><th>Card</th><th>Completed</th><th>Reviews</th></tr>{rows}</table>
<h2>What I applied</h2>
{applied}
<h2>Learning log during the sprint</h2>
{f"<ul id='log'>{log}</ul>" if log else "<p class='muted'>No log entries in the sprint.</p>"}
</body></html>
"""
