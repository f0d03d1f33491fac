"""The command names a card's code runs: what other cards' rankings learn from.

A card that shows `journalctl -f | grep ssh` in its code tells that `journalctl` and
`grep` are commands people run. How many cards run a name (other than the card about
it) is how well known the tool is; search ranks a well-known tool above an obscure one
with the same words (see cuecard.search.rank.cited). Read from inline code spans and
fenced code blocks only, never from prose, so an English title ('make', 'last') is not
counted each time a card uses the word. Linear in the body's size.
"""

from __future__ import annotations

import re

MAX_COMMANDS = 64  # distinct names kept per card (a long script says no more than that)
SHELLS = frozenset(
    ("", "sh", "bash", "zsh", "fish", "ksh", "shell", "console", "shell-session", "terminal")
)
MAX_NAME = 40  # characters; longer runs are not command names
# An inline code span on one line: `...` (a run of backticks of any length opens it).
_SPAN = re.compile(r"(`+)([^`\n]+?)\1(?!`)")
# Where a command starts in a shell line: the line's start, after a pipe, `;`, `&&`,
# `||` or `$(`; after a word that runs the next one (`sudo`, `xargs`, ...), that one.
_COMMAND = re.compile(
    r"(?:^|[|;&(]|\$\()[ \t]*(?:(?:sudo|doas|exec|time|nohup|env|xargs|watch)[ \t]+)?"
    r"([A-Za-z][A-Za-z0-9._+-]*)",
    re.MULTILINE,
)
# An opening or closing fence and the language named after it: ```sh, ~~~~text.
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*([^`\s]*)")
_PROMPT = re.compile(r"^[ \t]*[$#>%][ \t]+", re.MULTILINE)


def command_name(title: str) -> str:
    """The command a card's title names: its first word, lower case ('git' of 'git log')."""
    return title.strip().split(" ", 1)[0].lower()


def code_commands(body: str, own_name: str = "") -> tuple[str, ...]:
    """Distinct lower-case command names the body's code runs, in order of first use;
    `own_name` (the command_name of the card's title) is left out: a card running
    its own tool says nothing about how well known it is."""
    if "`" not in body and "~~~" not in body:
        return ()
    # One pass of each pattern over all the code, one line per span or block line.
    code = _PROMPT.sub("", "\n".join(_code_lines(body)))
    found: dict[str, None] = {}
    for name in _COMMAND.findall(code):
        name = name.lower().rstrip(".")
        if len(name) <= MAX_NAME and name != own_name:
            found.setdefault(name, None)
            if len(found) >= MAX_COMMANDS:
                break
    return tuple(found)


def _code_lines(body: str) -> list[str]:
    """The text of inline code spans and the lines of fenced code blocks of a shell (no
    language given, or one of SHELLS): a `text` or `python` block runs no commands."""
    if "```" not in body and "~~~" not in body:
        return [span.group(2) for span in _SPAN.finditer(body)]
    lines: list[str] = []
    fence: str | None = None
    shell = False
    for line in body.split("\n"):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)
            shell = match.group(2).strip("{}.").lower() in SHELLS
        elif fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            elif shell:
                lines.append(line)
        elif "`" in line:
            lines.extend(span.group(2) for span in _SPAN.finditer(line))
    return lines
