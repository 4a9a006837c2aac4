"""Text for people: one table per host with drift, one line per host in sync."""

from __future__ import annotations

import io

from fleet.console import TableBlock, print_blocks
from fleet.drift.desired import show
from fleet.drift.model import DriftFinding, HostResult
from fleet.drift.report.model import DriftReport, commit_text
from fleet.drift.secrets import display_address

COLUMNS = ("code", "object", "where", "desired", "deployed")


def _value(value: object) -> str:
    return "" if value is None else show(value, limit=60)


def _where(f: DriftFinding) -> str:
    if f.pointer and f.file:
        return f"{f.file} {f.pointer}"
    return f.file or f.pointer


def _state(result: HostResult) -> str:
    parts = []
    if result.incomplete:
        parts.append(f"INCOMPLETE, {len(result.incomplete)} part(s) not read")
    if result.drift_count:
        parts.append(f"DRIFT, {result.drift_count} finding(s)")
    if not parts:
        parts.append("in sync")
    if result.note_count:
        parts.append(f"{result.note_count} note(s)")
    return ", ".join(parts)


def _host(result: HostResult) -> list[str | TableBlock]:
    title = (
        f"{result.host.name} ({result.host.target}, {result.platform}, "
        f"{display_address(result.host.address) or 'results export'}): "
        + _state(result)
    )
    rows = tuple(
        (
            f"{f.code} (note)" if f.is_note else f.code,
            "" if f.subject == f.file else f.subject,
            _where(f),
            _value(f.desired),
            _value(f.deployed),
        )
        for f in result.findings
    )
    hints = dict.fromkeys(f"  {f.code}: {f.hint}" for f in result.findings if f.hint)
    return [TableBlock(title, COLUMNS, rows), *hints]


def blocks(report: DriftReport) -> list[str | TableBlock]:
    meta = report.meta
    out: list[str | TableBlock] = [
        f"fleet drift: inventory {meta.inventory_version} at {commit_text(meta)}, "
        f"digest {meta.digest[:12]}",
    ]
    for result in report.results:
        name = f"{result.host.name} ({result.host.target})"
        if result.error:
            out.append(f"{name}: UNREADABLE: {result.error}")
        elif result.findings:
            out += _host(result)
        else:
            out.append(f"{name}: in sync")
    t = report.totals
    out.append(
        f"{t['hosts']} host(s): {t['in_sync']} in sync, {t['drift']} with drift, "
        f"{t['error']} unreadable; {t['findings']} drift finding(s), "
        f"{t['notes']} note(s)"
    )
    return out


class TextFormat:
    name = "text"

    def render(self, report: DriftReport) -> str:
        buffer = io.StringIO()
        print_blocks(blocks(report), file=buffer)
        return buffer.getvalue()
