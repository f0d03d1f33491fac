"""`python -m cuecard` runs the `cuecard` command."""

import sys

from cuecard.cli import main

sys.exit(main())
