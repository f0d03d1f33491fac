"""Hypothesis strategies that build structured, hostile input for each fuzz target and
serialise it to the bytes the target reads: YAML front matter with every known key and
wrong types, markdown built from its block and inline constructs mixed with raw HTML
that tries to run script or load remote resources, trigger patterns, settings with
every key, pack indexes with escaping paths, and LRS answers with odd statuses,
headers and statement shapes. Any of them may be repeated to tens of kilobytes, where
quadratic behaviour shows."""

from __future__ import annotations

import json
from typing import Any

import yaml
from hypothesis import strategies as st

from cuecard.setting_specs import SPECS

# Text that tends to matter: markup characters, YAML indicators, control characters,
# right-to-left marks, surrogates-free astral characters, line separators.
SPICE = list("[]()*_`~+!#>|-:{}%&@'\"\\<>=/\t\r\x00\x0b\x0c\x1b\u2028\u202e\ufeff😀é")
# Mostly the characters above (drawing from all of Unicode is ten times slower).
small_text = st.text(
    st.one_of(st.sampled_from([*SPICE, *"abcxyz 09"]), st.characters(max_codepoint=0x2FFFF)),
    max_size=30,
)
words = st.text("abcxyz ", min_size=1, max_size=12)

HTML_BITS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<img src="http://evil.example/t.png">',
    '<img src="//evil.example/t.png">',
    '<img src="img/ok.png" onload="x()">',
    '<img src="../../outside.png">',
    '<img src="file:///etc/passwd">',
    '<img src="pic.png">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href=" JaVaScRiPt:alert(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<a href="vbscript:x">x</a>',
    '<a href="#top" onclick="x()">x</a>',
    "<iframe src=https://evil.example></iframe>",
    '<svg onload="alert(1)"><use href="#x"/></svg>',
    "<style>body{background:url(http://evil.example)}</style>",
    '<div style="background:url(http://evil.example/x)">x</div>',
    '<link rel="stylesheet" href="http://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=http://evil.example">',
    '<base href="http://evil.example/">',
    '<form action="http://evil.example"><input type=submit></form>',
    '<table background="http://evil.example/b.png"><tr><td>x</td></tr></table>',
    "<!-- <script>alert(1)</script> -->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<object data="http://evil.example/x.swf"></object>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
]
INLINE_BITS = [
    "[link](http://example.org)",
    "[x](javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "![alt](img/ok.png)",
    "![alt](http://evil.example/x.png)",
    "![alt](../outside.png)",
    "![alt](%2e%2e/outside.png)",
    "![a](data:image/png;base64,AAAA)",
    "[ref]: javascript:alert(1)\n\n[x][ref]",
    "**bold**",
    "_em_",
    "`code`",
    "++ctrl+alt+del++",
    "~~gone~~",
    "<http://example.org>",
    "<javascript:alert(1)>",
    "&#106;avascript:",
    "{: .class}",
    "{% raw %}",
]


@st.composite
def markdown_text(draw: st.DrawFn) -> str:
    """Markdown from its constructs, with hostile HTML and noise mixed in."""
    blocks: list[str] = []
    for _ in range(draw(st.integers(0, 12))):
        pieces = st.lists(st.one_of(words, st.sampled_from(INLINE_BITS)), max_size=6)
        inline = " ".join(draw(pieces))
        kind = draw(st.integers(0, 11))
        if kind == 0:
            blocks.append("#" * draw(st.integers(1, 7)) + " " + inline)
        elif kind == 1:
            blocks.append("\n".join(f"{n}. {inline}" for n in range(draw(st.integers(1, 4)))))
        elif kind == 2:
            blocks.append("\n".join(f"- [{draw(st.sampled_from(' x'))}] {inline}" for _ in "ab"))
        elif kind == 3:
            fence = draw(st.sampled_from(["```", "~~~", "````", "```python"]))
            blocks.append(f"{fence}\n{inline}\n{draw(st.sampled_from(['```', '~~~', '']))}")
        elif kind == 4:
            blocks.append(f"| a | b |\n|---|:-:|\n| {inline} | x |")
        elif kind == 5:
            blocks.append(f"!!! {draw(st.sampled_from(['tip', 'warning', 'note']))}\n    {inline}")
        elif kind == 6:
            blocks.append(draw(st.sampled_from(HTML_BITS)))
        elif kind == 7:
            blocks.append("> " + inline)
        elif kind == 8:
            blocks.append(draw(small_text))
        elif kind == 9:
            blocks.append("    " + inline)
        elif kind == 10:
            blocks.append("---")
        else:
            blocks.append(inline)
    return draw(st.sampled_from(["\n\n", "\n", "\r\n"])).join(blocks)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True),
    small_text,
    st.dates(),
    st.sampled_from(["90d", "12w", "0", "-1", "yes", "2030-02-30", "re:(a+)+$", "*", "[!"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(small_text, words), inner, max_size=4),
    ),
    max_leaves=6,
)
CARD_KEYS = [
    "title", "id", "kind", "minutes", "summary", "description", "tags", "category",
    "keywords", "when", "audience", "video", "owner", "reviewed", "review_every",
    "requires", "recall", "required", "due",
]  # fmt: skip
PATTERN_BITS = ["re:(", "*[", "re:\\1", "re:(?=x)", "*", "?", "[!a-z]*", "re:^$", "re:(a+)+$"]
patterns = st.one_of(small_text, st.sampled_from(PATTERN_BITS))
ROLE_NAMES = ["text", "button", "dialog", "menu item", "push button", "entry", "", "x"]
trigger = st.fixed_dictionaries(
    {},
    optional={
        "app": st.one_of(small_text, st.lists(small_text, max_size=3), values),
        "title": patterns,
        "class": st.one_of(small_text, values),
        "dialog": st.one_of(patterns, values),
        "control": patterns,
        "role": st.one_of(st.sampled_from(ROLE_NAMES), st.lists(st.sampled_from(ROLE_NAMES))),
    },
)


