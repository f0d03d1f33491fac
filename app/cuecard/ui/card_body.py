"""The card window's body as HTML for QTextBrowser: steps with check boxes, and code
blocks in a box of their own that wraps long lines and has a *Copy* link.

Works on the sanitised HTML of content/render.py (every `<pre>` is closed there) in
one pass, linear in its size.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from cuecard.models import Card, RenderedCard
from cuecard.ui.style import Colors
from cuecard.wording import plural

STEP_SCHEME = "cuecard-step"
COPY_SCHEME = "cuecard-copy"
_TAG = re.compile(r"<[^>]*>")
_LANGUAGE = re.compile(r'<code class="language-([A-Za-z0-9_+-]{1,20})">')
_DIV = re.compile(r'<div(?: class="([^"]*)")?>|</div>')
_WARNINGS = frozenset({"warning", "caution", "attention", "danger", "error", "important"})


@dataclass(frozen=True)
class Body:
    """The HTML to show and the text of each code block, by its Copy link's number."""

    html: str
    code: tuple[str, ...]


def _boxed_code(fragment: str, codes: list[str], copied: int | None, c: Colors) -> str:
    """Every `<pre>` block of `fragment` in a bordered box that wraps long lines, with
    its language and a Copy link on top; the text of each block is added to `codes`."""
    out: list[str] = []
    position = 0
    while True:
        start = fragment.find("<pre>", position)
        end = fragment.find("</pre>", start) if start >= 0 else -1
        if end < 0:
            out.append(fragment[position:])
            return "".join(out)
        inner = fragment[start + len("<pre>") : end]
        if inner.endswith("\n</code>"):  # the fence's last line break: no empty line
            inner = inner[: -len("\n</code>")] + "</code>"
        number = len(codes)
        codes.append(html.unescape(_TAG.sub("", inner)))
        language = _LANGUAGE.match(inner)
        label = "✓ Copied" if copied == number else "Copy"
        out.append(fragment[position:start])
        out.append(
            f"<table class='code' width='100%' cellspacing='0' cellpadding='6' border='1'"
            f" style='border-collapse: collapse; border-color: {c.border}; border-style: solid;'"
            f" bgcolor='{c.surface}'>"
            "<tr><td><table width='100%' cellspacing='0' cellpadding='0' border='0'><tr>"
            f"<td class='lang'>{language.group(1) if language else ''}</td>"
            f"<td align='right'><a class='copy' href='{COPY_SCHEME}:{number}'>{label}</a>"
            "</td></tr></table></td></tr>"
            f"<tr><td><pre class='code' style='white-space: pre-wrap'>{inner}</pre></td></tr>"
            "</table>"
        )
        position = end + len("</pre>")


def _boxed_notes(fragment: str, c: Colors) -> str:
    """Every admonition (`!!! tip "Title"`) as a box: Qt's rich text draws a div's
    background only behind its lines, so a one-cell table holds it, its edge in the
    accent colour (amber for warnings). Other divs stay as they are; one pass."""
    out: list[str] = []
    stack: list[bool] = []  # for each open div: is it an admonition?
    position = 0
    for tag in _DIV.finditer(fragment):
        out.append(fragment[position : tag.start()])
        position = tag.end()
        classes = (tag.group(1) or "").split()
        if tag.group(0) == "</div>":
            boxed = stack.pop() if stack else False
            out.append("</td></tr></table>" if boxed else tag.group(0))
            continue
        boxed = "admonition" in classes
        stack.append(boxed)
        if not boxed:
            out.append(tag.group(0))
            continue
        edge = c.warning_text if _WARNINGS.intersection(classes) else c.accent
        out.append(
            f"<table class='note' width='100%' cellspacing='0' cellpadding='8' border='1'"
            f" style='border-collapse: collapse; border-color: {edge}; border-style: solid;'>"
            f"<tr><td bgcolor='{c.surface}'>"
        )
    out.append(fragment[position:])
    return "".join(out)


def card_body(rendered: RenderedCard, done: frozenset[int], copied: int | None, c: Colors) -> Body:
    """The intro, each step with its check box (ticked when in `done`), the outro."""
    codes: list[str] = []
    parts = [_boxed_code(rendered.intro_html, codes, copied, c)]
    for index, step in enumerate(rendered.steps):
        ticked = index in done
        box = "☑" if ticked else "☐"
        heading = "step-done" if ticked else "step"
        parts.append(
            "<table width='100%' cellspacing='0' cellpadding='0'><tr>"
            f"<td class='stepbox' valign='top' width='30'><a class='check' "
            f"href='{STEP_SCHEME}:{index}'>{box}</a></td><td>"
            f"<h3 class='{heading}'>{index + 1}. {html.escape(step.title)}</h3>"
            f"{_boxed_code(step.html, codes, copied, c)}</td></tr></table>"
        )
    parts.append(_boxed_code(rendered.outro_html, codes, copied, c))
    return Body(_boxed_notes("\n".join(parts), c), tuple(codes))


def meta_text(card: Card) -> str:
    """Minutes, kind, required, steps and tags, in one line."""
    parts = [f"{card.minutes} min" if card.minutes else "", card.kind.capitalize()]
    if card.required:
        parts.insert(0, f"Required, due {card.due.isoformat()}" if card.due else "Required")
    if card.step_count:
        parts.append(plural(card.step_count, "step"))
    if card.tags:
        parts.append(", ".join(card.tags[:4]))
    return "  ·  ".join(part for part in parts if part)


def footer_text(card: Card) -> str:
    """Who owns the card and when it was last reviewed."""
    owner = f"Owner: {card.owner}" if card.owner else "No owner"
    reviewed = f"last reviewed {card.reviewed.isoformat()}" if card.reviewed else "never reviewed"
    return f"{owner} · {reviewed}"
