"""What every command shares: options, loading, the error boundary."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from fleet.console import print_error, setup_logging
from fleet.errors import ExitCode, FleetError

DEBUG_ENV = "FLEET_DEBUG"


class FindingFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


INVENTORY = typer.Option(
    Path("."),
    "--inventory",
    "-i",
    help="Inventory directory (holding fleet.yml).",
    show_default=True,
)
SCHEMA = typer.Option(
    None,
    "--schema",
    help="osquery schema: a JSON file in osquery's published format, "
    "or a version fetched earlier with 'fleet schema fetch'.",
)
DEBUG = typer.Option(False, "--debug", help="Show tracebacks for internal errors.")


def set_debug(debug: bool) -> None:
    if debug:
        os.environ[DEBUG_ENV] = "1"
    setup_logging(debug)


def guarded(command: Callable[..., int]) -> Callable[..., None]:
    """Wrap a command: its int result becomes the exit code, and a FleetError or an
    unexpected exception becomes one message on stderr, never a traceback (unless
    --debug). Usage errors stay with typer, which exits 2 as click does."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            code = command(*args, **kwargs)
        except FleetError as exc:
            print_error(f"fleet: error: {exc}")
            code = int(exc.exit_code)
        except KeyboardInterrupt:
            print_error("fleet: interrupted")
            code = int(ExitCode.INCOMPLETE)
        except Exception as exc:  # the last boundary: no traceback, no locals
            if os.environ.get(DEBUG_ENV):
                raise
            print_error(
                f"fleet: internal error: {type(exc).__name__}: {exc} "
                "(run with --debug for the traceback)"
            )
            code = int(ExitCode.INCOMPLETE)
        sys.stdout.flush()
        raise typer.Exit(code)

    return run
