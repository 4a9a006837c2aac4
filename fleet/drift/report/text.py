"""Text for people: one table per host with findings, one line per host in sync.

On a terminal the tables fold to its width and long values are shortened. Anywhere
else (a pipe, a CI log, ``--output``) nothing is shortened or folded: each table is
as wide as its longest cells, so every finding reads whole on its lines.
"""

from __future__ import annotations

import io
import sys

from fleet.console import TableBlock, print_blocks
from fleet.drift.desired import show
from fleet.drift.model import DriftFinding, HostResult
from fleet.drift.report.model import DriftReport, commit_text, read_from, shown

HEADER = "fleet drift: inventory "
COLUMNS = ("code", "object", "where", "desired", "deployed")
TERMINAL_VALUE_LIMIT = 60  # characters of a value shown in a terminal's table


def _value(value: object, limit: int) -> str:
    return "" if value is None else show(value, limit=limit)


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


def _host(result: HostResult, limit: int) -> list[str | TableBlock]:
    title = (
        f"{result.host.name} ({result.host.target}, {result.platform}, "
        f"{read_from(result)}): " + _state(result)
    )
    rows = tuple(
        (
            f"{f.code} (note)" if f.is_note else f.code,
            "" if f.subject == f.file else f.subject,
            _where(f),
            _value(f.desired, limit),
            _value(f.deployed, limit),
        )
        for f in result.findings
    )
    hints = dict.fromkeys(f"  {f.code}: {f.hint}" for f in result.findings if f.hint)
    # The title is a line of its own: a table title would wrap to the table's width.
    return [title, TableBlock("", COLUMNS, rows), *hints]


def blocks(
    report: DriftReport, limit: int = TERMINAL_VALUE_LIMIT
) -> list[str | TableBlock]:
    """The report as lines and tables; values longer than ``limit`` are shortened."""
    meta = report.meta
    out: list[str | TableBlock] = [
        f"{HEADER}{meta.inventory_version} at {commit_text(meta)}, "
        f"digest {meta.digest[:12]}",
    ]
    for result in report.results:
        name = f"{result.host.name} ({result.host.target})"
        if result.error:
            out.append(f"{name}: UNREADABLE: {result.error}")
        elif result.findings:
            out += _host(result, limit)
        else:
            out.append(f"{name}: in sync")
    t = report.totals
    out.append(
        f"{t['hosts']} host(s): {t['in_sync']} in sync, {t['drift']} with drift, "
        f"{t['error']} unreadable; {t['findings']} drift finding(s), "
        f"{t['notes']} note(s)"
    )
    return [_shown(item) for item in out]


def _shown(item: str | TableBlock) -> str | TableBlock:
    if isinstance(item, str):
        return shown(item)
    rows = tuple(tuple(shown(cell) for cell in row) for row in item.rows)
    return TableBlock(shown(item.title), item.columns, rows)


def natural_width(items: list[str | TableBlock]) -> int:
    """A width at which no table folds: each column as wide as its widest cell.

    Characters are counted twice, as East Asian wide ones take two cells; tables
    are never expanded, so a wider console changes nothing else.
    """
    widths = [80]
    for item in items:
        if isinstance(item, TableBlock):
            columns = zip(item.columns, *item.rows, strict=True)
            cells = [max(len(c) for c in column) for column in columns]
            widths.append(2 * sum(cells) + 3 * len(cells) + 1)
    return max(widths)


class TextFormat:
    name = "text"

    def written_by(self, head: str, tail: str) -> bool:
        return head.startswith(HEADER)

    def render(self, report: DriftReport) -> str:
        """The whole report, nothing shortened or folded (for logs and files)."""
        items = blocks(report, limit=sys.maxsize)
        buffer = io.StringIO()
        print_blocks(items, file=buffer, width=natural_width(items))
        return buffer.getvalue()
