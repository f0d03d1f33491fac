"""Render a card body to safe HTML, lazily and cached.

Markdown goes through Python-Markdown with pymdown-extensions, then an allow-list
sanitiser (nh3): no scripts, no event attributes, links only to http, https and
mailto, images only from files inside the card's content root (never remote).
"""

from __future__ import annotations

import functools
import re
import urllib.parse
from pathlib import Path

import markdown
import nh3

from cuecard.content.confine import outside_root
from cuecard.content.frontmatter import split_front_matter
from cuecard.content.markdown_text import iter_fenced, split_sections
from cuecard.models import Card, RenderedCard, RenderedStep
from cuecard.textdata import decode_card_bytes

_EXTENSIONS = [
    "tables",
    "admonition",
    "sane_lists",
    "fenced_code",  # not pymdownx.superfences: it pulls in Pygments (8 MB) for nothing
    "pymdownx.tasklist",
    "pymdownx.keys",
    "pymdownx.tilde",
]
_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align"},
    "th": {"align"},
    "div": {"class"},
    "span": {"class"},
    "p": {"class"},
    "kbd": {"class"},
    "code": {"class"},
    "ol": {"start"},
}
_CHECKBOX = re.compile(r"<input\b[^>]*type=\"checkbox\"[^>]*>", re.IGNORECASE)
_STYLE_ALIGN = re.compile(r'style="text-align: (left|right|center);"')
_IMG_WITHOUT_SRC = re.compile(r'<img(?![^>]*\bsrc=)(?:[^>]*?\balt="([^"]*)")?[^>]*>')
_LIST_ITEM = re.compile(r"^\s{0,3}([-*+]|\d{1,9}[.)])\s+\S")
_LIST_OR_BLANK = re.compile(r"^\s*$|^\s{0,3}([-*+]|\d{1,9}[.)])\s|^\s{2,}\S|^\s{0,3}[>#|]")


_PATHOLOGICAL = 300
_ENTITIES = {"[": "&#91;", "]": "&#93;", "*": "&#42;", "_": "&#95;", "`": "&#96;", "<": "&lt;"}


def _defuse(source: str) -> str:
    """Escape markup characters on lines that hold hundreds of them.

    Python-Markdown's inline patterns go quadratic on such lines (10,000 '[' took 18 s
    to render, measured); no real card has them, so shown literally is right.
    """
    lines = source.split("\n")
    for index, line in enumerate(lines):
        if sum(line.count(char) for char in _ENTITIES) > _PATHOLOGICAL:
            lines[index] = "".join(_ENTITIES.get(char, char) for char in line)
    return "\n".join(lines)


def _gfm_lists(source: str) -> str:
    """Let a list start right after a paragraph line, as GitHub does (Python-Markdown
    otherwise needs a blank line there)."""
    lines = source.split("\n")
    out: list[str] = []
    for _, line, in_code in iter_fenced(lines):
        if not in_code and out and _LIST_ITEM.match(line) and not _LIST_OR_BLANK.match(out[-1]):
            out.append("")
        out.append(line)
    return "\n".join(out)


def _markdown_to_html(source: str) -> str:
    converter = markdown.Markdown(extensions=_EXTENSIONS, output_format="html")
    html = converter.convert(_gfm_lists(_defuse(source)))
    html = _STYLE_ALIGN.sub(r'align="\1"', html)
    return _CHECKBOX.sub(lambda m: "☑ " if "checked" in m.group(0) else "☐ ", html)


def sanitize_html(html: str, base_dir: Path, root: Path) -> str:
    """Allow-list sanitising; images must resolve to a file inside `root`."""
    root_resolved = root.resolve()

    def keep(element: str, attribute: str, value: str) -> str | None:
        if element == "a" and attribute == "href":
            return value if _safe_link(value) else None
        if element == "img" and attribute == "src":
            return value if _local_image(value, base_dir, root_resolved) else None
        return value

    cleaned = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        attribute_filter=keep,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return _IMG_WITHOUT_SRC.sub(
        lambda m: f"<em>[image: {m.group(1)}]</em>" if m.group(1) else "", cleaned
    )


def _safe_link(value: str) -> bool:
    scheme = urllib.parse.urlsplit(value.strip()).scheme.lower()
    return scheme in ("http", "https", "mailto") or value.startswith("#")


def _local_image(value: str, base_dir: Path, root: Path) -> bool:
    parts = urllib.parse.urlsplit(value.strip())
    if parts.scheme or parts.netloc or not parts.path or value.strip().startswith(("/", "\\")):
        return False
    relative = urllib.parse.unquote(parts.path)
    if "\\" in relative or "\x00" in relative:
        return False
    try:
        target = (base_dir / relative).resolve()
    except (OSError, RuntimeError, ValueError):
        return False
    return target.is_relative_to(root) and target.is_file()


def render_markdown(source: str, base_dir: Path, root: Path) -> str:
    """Markdown source to sanitised HTML."""
    return sanitize_html(_markdown_to_html(source), base_dir, root)


def render_card(card: Card) -> RenderedCard:
    """Read the card's file now and render it; cached by path, size and mtime."""
    return _render_cached(card.path, card.root, card.size, card.mtime_ns)


@functools.lru_cache(maxsize=64)
def _render_cached(path: Path, root: Path, size: int, mtime_ns: int) -> RenderedCard:
    del size, mtime_ns  # part of the cache key only
    if outside_root(path, root) is not None:  # turned into a link since it was indexed
        message = "<p>This card links outside its content root, so it is not shown.</p>"
        return RenderedCard(message, (), "", path.parent)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        message = f"<p>This card could not be read: {nh3.clean_text(str(exc))}</p>"
        return RenderedCard(message, (), "", path.parent)
    decoded = decode_card_bytes(raw)
    body = split_front_matter(decoded.text).body if decoded.text is not None else ""
    return render_body(body, path.parent, root)


def render_body(body: str, base_dir: Path, root: Path) -> RenderedCard:
    """Render a card body (no front matter) split into intro, steps and outro."""
    sections = split_sections(body)
    return RenderedCard(
        intro_html=render_markdown(sections.intro, base_dir, root),
        steps=tuple(
            RenderedStep(title, render_markdown(source, base_dir, root))
            for title, source in sections.steps
        ),
        outro_html=render_markdown(sections.outro, base_dir, root),
        base_dir=base_dir,
    )