def _yaml(data: Any) -> str:
    try:
        return yaml.safe_dump(data, allow_unicode=True, default_flow_style=None)
    except yaml.YAMLError:
        return repr(data)


@st.composite
def card_file(draw: st.DrawFn) -> bytes:
    front = draw(st.dictionaries(st.sampled_from(CARD_KEYS), values, max_size=8))
    if draw(st.booleans()):
        front["when"] = draw(st.lists(trigger, max_size=4))
    head = draw(st.sampled_from(["", "&a [x]\n", "*a\n", "!!python/object:os.system x\n", "? "]))
    text = f"---\n{head}{_yaml(front)}{draw(st.sampled_from(['---', '...', '']))}\n"
    return (text + draw(markdown_text())).encode("utf-8", "surrogatepass")


@st.composite
def rules_file(draw: st.DrawFn) -> bytes:
    entries = draw(
        st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "when": st.one_of(st.lists(trigger, max_size=3), trigger, values),
                    "show": st.one_of(st.lists(small_text, max_size=3), small_text, values),
                },
            ),
            max_size=6,
        )
    )
    return _yaml({"rules": entries} if draw(st.booleans()) else entries).encode("utf-8", "replace")


setting_values = st.one_of(
    values,
    st.sampled_from(
        ["~nobody-here/x", "~/cards", "18:00-8:30", "25:00", "<ctrl>+<>", "file:/x", "http://"]
    ),
)


@st.composite
def settings_file(draw: st.DrawFn) -> bytes:
    keys = draw(st.lists(st.sampled_from(sorted(SPECS)), max_size=12))
    data: dict[str, Any] = {key: draw(setting_values) for key in keys}
    if draw(st.booleans()):
        data["locked"] = draw(st.one_of(st.lists(st.sampled_from(sorted(SPECS))), values))
    if draw(st.booleans()):  # nested form: `nudges: {per_hour: ...}`
        nested: dict[str, Any] = {}
        for key, value in data.items():
            head, _, tail = key.partition(".")
            if tail and isinstance(nested.setdefault(head, {}), dict):
                nested[head][tail] = value
            else:
                nested[key] = value
        data = nested
    comment = draw(st.sampled_from(["", "# mine\n", "\ufeff", "%YAML 1.1\n---\n"]))
    return (comment + _yaml(data)).encode("utf-8", "replace")


PATHS = ["a.md", "../x.md", "/etc/x", "a//b.md", "a/./b", "CON.md", "a/.hidden", "A.md", "dir"]
PATHS += ["dir/a.md", "a\\b", "C:x", "x" * 300, "é/ü.md", "a/b/../../c", "a/b.md/", " a.md"]
entry_paths = st.one_of(st.sampled_from(PATHS), small_text)
digests = st.one_of(st.just("a" * 64), st.text("0123456789abcdefABCDEF", max_size=66))


