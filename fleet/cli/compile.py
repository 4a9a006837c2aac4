"""``fleet compile``: validate, then write osquery configuration per target."""

from __future__ import annotations

from pathlib import Path

import typer

from fleet.cli.common import DEBUG, INVENTORY, SCHEMA, FindingFormat, set_debug
from fleet.cli.validate import load_and_validate, print_findings, summary
from fleet.compile.output import write_build
from fleet.console import print_error
from fleet.errors import ExitCode
from fleet.findings import Severity, has_errors

OUT = typer.Option(
    Path("build"), "--out", "-o", help="Output directory (replaced whole)."
)


def compile_(
    inventory: Path = INVENTORY,
    out: Path = OUT,
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
    report = load_and_validate(inventory, schema)
    shown = [f for f in report.findings if f.severity is not Severity.INFO]
    print_findings(shown, FindingFormat.text)
    if has_errors(report.findings, strict) and not allow_errors:
        print_error(f"{summary(report.findings)}; nothing was written")
        return int(ExitCode.PROBLEMS)
    if has_errors(report.findings, strict):
        print_error(f"{summary(report.findings)}; writing anyway (--allow-errors)")
    written = write_build(report.inventory, out, report.compiled)
    print_error(f"compiled {written} into {out}")
    return int(ExitCode.OK)
