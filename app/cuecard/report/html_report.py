"""Render the author report as one self-contained HTML file with inline SVG charts."""

from __future__ import annotations

from html import escape

from cuecard.report.build import AuthorReport, CardRow
from cuecard.wording import plural

CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;
max-width:980px;margin:32px auto;padding:0 20px}
h1{font-size:26px;margin-bottom:4px} h2{font-size:19px;margin-top:34px}
.muted{color:#59636e} table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #d5dade}
th{background:#f3f5f7} td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.bad{color:#9a3412;font-weight:600} .legend span{display:inline-block;margin-right:14px}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px}
"""
COLORS = {"views": "#9fb7c9", "opens": "#2bb39a", "completions": "#167a69"}
BAR_HEIGHT = 8
ROW_HEIGHT = 34
LABEL_WIDTH = 300
CHART_WIDTH = 900


def _bars_svg(rows: tuple[CardRow, ...]) -> str:
    """Views, opens and completions per card as grouped horizontal bars."""
    shown = [r for r in rows if r.stats.shown or r.stats.opened][:25]
    if not shown:
        return "<p class='muted'>No views recorded yet.</p>"
    top = max(max(r.stats.shown, r.stats.opened, r.stats.completed) for r in shown) or 1
    scale = (CHART_WIDTH - LABEL_WIDTH - 60) / top
    height = len(shown) * ROW_HEIGHT + 10
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{CHART_WIDTH}' "
        f"height='{height}' role='img' aria-label='Views, opens and completions'>"
    ]
    for index, row in enumerate(shown):
        y = index * ROW_HEIGHT + 6
        title = escape(row.title if len(row.title) <= 42 else row.title[:41] + "…")
        parts.append(f"<text x='0' y='{y + 16}' font-size='13'>{title}</text>")
        for offset, (name, value) in enumerate(
            (
                ("views", row.stats.shown),
                ("opens", row.stats.opened),
                ("completions", row.stats.completed),
            )
        ):
            bar_y = y + offset * (BAR_HEIGHT + 1)
            width = max(1.0, value * scale) if value else 0.0
            parts.append(
                f"<rect class='bar-{name}' x='{LABEL_WIDTH}' y='{bar_y}' "
                f"width='{width:.1f}' height='{BAR_HEIGHT}' fill='{COLORS[name]}'>"
                f"<title>{name}: {value}</title></rect>"
            )
        parts.append(
            f"<text x='{LABEL_WIDTH + row.stats.shown * scale + 6:.1f}' y='{y + 9}' "
            f"font-size='11' fill='#59636e'>{row.stats.shown}</text>"
        )
    parts.append("</svg>")
    legend = "".join(
        f"<span><i class='swatch' style='background:{color}'></i>{name}</span>"
        for name, color in COLORS.items()
    )
    return f"<div class='legend muted'>{legend}</div>" + "".join(parts)


def _rate(row: CardRow) -> str:
    rate = row.stats.completion_rate
    return "–" if rate is None else f"{rate:.0%}"


def _helpful(row: CardRow) -> str:
    votes = row.stats.helpful + row.stats.not_helpful
    return "–" if not votes else f"{row.stats.helpful / votes:.0%} of {votes}"


def render_html(report: AuthorReport) -> str:
    rows = "".join(
        f"<tr><td>{escape(r.title)}<br><span class='muted'>{escape(r.card_id)}</span></td>"
        f"<td class='n'>{r.stats.shown}</td><td class='n'>{r.stats.opened}</td>"
        f"<td class='n'>{r.stats.completed}</td><td class='n'>{_rate(r)}</td>"
        f"<td class='n'>{_helpful(r)}</td>"
        f"<td class='n{' bad' if r.stats.outdated_reports else ''}'>"
        f"{r.stats.outdated_reports}</td></tr>"
        for r in report.cards
    )
    stale = (
        "".join(
            f"<h3>{escape(owner)}</h3><ul>"
            + "".join(
                f"<li>{escape(r.title)} <span class='muted'>({escape(r.card_id)}, review was due "
                f"{r.review_due})</span></li>"
                for r in cards
            )
            + "</ul>"
            for owner, cards in report.stale_by_owner
        )
        or "<p class='muted'>No card is past its review date.</p>"
    )
    missed = "".join(
        f"<tr><td>{escape(q)}</td><td class='n'>{c}</td></tr>" for q, c in report.missed_searches
    )
    missed_html = (
        f"<table id='missed'><tr><th>Search</th><th>Times</th></tr>{missed}</table>"
        if missed
        else "<p class='muted'>Every search found something.</p>"
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cuecard author report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{CSS}</style></head><body>
<h1>Cuecard author report</h1>
<p class="muted">Generated {report.generated.isoformat()} from this device's learning record
· {plural(len(report.cards), "card")}</p>
<h2>Views, opens and completions</h2>
{_bars_svg(report.cards)}
<h2>Every card</h2>
<table id="cards"><tr><th>Card</th><th>Views</th><th>Opens</th><th>Completions</th>
<th>Completion rate</th><th>Helpful</th><th>Outdated reports</th></tr>{rows}</table>
<h2>Stale cards by owner</h2>
{stale}
<h2>Searches that found nothing</h2>
{missed_html}
</body></html>
"""
