"""The team view as one self-contained HTML page (inline CSS and SVG, no scripts, no
network), for L&D and team leads: what it shows, and first of all what it leaves out."""

from __future__ import annotations

from html import escape

from cuecard.report.html_report import CSS
from cuecard.report.team.html_parts import (
    fig,
    header_row,
    paths_html,
    pulse_html,
    sprints_html,
    tips_html,
    wall_html,
)
from cuecard.report.team.model import CardFigures, MissedSearches, TeamReport
from cuecard.report.team.svg import bars

TEAM_CSS = """
.held{color:#59636e;font-style:italic} .privacy{background:#f3f7f6;border-left:4px solid
#167a69;padding:10px 16px;margin:18px 0} .privacy li{margin:2px 0}
ul.quotes{list-style:none;padding-left:0} ul.quotes li{border-left:3px solid #2bb39a;
padding:3px 10px;margin:6px 0} h3{font-size:16px;margin-top:22px} h4{font-size:14px}
nav a{margin-right:14px} .stale{color:#9a3412} th.n{text-align:right}
"""
CARD_SERIES = (("views", "#9fb7c9"), ("opens", "#2bb39a"), ("completions", "#167a69"))
SECTIONS = (
    ("sec-cards", "Cards"),
    ("sec-new-hires", "New hires"),
    ("sec-sprints", "Learning sprints"),
    ("sec-tips", "Anyone can teach"),
    ("sec-pulse", "Pulse"),
    ("sec-wall", "Learning wall"),
)


def _rate(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _cards(report: TeamReport) -> str:
    k = report.k
    if not report.cards:
        return f"<p class='muted'>No card was used by {k} or more people.</p>"
    chart = bars(
        [(c.title, (c.views, c.opens, c.completions)) for c in report.cards[:20]],
        CARD_SERIES,
        "Views, opens and completions per card",
        "card-chart",
        f"<{k}",
    )
    rows = "".join(_card_row(card, k) for card in report.cards)
    return (
        chart
        + "<table id='cards'>"
        + header_row(
            "Card",
            "People",
            "Views",
            "Opens",
            "Completions",
            "Completion rate",
            "Helpful",
            "Outdated reports",
        )
        + f"{rows}</table>"
    )


def _card_row(card: CardFigures, k: int) -> str:
    helpful = "–" if card.helpful is None else f"{card.helpful:.0%} of {fig(card.votes, k)}"
    if card.votes is None:
        helpful = fig(None, k) + " votes"
    stale = " <span class='stale'>(stale)</span>" if card.stale else ""
    bad = " bad" if card.outdated else ""
    return (
        f"<tr><td>{escape(card.title)}{stale}<br><span class='muted'>{escape(card.card_id)}"
        f"</span></td><td class='n'>{card.people:,}</td><td class='n'>{fig(card.views, k)}</td>"
        f"<td class='n'>{fig(card.opens, k)}</td><td class='n'>{fig(card.completions, k)}</td>"
        f"<td class='n'>{_rate(card.completion_rate)}</td><td class='n'>{helpful}</td>"
        f"<td class='n{bad}'>{fig(card.outdated, k)}</td></tr>"
    )


def _searches(searches: MissedSearches, k: int) -> str:
    rows = "".join(
        f"<tr><td>{escape(query)}</td><td class='n'>{count:,}</td></tr>"
        for query, count in searches.queries
    )
    table = (
        f"<table id='missed'>{header_row('Search (shared text)', 'Times')}{rows}</table>"
        if rows
        else f"<p class='muted'>No shared search text was tried by {k} or more people.</p>"
    )
    return (
        f"<p id='missed-summary'>{fig(searches.total, k)} searches found nothing, by "
        f"{fig(searches.people, k)} people. The text of a search is sent only by people who "
        "chose to share it.</p>" + table
    )


def _stale(report: TeamReport) -> str:
    if not report.stale:
        return "<p class='muted'>No card in this machine's content is past its review date.</p>"
    return "".join(
        f"<h3>{escape(steward)}</h3><ul>"
        + "".join(
            f"<li>{escape(c.title)} <span class='muted'>({escape(c.card_id)}, review was due "
            f"{c.review_due.isoformat()})</span></li>"
            for c in cards
        )
        + "</ul>"
        for steward, cards in report.stale
    )


def _privacy(report: TeamReport) -> str:
    k = report.k
    left = "".join(
        f"<li><b>{escape(row.section)}</b>: {escape(row.why)}: {row.count:,}</li>"
        for row in report.left_out
    )
    left_html = f"<ul id='left-out'>{left}</ul>" if left else "<p>Nothing was left out.</p>"
    return (
        "<div class='privacy' id='privacy'><h2>What this page leaves out, and why</h2><ul>"
        "<li>No figure about one person and no ranking of people: people are counted, never "
        "named or listed. The LRS knows learners only by random ids; this page shows none.</li>"
        f"<li>Every figure about fewer than {k} people is left out (shown as “&lt;{k}”), "
        f"so nobody can be picked out of a small group (k-anonymity, k = {k}; "
        "setting <code>report.k_anonymity</code>, never below 5).</li>"
        "<li>Text (learning-log lines, searches, what was applied) appears only when its "
        "writer chose to share it, and only where at least "
        f"{k} people shared; pulse answers appear only as words many people used.</li></ul>"
        f"<h3>Left out of this page</h3>{left_html}</div>"
    )


def render_team_html(report: TeamReport) -> str:
    k = report.k
    scope = []
    if report.team:
        scope.append(f"team <b id='team'>{escape(report.team)}</b>")
    if report.since:
        scope.append(f"since {report.since.isoformat()}")
    notes = "".join(f"<p class='muted note'>{escape(note)}</p>" for note in report.notes)
    nav = "".join(f"<a href='#{anchor}'>{escape(name)}</a>" for anchor, name in SECTIONS)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cuecard team view</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{CSS}{TEAM_CSS}</style></head><body>
<h1>Cuecard team view</h1>
<p class="muted">Generated {report.generated.astimezone():%Y-%m-%d %H:%M} from
{escape(report.source)}{" · " + " · ".join(scope) if scope else ""} ·
<b id="people">{fig(report.people, k)}</b> people · {fig(report.statements, k)} statements</p>
{notes}
<nav class="muted">{nav}</nav>
{_privacy(report)}
<h2 id="sec-cards">Cards across people</h2>
{_cards(report)}
<h3>Searches that found nothing</h3>
{_searches(report.searches, k)}
<h3>Stale cards by steward</h3>
<p class="muted">From the content on this machine: cards past their review date.</p>
{_stale(report)}
<h2 id="sec-new-hires">New hires: time to proficiency</h2>
<p class="muted">Working days from joining a path to finishing all its cards (the day of
joining is day 1; weekends do not count), per cohort of people who joined in the same
month: the median and the middle half. “Stopped here” counts people whose first unfinished
day this is, although the plan has them past it by now.</p>
{paths_html(report.paths, k)}
<h2 id="sec-sprints">Learning sprints</h2>
{sprints_html(report.sprints, k)}
<h2 id="sec-tips">Anyone can teach: shared tips</h2>
<p class="muted">Tips people made with “Share a tip”, and how often others used them
(opened, completed or rated; the one who shared it does not count).</p>
{tips_html(report.tips, k)}
<h2 id="sec-pulse">Pulse: recurring themes</h2>
{pulse_html(report.pulse, k)}
<h2 id="sec-wall">Learning wall</h2>
{wall_html(report.wall, k)}
</body></html>
"""
