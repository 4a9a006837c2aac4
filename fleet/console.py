"""The one place rich is imported: consoles for results and diagnostics, one logger.

Results go to stdout; diagnostics, progress and messages go to stderr.
"""

from __future__ import annotations

import logging
import os

from rich.console import Console
from rich.logging import RichHandler

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
log = logging.getLogger("fleet")


def setup_logging(debug: bool = False) -> None:
    if log.handlers:
        log.setLevel(logging.DEBUG if debug else logging.INFO)
        return
    handler = RichHandler(console=err, show_time=False, show_path=False, markup=False)
    log.addHandler(handler)
    log.setLevel(logging.DEBUG if debug else logging.INFO)
    log.propagate = False


def progress_enabled() -> bool:
    return err.is_terminal and not os.environ.get("CI")


def print_result(text: str) -> None:
    """Plain text to stdout, exactly as given (no markup, no wrapping)."""
    out.print(text, markup=False, highlight=False, soft_wrap=True)


def print_error(text: str) -> None:
    err.print(text, markup=False, highlight=False, soft_wrap=True)
