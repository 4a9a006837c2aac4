"""``fleet drift``: read what is deployed on hosts and report what differs."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from fleet.cli.common import DEBUG, INVENTORY, SCHEMA, set_debug
from fleet.cli.validate import load_and_validate
from fleet.compile.output import files_read
from fleet.console import out as stdout
from fleet.console import print_blocks, print_error, print_result
from fleet.drift.desired import desired_targets
from fleet.drift.hosts import ansible_hosts, argv_hosts, load_hosts_file, unique_names
from fleet.drift.read import reader_for
from fleet.drift.read.results import MAX_DEPTH, read_results
from fleet.drift.report import FORMATS, DriftReport, build_meta
from fleet.drift.report.output import check_output, write_report
from fleet.drift.report.text import blocks
from fleet.drift.run import DriftOptions, run_drift
from fleet.errors import ExitCode, UsageError
from fleet.findings import Severity
from fleet.gitrepo import stamp


class DriftFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    junit = "junit"


def drift(
    addresses: list[str] | None = typer.Argument(
        None,
        help="Hosts to read: a directory, or local://, ssh://, paramiko://, "
        "ansible://, docker://, kubectl:// (add ?root=PREFIX for a chroot or image).",
        show_default=False,
    ),
    inventory: Path = INVENTORY,
    hosts: Path | None = typer.Option(
        None, "--hosts", help="Hosts file: YAML, target name to a list of hosts."
    ),
    ansible_inventory: Path | None = typer.Option(
        None,
        "--ansible-inventory",
        help="Ansible inventory; groups named like targets are read over ansible://.",
    ),
    results: list[Path] = typer.Option(
        [],
        "--results",
        help="osquery results export (JSON lines), streamed; repeatable.",
    ),
    target: str | None = typer.Option(
        None, "--target", help="Only this target; also the target of ADDRESSes."
    ),
    format: DriftFormat = typer.Option(
        DriftFormat.text,
        "--format",
        "-f",
        metavar="FORMAT",
        help="text | json | markdown | junit. "
        "text: a table per host, for people (whole lines when piped). "
        "json: schema fleet-drift/1, for pipelines. markdown: an audit record with "
        "the inventory commit and digests. junit: JUnit XML, a testcase per host, "
        "for CI.",
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="Write the report to this file instead of stdout, whole or not at all; "
        "its directory must exist, outside the inventory. An existing file is "
        "replaced only if it is empty or a fleet drift report.",
    ),
    jobs: int = typer.Option(8, "--jobs", "-j", min=1, help="Hosts read at once."),
    timeout: float = typer.Option(
        60.0, "--timeout", min=1, help="Seconds allowed to read one host."
    ),
    schema: str | None = SCHEMA,
    debug: bool = DEBUG,
) -> int:
    """Report, host by host, what differs from the inventory.

    Exit 0 when every host is in sync, 1 on drift, 3 when a host could not be read.
    """
    set_debug(debug)
    report = load_and_validate(inventory, schema)
    errors = [f for f in report.findings if f.severity is Severity.ERROR]
    if errors:
        for finding in errors:
            print_error(finding.as_text())
        print_error("fleet: error: the inventory has errors; drift needs a valid one")
        return int(ExitCode.INCOMPLETE)
    compiled = report.compiled
    if output is not None:
        check_output(output, report.inventory.root)  # before any host is read
    if target is not None and target not in compiled:
        raise UsageError(f"no target '{target}'", "targets: " + ", ".join(compiled))

    names = set(compiled)
    chosen = argv_hosts(list(addresses or []), target, names)
    if hosts is not None:
        chosen += load_hosts_file(hosts, names)
    if ansible_inventory is not None:
        chosen += ansible_hosts(ansible_inventory, names)
    if not chosen and not results:
        raise UsageError(
            "no hosts to read",
            "give ADDRESS, --hosts, --ansible-inventory or --results",
        )
    for host in chosen:
        if host.address:
            reader_for(host.address)  # an unknown scheme is a usage error, up front
    export = read_results(results) if results else None
    for finding in export.findings if export else []:
        print_error(finding.as_text())
    if export is not None and export.skipped:
        print_error(
            f"skipped {export.skipped} of {export.lines} line(s) in the results "
            f"export: not JSON (or nested more than {MAX_DEPTH} levels deep), or not "
            "from an osquery_* table drift reads"
        )

    options = DriftOptions(jobs=jobs, timeout=timeout, target=target)
    run = run_drift(
        desired_targets(report.inventory, compiled),
        unique_names(chosen),
        export,
        options,
    )
    meta = build_meta(
        report.inventory,
        compiled,
        stamp(report.inventory.root, read=files_read(report.inventory)),
    )
    drift_report = DriftReport(meta, run.results, run.notes)

    if output is not None:
        text = FORMATS[format.value].render(drift_report)
        write_report(output, text, report.inventory.root)
    elif format is DriftFormat.text and stdout.is_terminal:
        print_blocks(blocks(drift_report))  # folded to the terminal's width
    else:  # pipes and CI logs get every finding whole, however long
        print_result(FORMATS[format.value].render(drift_report).rstrip("\n"))
    if output is not None or format is not DriftFormat.text:
        # the text report ends with these totals; other forms get them on stderr
        t = drift_report.totals
        print_error(
            f"{t['hosts']} host(s): {t['in_sync']} in sync, {t['drift']} with "
            f"drift, {t['error']} unreadable"
        )
    return drift_report.exit_code
