"""``fleet validate``: check the inventory and print findings."""

from __future__ import annotations

from pathlib import Path

import typer

from fleet.cli.common import DEBUG, INVENTORY, SCHEMA, FindingFormat, set_debug
from fleet.console import print_error, print_result
from fleet.errors import ExitCode
from fleet.findings import Finding, Severity, has_errors, to_github, to_json
from fleet.load.inventory import load_inventory
from fleet.load.yamlparse import gc_paused
from fleet.schema import resolve_schema
from fleet.validate.run import Report, validate_inventory


def load_and_validate(inventory_dir: Path, schema_option: str | None) -> Report:
    # The model is acyclic; pausing the cyclic collector while it is built and
    # checked keeps large inventories linear (see fleet.load.yamldoc.gc_paused).
    with gc_paused():
        inventory = load_inventory(inventory_dir)
        schema = resolve_schema(schema_option, inventory)
        return validate_inventory(inventory, schema)


def print_findings(findings: list[Finding], fmt: FindingFormat) -> None:
    if fmt is FindingFormat.json:
        print_result(to_json(findings))
        return
    if fmt is FindingFormat.github:
        if findings:
            print_result(to_github(findings))
        return
    for finding in findings:
        print_result(finding.as_text())


def summary(findings: list[Finding]) -> str:
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    return (
        f"{counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} warning(s), "
        f"{counts[Severity.INFO]} info"
    )


def validate(
    inventory: Path = INVENTORY,
    schema: str | None = SCHEMA,
    format: FindingFormat = typer.Option(
        FindingFormat.text, "--format", "-f", help="Output format."
    ),
    strict: bool = typer.Option(False, "--strict", help="Warnings fail the run too."),
    debug: bool = DEBUG,
) -> int:
    """Check the inventory: YAML, fields, names, platforms, SQL against the schema."""
    set_debug(debug)
    report = load_and_validate(inventory, schema)
    print_findings(report.findings, format)
    if format is FindingFormat.text:
        print_error(summary(report.findings))
    failed = has_errors(report.findings, strict)
    return int(ExitCode.PROBLEMS if failed else ExitCode.OK)
