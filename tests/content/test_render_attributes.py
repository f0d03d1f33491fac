"""The sanitiser keeps only the attributes of its allow-list (render._ATTRIBUTES)."""

from __future__ import annotations

import re
from pathlib import Path

from cuecard.content.render import render_body, sanitize_html


def test_no_attribute_outside_the_allow_list_survives_on_any_tag(tmp_path: Path) -> None:
    # Found by the full markdown fuzz run: nh3's generic attributes (title, lang) were
    # kept on every tag, e.g. the classic <noscript> payload's <p title="...">.
    html = sanitize_html(
        '<p title="x" lang="en" class="c">a</p><div title="t">b</div>'
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>">c</p></noscript>',
        tmp_path,
        tmp_path,
    )
    in_tags = " ".join(re.findall(r"<[^>]*>", html))  # markup, not escaped text
    assert "title=" not in in_tags and "lang=" not in in_tags and "onerror" not in in_tags
    assert '<p class="c">a</p><div>b</div>' in html


def test_the_attributes_that_mean_something_stay(tmp_path: Path) -> None:
    html = sanitize_html(
        '<abbr title="HyperText Markup Language" lang="en">HTML</abbr>'
        '<a href="https://example.org" title="Example">x</a>',
        tmp_path,
        tmp_path,
    )
    assert '<abbr title="HyperText Markup Language">HTML</abbr>' in html
    assert 'title="Example"' in html


def test_a_card_body_with_raw_html_gets_the_same_allow_list(tmp_path: Path) -> None:
    rendered = render_body('Intro <span title="t" class="k">x</span>\n', tmp_path, tmp_path)
    assert '<span class="k">x</span>' in rendered.intro_html
