"""``fleet render chef|puppet``: the cookbook or module for the targets using it."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from fleet.cli.common import DEBUG, INVENTORY, SCHEMA, set_debug
from fleet.cli.compile import writable_or_none
from fleet.console import print_error
from fleet.errors import ExitCode
from fleet.outdir import check_outputs, write_tree
from fleet.render.run import render_tool

TEMPLATES = typer.Option(
    None,
    "--templates",
    help="Directory whose chef/ and puppet/ templates (*.j2) replace or add to "
    "fleet's, file by file; every other file comes from fleet's own.",
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
        help="Output directory (replaced whole); default: <inventory>/<tool>.",
    ),
    templates: Path | None = TEMPLATES,
    schema: str | None = SCHEMA,
    debug: bool = DEBUG,
) -> int:
    """Render the Chef cookbook or Puppet module of every target deployed with it."""
    set_debug(debug)
    report = writable_or_none(inventory, schema, strict=False, allow_errors=False)
    if report is None:
        return int(ExitCode.PROBLEMS)
    target = out or report.inventory.root / tool.value
    check_outputs(
        {"--out": target}, keep=report.inventory.root, kinds={"--out": tool.value}
    )
    files = render_tool(report.inventory, report.compiled, tool.value, templates)
    write_tree(target, files, keep=report.inventory.root, kind=tool.value)
    print_error(f"rendered {len(files)} file(s) into {target}")
    return int(ExitCode.OK)
