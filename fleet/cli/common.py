"""What every command shares: options, loading, the error boundary."""

from __future__ import annotations

import functools
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP: stop as Ctrl-C does, so every clean-up runs."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated(signal.Signals(signum).name)


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM and SIGHUP raise Terminated while a command runs (signal handlers
    can only be set from the main thread; elsewhere this does nothing)."""
    names = [n for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)]
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {n: signal.signal(getattr(signal, n), _terminate) for n in names}
    try:
        yield
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler or signal.SIG_DFL)


def guarded(command: Callable[..., int]) -> Callable[..., None]:
    """Wrap a command: its int result becomes the exit code, and a FleetError, an
    OS error or an unexpected exception becomes one message on stderr, never a
    traceback (unless --debug). Ctrl-C, SIGTERM and SIGHUP stop it with every
    clean-up run (exit 3). Usage errors stay with typer, which exits 2 as click
    does."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            with _terminate_as_interrupt():
                code = command(*args, **kwargs)
        except FleetError as exc:
            print_error(f"fleet: error: {exc}")
            code = int(exc.exit_code)
        except Terminated as exc:
            print_error(f"fleet: terminated ({exc})")
            code = int(ExitCode.INCOMPLETE)
        except KeyboardInterrupt:
            print_error("fleet: interrupted")
            code = int(ExitCode.INCOMPLETE)
        except OSError as exc:  # one that no step turned into a FleetError
            if os.environ.get(DEBUG_ENV):
                raise
            where = f"{exc.filename}: " if exc.filename else ""
            print_error(f"fleet: error: {where}{exc.strerror or exc}")
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
