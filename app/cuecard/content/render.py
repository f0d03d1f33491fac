"""Render a card body to safe HTML, lazily and cached.

Markdown goes through Python-Markdown with pymdown-extensions, guarded so its work stays
linear in the source (`markdown_guard`), then an allow-list sanitiser (nh3): no
scripts, no event attributes, links only to http, https and mailto, images only from
files inside the card's content root (never remote).
"""

from __future__ import annotations

import functools
import re
import urllib.parse
from pathlib import Path

import nh3

from cuecard.content.confine import MAX_IMAGE_PATHS, outside_root
from cuecard.content.frontmatter import split_front_matter
from cuecard.content.markdown_guard import GuardedMarkdown
from cuecard.content.markdown_prepass import plain_block_html
from cuecard.content.markdown_text import iter_fenced, split_sections
from cuecard.models import Card, RenderedCard, RenderedStep
from cuecard.textdata import decode_card_bytes, split_url

_EXTENSIONS = [
    "tables",
    "admonition",
    "sane_lists",
    "fenced_code",  # not pymdownx.superfences: it pulls in Pygments (8 MB) for nothing
    "pymdownx.tasklist",
    "pymdownx.keys",
    "pymdownx.tilde",
]


def extension_modules() -> tuple[str, ...]:
    """The modules Python-Markdown imports by name for the extensions above: a frozen
    bundle must list them (PyInstaller cannot follow an import by name)."""
    return tuple(name if "." in name else f"markdown.extensions.{name}" for name in _EXTENSIONS)


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
    "abbr": {"title"},
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
_ENTITY_RUN = 256
_TEXT_RUN = re.compile(f"(?<=>)[^<>]{{{_ENTITY_RUN},}}")
_LIST_ITEM = re.compile(r"^\s{0,3}([-*+]|\d{1,9}[.)])\s+\S")
_LIST_OR_BLANK = re.compile(r"^\s*$|^\s{0,3}([-*+]|\d{1,9}[.)])\s|^\s{2,}\S|^\s{0,3}[>#|]")


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


def new_converter(source_chars: int) -> GuardedMarkdown:
    """A converter for a card body of `source_chars` characters (its work budget)."""
    return GuardedMarkdown(_EXTENSIONS, source_chars)


def _markdown_to_html(source: str, converter: GuardedMarkdown) -> str:
    try:
        html = converter.convert(_gfm_lists(source))
    except RecursionError:  # nesting the guard let through still too deep: show the text
        return plain_block_html(source)
    html = _STYLE_ALIGN.sub(r'align="\1"', html)
    html = _CHECKBOX.sub(lambda m: "☑ " if "checked" in m.group(0) else "☐ ", html)
    return _split_entity_runs(html)


def _split_entity_runs(html: str) -> str:
    """Put an empty comment before every `_ENTITY_RUN`-th character reference of a long
    text run. The sanitiser (html5ever) takes time quadratic in the references of one
    text node (128,000 `&amp;` took 0.42 s, 400,000 took 3 s); it drops the comments and
    writes the pieces back as one text, so the result is the same."""
    if html.count("&") < _ENTITY_RUN:
        return html
    return _TEXT_RUN.sub(_split_text_run, html)


def _split_text_run(match: re.Match[str]) -> str:
    text = match.group(0)
    if text.count("&") < _ENTITY_RUN:
        return text
    parts = text.split("&")
    return "<!---->&".join(
        "&".join(parts[i : i + _ENTITY_RUN]) for i in range(0, len(parts), _ENTITY_RUN)
    )


def sanitize_html(html: str, base_dir: Path, root: Path) -> str:
    """Allow-list sanitising; images must resolve to a file inside `root`."""
    return _sanitize(html, base_dir, root.resolve())


def _sanitize(html: str, base_dir: Path, root_resolved: Path) -> str:
    shown: dict[str, bool] = {}  # each image path looked up once, at most MAX_IMAGE_PATHS

    def keep(element: str, attribute: str, value: str) -> str | None:
        if element == "a" and attribute == "href":
            return value if _safe_link(value) else None
        if element == "img" and attribute == "src":
            if value not in shown and len(shown) < MAX_IMAGE_PATHS:
                shown[value] = _local_image(value, base_dir, root_resolved)
            return value if shown.get(value, False) else None
        return value

    cleaned = nh3.clean(
        html,
        tags=_TAGS,
        # "*": none. Left out, ammonia adds its generic attributes (title and lang) to
        # every tag: a fuzzed card kept <p title="</noscript><img ... onerror=...>">
        # (escaped, so inert, but outside the allow-list these checks promise).
        attributes={**_ATTRIBUTES, "*": set()},
        url_schemes={"http", "https", "mailto"},
        attribute_filter=keep,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return _IMG_WITHOUT_SRC.sub(
        lambda m: f"<em>[image: {m.group(1)}]</em>" if m.group(1) else "", cleaned
    )


def _safe_link(value: str) -> bool:
    parts = split_url(value.strip())
    return (parts is not None and parts.scheme.lower() in ("http", "https", "mailto")) or (
        value.startswith("#")
    )


def _local_image(value: str, base_dir: Path, root: Path) -> bool:
    parts = split_url(value.strip())
    if not parts or parts.scheme or parts.netloc or not parts.path or value.strip()[:1] in "/\\":
        return False
    relative = urllib.parse.unquote(parts.path)
    if "\\" in relative or "\x00" in relative:
        return False
    try:
        target = (base_dir / relative).resolve()
    except (OSError, RuntimeError, ValueError):
        return False
    return target.is_relative_to(root) and target.is_file()


def render_markdown(
    source: str, base_dir: Path, root: Path, converter: GuardedMarkdown | None = None
) -> str:
    """Markdown source to sanitised HTML."""
    return _render(source, base_dir, root.resolve(), converter or new_converter(len(source)))


def _render(source: str, base_dir: Path, root_resolved: Path, converter: GuardedMarkdown) -> str:
    if not source.strip():
        return ""
    return _sanitize(_markdown_to_html(source, converter), base_dir, root_resolved)


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
    converter = new_converter(len(body))
    resolved = root.resolve()
    return RenderedCard(
        intro_html=_render(sections.intro, base_dir, resolved, converter),
        steps=tuple(
            RenderedStep(title, _render(source, base_dir, resolved, converter))
            for title, source in sections.steps
        ),
        outro_html=_render(sections.outro, base_dir, resolved, converter),
        base_dir=base_dir,
    )
