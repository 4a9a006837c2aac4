"""Markdown for auditors: what was checked against what was approved, host by host.

A header (tool version, UTC time, inventory version, commit and dirty flag, the
inventory digest and each target's config_hash and file digests), a summary table,
one section per host with its findings, then the totals.

Everything a host or the inventory supplies (names, addresses, objects, values,
messages, hints, errors) is shown as text, never as markup: escaped with the
shared Markdown escaping (``fleet.markdown``), which also keeps it in its cell.
"""

from __future__ import annotations

from fleet.drift.desired import show
from fleet.drift.model import DriftFinding, HostResult
from fleet.drift.report.model import (
    DriftReport,
    commit_text,
    read_from,
    shown,
    status_label,
)
from fleet.markdown import markdown_code, markdown_text

TITLE = "# osquery drift report"


def cell(text: object) -> str:
    """Text as text, in a table cell or a line; a non-string value as JSON."""
    return markdown_text(text if isinstance(text, str) else show(text))


def code(text: object) -> str:
    """Text as a code span (or escaped text when it cannot be one)."""
    return markdown_code(text if isinstance(text, str) else show(text))


def _header(report: DriftReport) -> list[str]:
    meta = report.meta
    lines = [
        TITLE,
        "",
        "| | |",
        "| --- | --- |",
        f"| tool | fleet {meta.tool_version} |",
        f"| generated (UTC) | {meta.generated_at} |",
        f"| inventory version | {cell(meta.inventory_version)} |",
        f"| inventory commit | {commit_text(meta)} |",  # a git hash and fleet's words
        f"| inventory digest | {code(meta.digest)} |",
        f"| osquery_version | {cell(meta.osquery_version or 'not set')} |",
        "",
        "## Approved configuration",
        "",
        "| target | config_hash | file | sha256 |",
        "| --- | --- | --- | --- |",
    ]
    for name, target in meta.targets.items():
        for path, digest in target.files.items():
            lines.append(
                f"| {cell(name)} | {code(target.config_hash)} | {cell(path)} | "
                f"{code(digest)} |"
            )
    return lines


def _summary(report: DriftReport) -> list[str]:
    lines = [
        "",
        "## Hosts",
        "",
        "| host | target | platform | source | status | drift findings | notes |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in report.results:
        lines.append(
            f"| {cell(r.host.name)} | {cell(r.host.target)} | {cell(r.platform)} | "
            f"{cell(r.source)} | {status_label(r)} | {r.drift_count} | {r.note_count} |"
        )
    return lines


def _finding_row(f: DriftFinding) -> str:
    """One finding; values as JSON, so "true " keeps its space and 10 is not "10"."""
    where = cell(f.file) + (f" {code(f.pointer)}" if f.pointer else "")
    desired = "" if f.desired is None else code(show(f.desired))
    deployed = "" if f.deployed is None else code(show(f.deployed))
    message = f.message + (f" ({f.hint})" if f.hint else "")
    return (
        f"| {f.severity.value} | {code(f.code)} | {cell(f.subject)} | {where} | "
        f"{desired} | {deployed} | {cell(message)} |"
    )


def _host(report: DriftReport, r: HostResult) -> list[str]:
    address = read_from(r)
    lines = [
        "",
        f"### {cell(r.host.name)}: {status_label(r)}",
        "",
        f"Target {code(r.host.target or 'unknown')}, platform "
        f"{cell(r.platform or 'unknown')}, read from {code(address)} "
        f"({cell(r.source or 'n/a')}).",
        "",
    ]
    if r.error:
        return [*lines, f"Could not be read: {cell(r.error)}"]
    if r.incomplete:
        lines += ["Not read completely: drift in the parts below is unknown.", ""]
    if not r.findings:
        return [*lines, "No differences from the approved configuration."]
    lines += [
        "| severity | code | object | where | desired | deployed | message |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    return lines + [_finding_row(f) for f in r.findings]


class MarkdownFormat:
    name = "markdown"

    def written_by(self, head: str, tail: str) -> bool:
        return head.startswith(f"{TITLE}\n\n| | |\n| --- | --- |\n| tool | fleet ")

    def render(self, report: DriftReport) -> str:
        lines = _header(report) + _summary(report)
        for result in report.results:
            lines += _host(report, result)
        t = report.totals
        lines += [
            "",
            "## Totals",
            "",
            f"- hosts: {t['hosts']}",
            f"- in sync: {t['in_sync']}",
            f"- drift: {t['drift']}",
            f"- unreadable: {t['error']}",
            f"- drift findings: {t['findings']} (notes: {t['notes']})",
            f"- exit code: {report.exit_code}",
        ]
        return shown("\n".join(lines)) + "\n"
