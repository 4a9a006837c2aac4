"""The one place rich is imported: consoles for results and diagnostics, one logger.

Results go to stdout; diagnostics, progress and messages go to stderr.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TextIO

from rich.console import Console
from rich.logging import RichHandler
from rich.text import Text

from fleet.printable import printable

out = Console(highlight=False, soft_wrap=True, emoji=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
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
    """Plain text to stdout as given (no markup, no wrapping), control characters
    escaped (fleet.printable)."""
    out.print(printable(text), markup=False, highlight=False, soft_wrap=True)


def print_error(text: str) -> None:
    err.print(printable(text), markup=False, highlight=False, soft_wrap=True)


@dataclass(frozen=True, slots=True)
class TableBlock:
    """A table to print: a title, column headings and rows of plain text."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def print_blocks(
    blocks: Sequence[str | TableBlock], file: TextIO | None = None, width: int = 120
) -> None:
    """Lines and tables to stdout (styled when a terminal) or, plain, to ``file``."""
    from rich.table import Table

    console = (
        out
        if file is None
        else Console(
            file=file,
            width=width,
            no_color=True,
            color_system=None,
            highlight=False,
            emoji=False,
        )
    )
    for block in blocks:
        if isinstance(block, str):
            console.print(
                printable(block), markup=False, highlight=False, soft_wrap=True
            )
            continue
        table = Table(
            title=Text(printable(block.title)), title_justify="left", expand=False
        )
        for column in block.columns:
            table.add_column(Text(printable(column)), overflow="fold")
        for row in block.rows:
            table.add_row(*(Text(printable(cell)) for cell in row))
        console.print(table)


@contextmanager
def progress(total: int, description: str) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr while work over many items runs, when stderr is a
    terminal (and not CI); yields the function that advances it by one."""
    if not progress_enabled() or total < 2:
        yield lambda: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=total)
        yield lambda: bar.advance(task)
