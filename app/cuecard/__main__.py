"""`python -m cuecard` runs the `cuecard` command."""

import sys

from cuecard.cli import main

if __name__ == "__main__":  # a spawned worker process re-imports this module
    sys.exit(main())
