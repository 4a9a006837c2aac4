"""The console script: imports the CLI inside the interrupt guard, so a Ctrl-C
while Python is still loading fleet ends with one line, not a traceback."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from fleet.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("fleet: interrupted\n")
        sys.exit(3)
    run()
