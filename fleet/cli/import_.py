"""``fleet import``: turn existing osquery, Fleet and defense-kit files into packs."""

from __future__ import annotations

from pathlib import Path

import typer

from fleet.cli.common import DEBUG, FindingFormat, set_debug
from fleet.cli.validate import print_findings, summary
from fleet.console import print_error
from fleet.errors import ExitCode, UsageError
from fleet.findings import sort_findings
from fleet.importers import import_sources, save
from fleet.importers.detect import source_holding
from fleet.importers.model import ImportResult
from fleet.importers.output import Saved
from fleet.osquery.names import SAFE_NAME
from fleet.outdir import check_parent


def import_(
    sources: list[Path] = typer.Argument(
        ..., metavar="SOURCE", help="Files or directories to import (walked in order)."
    ),
    out: Path = typer.Option(
        ..., "--out", "-o", help="Inventory directory to create, or to add packs to."
    ),
    group: str | None = typer.Option(
        None,
        "--group",
        help="Put every pack in this group (default: its source folder).",
    ),
    format: FindingFormat = typer.Option(
        FindingFormat.text, "--format", "-f", help="Output format for findings."
    ),
    debug: bool = DEBUG,
) -> int:
    """Import osquery configs and packs, flag files, Fleet YAML and defense-kit SQL."""
    set_debug(debug)
    if group is not None and not SAFE_NAME.fullmatch(group):
        raise UsageError(
            f"--group '{group}' is not a usable name",
            "use letters, digits, '_' and '-', starting with a letter or digit",
        )
    check_parent(out)
    result = import_sources(sources, group, skip=out)
    saved = save(result, out) if result.packs or result.settings else None
    findings = sort_findings(result.findings + (saved.findings if saved else []))
    print_findings(findings, format)
    holder = source_holding(sources, out)
    print_error(
        _summary(result, out, saved is not None and bool(saved.files))
        + _selected(result, saved)
        + (
            f"; {out} lies inside source {holder}: what it holds was not read"
            if holder is not None
            else ""
        )
        + f"; {summary(findings)}"
    )
    if result.unreadable:
        return int(ExitCode.INCOMPLETE)
    if saved is None or not saved.files or result.failed:
        return int(ExitCode.PROBLEMS)
    return int(ExitCode.OK)


def _summary(result: ImportResult, out: Path, written: bool) -> str:
    queries = sum(len(p.queries) for p in result.packs)
    if not result.packs and not result.settings:
        text = "nothing to import: no packs or settings were found; nothing was written"
    elif not written:
        text = f"nothing was written: the import conflicts with what {out} holds"
    else:
        settings = " and target settings" if result.settings else ""
        text = (
            f"imported {len(result.packs)} pack(s) with {queries} query(ies)"
            f"{settings} from {len(result.imported)} of {len(result.files)} file(s) "
            f"into {out}"
        )
    if result.failed:
        text += (
            f"; {len(result.failed)} file(s) had errors and were not imported "
            f"({', '.join(result.failed)})"
        )
        if written:
            text += ", the others were"
    if result.unreadable:
        text += f"; {len(result.unreadable)} file(s) could not be read"
    return text


def _selected(result: ImportResult, saved: Saved | None) -> str:
    """What the packs added to an existing inventory do to its targets."""
    if saved is None or not saved.files or not result.packs:
        return ""
    if "fleet.yml" in saved.files:
        return ""  # a new inventory: its one target is the imported one
    if not saved.reached:
        return "; no target in fleet.yml selects the imported packs"
    targets = ", ".join(
        f"{r.target} {r.before} -> {r.total} query(ies)" for r in saved.reached
    )
    return (
        f"; existing target(s) now selecting imported packs: {targets} "
        "(see import-selected to keep them out)"
    )
