"""The team page's sections about learning: new hires on paths, sprints, shared tips,
the pulse and the learning wall (all text escaped; figures left out say so)."""

from __future__ import annotations

from html import escape

from cuecard.report.team.model import (
    PathFigures,
    PulseFigures,
    Quote,
    Shown,
    SprintFigures,
    Theme,
    TipsFigures,
    Wall,
)
from cuecard.report.team.svg import bars, ranges

DAY_COLORS = (("finished the day", "#2bb39a"), ("stopped here, behind the plan", "#d97706"))
THEME_COLOR = (("people", "#2b7bb3"),)


def fig(value: Shown, k: int) -> str:
    """A figure, or the note that it is left out."""
    if value is None:
        return f"<span class='held' title='left out: about fewer than {k} people'>&lt;{k}</span>"
    return f"{value:,}"


def header_row(*names: str, text_columns: int = 1) -> str:
    """A table's header row: the first `text_columns` headers left-aligned like their
    text, the others right-aligned over their figures (class 'n', as the cells)."""
    cells = "".join(
        f"<th>{escape(name)}</th>" if i < text_columns else f"<th class='n'>{escape(name)}</th>"
        for i, name in enumerate(names)
    )
    return f"<tr>{cells}</tr>"


def days(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"


def quotes(lines: tuple[Quote, ...], list_id: str) -> str:
    items = "".join(
        f"<li><span class='muted'>{line.day.isoformat()}</span> {escape(line.text)}"
        + (f" <span class='muted'>· {escape(line.about)}</span>" if line.about else "")
        + "</li>"
        for line in lines
    )
    return f"<ul class='quotes' id='{list_id}'>{items}</ul>"


def paths_html(paths: tuple[PathFigures, ...], k: int) -> str:
    if not paths:
        return f"<p class='muted'>No path was joined by {k} or more people.</p>"
    parts = []
    for path in paths:
        slug = escape(path.path_id)
        cohorts = "".join(
            f"<tr><td>{escape(c.label)}</td><td class='n'>{fig(c.joined, k)}</td>"
            f"<td class='n'>{fig(c.finished, k)}</td><td class='n'>{days(c.median_days)}</td>"
            f"<td class='n'>{days(c.p25_days)}–{days(c.p75_days)}</td></tr>"
            for c in path.cohorts
        )
        timed: list[tuple[str, float, float, float]] = []
        for c in path.cohorts:
            if c.p25_days is not None and c.median_days is not None and c.p75_days is not None:
                timed.append((f"Joined {c.label}", c.p25_days, c.median_days, c.p75_days))
        day_rows = [
            (
                f"Day {d.day}: " + ", ".join(d.cards) if d.cards else f"Day {d.day}",
                (d.finished, d.stalled),
            )
            for d in path.days
        ]
        parts.append(
            f"<h3>{escape(path.name)}</h3><p class='muted'>{fig(path.joined, k)} people joined, "
            f"{fig(path.finished, k)} finished every card.</p>"
            f"<table class='cohorts' id='cohorts-{slug}'>"
            + header_row(
                "Cohort (month joined)", "Joined", "Finished", "Median working days", "Middle half"
            )
            + f"{cohorts}</table>"
            + ranges(
                timed,
                "working days",
                "Working days from joining to finishing, per cohort",
                f"time-{slug}",
            )
            + "<h4>Where people stall</h4>"
            + bars(day_rows, DAY_COLORS, "People per day of the path", f"days-{slug}", f"<{k}")
        )
    return "".join(parts)


def sprints_html(sprints: tuple[SprintFigures, ...], k: int) -> str:
    if not sprints:
        return f"<p class='muted'>No sprint was joined by {k} or more people.</p>"
    rows = "".join(
        f"<tr><td>{escape(s.name)}</td><td class='n'>{fig(s.joined, k)}</td>"
        f"<td class='n'>{fig(s.left, k)}</td><td class='n'>{fig(s.finished, k)}</td></tr>"
        for s in sprints
    )
    applied = "".join(
        f"<h3>What people applied: {escape(s.name)}</h3>"
        + (
            quotes(s.applied, f"applied-{escape(s.sprint_id)}")
            if s.applied
            else f"<p class='muted'>Shown once {k} or more people have shared what they applied"
            f" (now: {fig(s.applied_writers, k)}).</p>"
        )
        for s in sprints
    )
    return (
        "<table id='sprints'>"
        + header_row("Sprint", "Joined", "Left", "Finished")
        + f"{rows}</table>{applied}"
    )


def tips_html(tips: TipsFigures, k: int) -> str:
    summary = (
        f"<p id='tips-summary'>{fig(tips.shared, k)} tips shared by {fig(tips.sharers, k)} people;"
        f" {fig(tips.users, k)} people used a tip someone else shared "
        f"({fig(tips.uses, k)} opens and completions).</p>"
    )
    if not tips.tips:
        return summary + "<p class='muted'>No shared tip has been used by others yet.</p>"
    rows = "".join(
        f"<tr><td>{escape(t.title)}<br><span class='muted'>{escape(t.card_id)}</span></td>"
        f"<td>{escape(t.month)}</td><td class='n'>{fig(t.users, k)}</td>"
        f"<td class='n'>{fig(t.opens, k)}</td><td class='n'>{fig(t.completions, k)}</td></tr>"
        for t in tips.tips
    )
    return (
        summary
        + "<table id='tips'>"
        + header_row(
            "Tip (a to z)",
            "Shared",
            "Used by others",
            "Opens by others",
            "Completions by others",
            text_columns=2,
        )
        + f"{rows}</table>"
    )


def _themes(themes: tuple[Theme, ...], question: str, chart_id: str, k: int) -> str:
    if not themes:
        return (
            f"<h3>{escape(question)}</h3><p class='muted'>No word or phrase used by {k} or "
            "more people yet.</p>"
        )
    return f"<h3>{escape(question)}</h3>" + bars(
        [(t.phrase, (t.people,)) for t in themes], THEME_COLOR, question, chart_id
    )


def pulse_html(pulse: PulseFigures, k: int) -> str:
    return (
        f"<p id='pulse-summary'>{fig(pulse.answers, k)} answers from {fig(pulse.people, k)} people."
        " Words and phrases are counted once per person; no answer is scored.</p>"
        + _themes(pulse.learning, "What are you learning right now?", "pulse-learning", k)
        + _themes(pulse.helps, "What would help you learn?", "pulse-helps", k)
    )


def wall_html(wall: Wall, k: int) -> str:
    if not wall.lines:
        return (
            f"<p class='muted'>Shown once {k} or more people have shared learning-log lines "
            f"(now: {fig(wall.writers, k)}).</p>"
        )
    return (
        f"<p class='muted'>The newest lines {fig(wall.writers, k)} people chose to share, "
        "newest first; never who wrote them.</p>" + quotes(wall.lines, "wall")
    )