@st.composite
def pack_index_file(draw: st.DrawFn) -> bytes:
    files = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "path": st.one_of(entry_paths, values),
                    "size": st.one_of(st.integers(-5, 2**64), values),
                    "sha256": digests,
                }
            ),
            max_size=8,
        )
    )
    index: dict[str, Any] = {
        "format": draw(st.one_of(st.just(1), values)),
        "name": draw(st.one_of(st.just("Pack"), values)),
        "version": draw(st.one_of(st.just("1"), values)),
        "created": draw(st.one_of(st.just("2030-01-01T00:00:00Z"), values)),
        "files": draw(st.one_of(st.just(files), values)),
    }
    return json.dumps(index, default=str).encode("utf-8", "surrogatepass")


statement_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(2**80), 2**80), st.floats(), small_text),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(small_text, inner, max_size=3)
    ),
    max_leaves=6,
)
RETRY_AFTER = ["", "120", "-1", "99999999999999999999", "Wed, 21 Oct 2015 07:28:00 GMT"]
RETRY_AFTER += ["Wed, 21 Oct 2099 07:28:00", "soon", "1e9", "NaN", "0x10", "１２"]
STATEMENT_PARTS = ["id", "verb", "object", "actor", "timestamp", "stored", "context", "result"]


@st.composite
def lrs_answer(draw: st.DrawFn) -> bytes:
    status = draw(st.integers(0, 255))
    retry = draw(st.one_of(st.sampled_from(RETRY_AFTER), small_text))
    statements = draw(
        st.lists(
            st.dictionaries(
                st.sampled_from(STATEMENT_PARTS),
                st.one_of(
                    statement_values,
                    st.fixed_dictionaries(
                        {
                            "contextActivities": st.fixed_dictionaries(
                                {"parent": statement_values}
                            ),
                            "score": st.fixed_dictionaries({"scaled": statement_values}),
                            "id": statement_values,
                            "account": st.dictionaries(
                                st.sampled_from(["homePage", "name"]), statement_values
                            ),
                        }
                    ),
                ),
            ),
            max_size=5,
        )
    )
    more = st.sampled_from(
        ["", "/xAPI/statements?page=2", "//evil.example/x", "http://evil.example/more",
         "http://lrs.invalid:99999/x", "https://lrs.invalid/xAPI/statements", "?page=3"]
    )  # fmt: skip
    body: Any = {"statements": statements, "more": draw(st.one_of(more, statement_values))}
    if draw(st.integers(0, 3)) == 0:
        body = draw(statement_values)
    raw = json.dumps(body, default=str).encode()
    if draw(st.integers(0, 5)) == 0:
        raw = draw(st.binary(max_size=200))
    retry = retry.replace("\n", " ")
    head = f"Retry-After: {retry}\nContent-Type: application/json\n".encode("utf-8", "replace")
    return bytes([status]) + head + b"\n" + raw


QUERY_BITS = ['"', "*", "NEAR(", "AND", "OR", "NOT", "^", ":", "-", "(", ")", "title:", "a*b"]
QUERY_BITS += ["freez", "pivto", "shortcut", "ctrl+c", "é", "ß", "İ", "ﬁ", "x" * 200, "😀"]


def repeated(inputs: st.SearchStrategy[bytes]) -> st.SearchStrategy[bytes]:
    """Sometimes repeat an input to 8-64 KB: quadratic behaviour only shows on size."""

    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        data = draw(inputs)
        if data and draw(st.integers(0, 15)) == 0:
            target = draw(st.sampled_from([8192, 32768, 65536]))
            data = (data * (target // len(data) + 1))[:target]
        return data

    return build()


STRATEGIES: dict[str, st.SearchStrategy[bytes]] = {
    "front-matter": repeated(st.one_of(card_file(), st.binary(max_size=300))),
    "markdown": repeated(markdown_text().map(lambda s: s.encode("utf-8", "surrogatepass"))),
    "rules": repeated(st.one_of(rules_file(), st.binary(max_size=200))),
    "settings": repeated(st.one_of(settings_file(), st.binary(max_size=200))),
    "pack-index": repeated(st.one_of(pack_index_file(), st.binary(max_size=200))),
    "xapi": st.one_of(lrs_answer(), st.binary(max_size=300)),
    "search": repeated(
        st.one_of(
            st.lists(st.one_of(words, small_text, st.sampled_from(QUERY_BITS)), max_size=8).map(
                lambda parts: " ".join(parts).encode("utf-8", "surrogatepass")
            ),
            st.binary(max_size=100),
        )
    ),
}
