"""`python -m cuecard.deploy WHAT [OUT]`: write a generated file for administrators.

WHAT is one of site-yaml, admx, adml, mobileconfig, or docs (rewrites the settings
table inside the given markdown file in place). Without OUT the text goes to stdout.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from cuecard.deploy.admx import adml, admx
from cuecard.deploy.docs_table import replace_table
from cuecard.deploy.profile import example_profile
from cuecard.deploy.site_file import site_settings_template

GENERATORS: dict[str, Callable[[], str]] = {
    "site-yaml": site_settings_template,
    "admx": admx,
    "adml": adml,
    "mobileconfig": example_profile,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cuecard.deploy", description=__doc__)
    parser.add_argument("what", choices=[*GENERATORS, "docs"])
    parser.add_argument("out", nargs="?", type=Path)
    args = parser.parse_args(argv)
    if args.what == "docs":
        if args.out is None:
            parser.error("docs needs the markdown file to update")
        args.out.write_text(replace_table(args.out.read_text(encoding="utf-8")), encoding="utf-8")
        return 0
    text = GENERATORS[args.what]()
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
