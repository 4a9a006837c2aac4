"""``fleet render chef|puppet``: the cookbook or module for the targets using it."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from fleet.cli.common import DEBUG, INVENTORY, SCHEMA, FindingFormat, set_debug
from fleet.cli.validate import load_and_validate, print_findings, summary
from fleet.console import print_error
from fleet.errors import ExitCode
from fleet.findings import Severity, has_errors
from fleet.outdir import write_tree
from fleet.render.run import render_tool

TEMPLATES = typer.Option(
    None, "--templates", help="Directory with your own chef/ and puppet/ templates."
)


class Tool(StrEnum):
    chef = "chef"
    puppet = "puppet"


def render(
    tool: Tool = typer.Argument(..., help="chef (laptops) or puppet (servers)."),
    inventory: Path = INVENTORY,
    out: Path | None = typer.Option(
        None,
        "--out",
        "-o",
        help="Output directory (replaced whole); default: ./<tool>.",
    ),
    templates: Path | None = TEMPLATES,
    schema: str | None = SCHEMA,
    debug: bool = DEBUG,
) -> int:
    """Render the Chef cookbook or Puppet module of every target deployed with it."""
    set_debug(debug)
    report = load_and_validate(inventory, schema)
    print_findings(
        [f for f in report.findings if f.severity is not Severity.INFO],
        FindingFormat.text,
    )
    if has_errors(report.findings):
        print_error(f"{summary(report.findings)}; nothing was written")
        return int(ExitCode.PROBLEMS)
    files = render_tool(report.inventory, report.compiled, tool.value, templates)
    target = out or Path(tool.value)
    write_tree(target, files)
    print_error(f"rendered {len(files)} file(s) into {target}")
    return int(ExitCode.OK)
