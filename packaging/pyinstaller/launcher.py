"""Entry point of the frozen Cuecard: the same `main` as the `cuecard` command."""

import sys

from cuecard.cli import main

if __name__ == "__main__":
    sys.exit(main())
