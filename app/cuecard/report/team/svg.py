"""Inline SVG charts for the team page: grouped horizontal bars and ranges (no scripts,
no network; every label escaped). A figure left out draws no bar, only its note."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH = 900
LABEL = 300
BAR = 9
GAP = 12
LABEL_CHARS = 42


def _label(text: str) -> str:
    return escape(text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…")


def legend(series: Sequence[tuple[str, str]]) -> str:
    items = "".join(
        f"<span><i class='swatch' style='background:{color}'></i>{escape(name)}</span>"
        for name, color in series
    )
    return f"<div class='legend muted'>{items}</div>"


def bars(
    rows: Sequence[tuple[str, Sequence[int | None]]],
    series: Sequence[tuple[str, str]],
    label: str,
    chart_id: str,
    hidden: str = "fewer than 5",
) -> str:
    """One group of bars per row, one bar per series; None values are noted, not drawn."""
    if not rows:
        return ""
    top = max((v for _, values in rows for v in values if v), default=0) or 1
    scale = (WIDTH - LABEL - 70) / top
    row_height = len(series) * (BAR + 1) + GAP
    height = len(rows) * row_height + 8
    parts = [
        f"<svg id='{chart_id}' xmlns='http://www.w3.org/2000/svg' width='{WIDTH}' "
        f"height='{height}' role='img' aria-label='{escape(label)}'>"
    ]
    for index, (name, values) in enumerate(rows):
        y = index * row_height + 4
        parts.append(f"<text x='0' y='{y + BAR + 4}' font-size='13'>{_label(name)}</text>")
        for offset, ((series_name, color), value) in enumerate(zip(series, values, strict=True)):
            bar_y = y + offset * (BAR + 1)
            if value is None:
                parts.append(
                    f"<text x='{LABEL}' y='{bar_y + BAR - 1}' font-size='10' fill='#59636e'>"
                    f"{escape(series_name)}: {escape(hidden)}</text>"
                )
                continue
            width = max(1.0, value * scale) if value else 0.0
            parts.append(
                f"<rect x='{LABEL}' y='{bar_y}' width='{width:.1f}' height='{BAR}' "
                f"fill='{color}'><title>{escape(series_name)}: {value}</title></rect>"
                f"<text x='{LABEL + width + 4:.1f}' y='{bar_y + BAR - 1}' font-size='10' "
                f"fill='#59636e'>{value}</text>"
            )
    parts.append("</svg>")
    return legend(series) + "".join(parts)


def ranges(
    rows: Sequence[tuple[str, float, float, float]], unit: str, label: str, chart_id: str
) -> str:
    """For each row a line from its 25th to its 75th percentile with the median marked."""
    if not rows:
        return ""
    top = max(high for _, _, _, high in rows) or 1.0
    scale = (WIDTH - LABEL - 200) / top  # room on the right for the median's label
    row_height = 26
    height = len(rows) * row_height + 26
    parts = [
        f"<svg id='{chart_id}' xmlns='http://www.w3.org/2000/svg' width='{WIDTH}' "
        f"height='{height}' role='img' aria-label='{escape(label)}'>"
    ]
    for index, (name, low, mid, high) in enumerate(rows):
        y = index * row_height + 14
        x1, x2, xm = LABEL + low * scale, LABEL + high * scale, LABEL + mid * scale
        parts.append(
            f"<text x='0' y='{y + 4}' font-size='13'>{_label(name)}</text>"
            f"<line x1='{x1:.1f}' y1='{y}' x2='{max(x2, x1 + 2):.1f}' y2='{y}' "
            "stroke='#2bb39a' stroke-width='8' stroke-linecap='round'/>"
            f"<circle cx='{xm:.1f}' cy='{y}' r='6' fill='#167a69'>"
            f"<title>median {mid:g} {escape(unit)}</title></circle>"
            f"<text x='{x2 + 12:.1f}' y='{y + 4}' font-size='11' fill='#59636e'>"
            f"median {mid:g} ({low:g}–{high:g}) {escape(unit)}</text>"
        )
    axis_y = len(rows) * row_height + 16
    parts.append(
        f"<text x='{LABEL}' y='{axis_y}' font-size='10' fill='#59636e'>0</text>"
        f"<text x='{LABEL + top * scale:.1f}' y='{axis_y}' font-size='10' fill='#59636e' "
        f"text-anchor='middle'>{top:g}</text></svg>"
    )
    return "".join(parts)
