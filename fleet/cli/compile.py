"""``fleet compile``: validate, then write osquery configuration per target."""

from __future__ import annotations

from pathlib import Path

import typer

from fleet.cli.common import DEBUG, INVENTORY, SCHEMA, FindingFormat, set_debug
from fleet.cli.validate import load_and_validate, print_findings, summary
from fleet.compile.output import build_files, unwritable
from fleet.console import print_error
from fleet.errors import ExitCode
from fleet.findings import Severity, has_errors, sort_findings
from fleet.outdir import check_outputs, write_tree
from fleet.validate.run import Report

OUT = typer.Option(
    None,
    "--out",
    "-o",
    help="Output directory (replaced whole; its parent must exist); "
    "default: <inventory>/build.",
)
STRICT = typer.Option(False, "--strict", help="Warnings fail the run too.")
# Findings --allow-errors never writes past, besides the settings the flag file
# cannot carry (fleet.compile.rawtext): text holding control characters is either
# left out of the artifacts or would reach them raw, and either way the files
# would not say what the inventory says.
NEVER_ALLOWED = frozenset({"control-character"})


def writable_or_none(
    inventory_dir: Path,
    schema_option: str | None,
    strict: bool = False,
    allow_errors: bool = False,
) -> Report | None:
    """The gate before compile or build writes anything: validate, print what was
    found, and return the report, or None (after saying nothing was written).

    Errors (and warnings, with ``strict``) stop the run unless ``allow_errors``;
    control characters, which would change what a written file says, stop it
    always.
    """
    report = load_and_validate(inventory_dir, schema_option)
    refused = unwritable(report.compiled)
    findings = sort_findings([*report.findings, *refused])
    print_findings(
        [
            f
            for f in findings
            if f.severity is not Severity.INFO or f.code == "schema-missing"
        ],
        FindingFormat.text,
    )
    counts = summary(findings)
    if not has_errors(findings, strict):
        print_error(counts)
        return report
    if allow_errors and (refused or any(f.code in NEVER_ALLOWED for f in findings)):
        print_error(
            f"{counts}; nothing was written: --allow-errors never writes a value "
            "that would change what the files say"
        )
        return None
    if allow_errors:
        print_error(f"{counts}; writing anyway (--allow-errors)")
        return report
    print_error(f"{counts}; nothing was written")
    return None


def compile_(
    inventory: Path = INVENTORY,
    out: Path | None = OUT,
    schema: str | None = SCHEMA,
    strict: bool = STRICT,
    allow_errors: bool = typer.Option(
        False,
        "--allow-errors",
        help="Write the output even when validation finds errors (for migrating "
        "imported packs); the errors are still printed. Never writes a value that "
        "would change what the flag file says.",
    ),
    debug: bool = DEBUG,
) -> int:
    """Compile osquery.conf, flag files and packs per target into --out."""
    set_debug(debug)
    report = writable_or_none(inventory, schema, strict, allow_errors)
    if report is None:
        return int(ExitCode.PROBLEMS)
    target = out or report.inventory.root / "build"
    root = report.inventory.root
    check_outputs({"--out": target}, keep=root, kinds={"--out": "compile"})
    files = build_files(report.inventory, report.compiled)
    write_tree(target, files, keep=root, kind="compile")
    print_error(
        f"compiled {len(report.compiled)} target(s), {len(files)} file(s) into {target}"
    )
    return int(ExitCode.OK)
