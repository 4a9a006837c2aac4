"""``fleet compile``: validate, then write osquery configuration per target."""

from __future__ import annotations

from pathlib import Path

import typer

from fleet.cli.common import DEBUG, INVENTORY, SCHEMA, set_debug
from fleet.cli.validate import validated_or_none
from fleet.compile.output import write_build
from fleet.console import print_error
from fleet.errors import ExitCode

OUT = typer.Option(
    None,
    "--out",
    "-o",
    help="Output directory (replaced whole); default: <inventory>/build.",
)


def compile_(
    inventory: Path = INVENTORY,
    out: Path | None = OUT,
    schema: str | None = SCHEMA,
    strict: bool = typer.Option(False, "--strict", help="Warnings stop the run too."),
    allow_errors: bool = typer.Option(
        False,
        "--allow-errors",
        help="Write the output even when validation finds errors (for migrating "
        "imported packs); the errors are still printed.",
    ),
    debug: bool = DEBUG,
) -> int:
    """Compile osquery.conf, flag files and packs per target into --out."""
    set_debug(debug)
    report = validated_or_none(inventory, schema, strict, allow_errors)
    if report is None:
        return int(ExitCode.PROBLEMS)
    target = out or report.inventory.root / "build"
    written = write_build(report.inventory, target, report.compiled)
    print_error(f"compiled {written} into {target}")
    return int(ExitCode.OK)
