"""``fleet diff``: what a change to the inventory changes, target by target."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from fleet.cli.common import DEBUG, INVENTORY, set_debug
from fleet.console import print_error, print_result
from fleet.diff import FORMATS, SideNotLoaded, diff_inventory
from fleet.errors import ExitCode


class DiffFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


def diff(
    rev1: str | None = typer.Argument(
        None,
        metavar="REV1",
        help="Base revision; default: the merge base of HEAD with main.",
    ),
    rev2: str | None = typer.Argument(
        None, metavar="REV2", help="Revision to compare; default: the working tree."
    ),
    inventory: Path = INVENTORY,
    format: DiffFormat = typer.Option(
        DiffFormat.text, "--format", "-f", help="text, json or markdown (a PR comment)."
    ),
    debug: bool = DEBUG,
) -> int:
    """Show what changes per target between two revisions of the inventory.

    Exits 0 whether or not anything changes; 2 for a revision git does not know;
    3 when the diff cannot be made (no default base, not in git, a side that does
    not load).
    """
    set_debug(debug)
    try:
        report = diff_inventory(inventory, rev1, rev2)
    except SideNotLoaded as exc:
        for finding in exc.findings:
            print_error(finding.as_text())
        raise
    print_result(FORMATS[format.value](report).rstrip("\n"))
    return int(ExitCode.OK)
