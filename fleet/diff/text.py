"""The text format: for people at a terminal or reading a CI log; plain text only."""

from __future__ import annotations

from fleet.compare.tree import ADDED, CHANGED
from fleet.diff.model import DiffReport, Item, TargetDiff
from fleet.diff.view import (
    TITLES,
    by_section,
    label,
    query_groups,
    query_summary,
    show,
    show_pair,
    summary,
)

MARK = {"added": "+", "removed": "-", "changed": "~"}


def render_text(report: DiffReport) -> str:
    lines = [
        f"fleet diff: {report.base.shown} -> {report.head.shown}",
        f"inventory: {report.inventory} (version {_version(report)})",
    ]
    for warning in report.warnings:
        lines.append(f"warning: {warning.message}")
    for target in report.targets:
        if target.status != "unchanged":
            lines.append("")
            lines.extend(_target(target))
    unchanged = [t.name for t in report.targets if t.status == "unchanged"]
    lines.append("")
    if unchanged:
        lines.append(f"unchanged: {', '.join(unchanged)}")
    lines.append(summary(report.targets))
    return "\n".join(lines) + "\n"


def _version(report: DiffReport) -> str:
    old, new = report.base.version, report.head.version
    return old if old == new else f"{old} -> {new}"


def _target(target: TargetDiff) -> list[str]:
    lines = [f"target {target.name}: {target.status}"]
    lines.extend(f"  ! {note}" for note in target.notes)
    if target.files:
        files = ", ".join(f"{c.path[0]} {c.kind}" for c in target.files)
        lines.append(f"  files: {files}")
    for section, items in by_section(target):
        lines.append(f"  {TITLES[section]}")
        if section == "queries":
            lines.extend(_queries(items))
        else:
            lines.extend(f"    {_line(item)}" for item in items)
    return lines


def _line(item: Item) -> str:
    change = item.change
    text = f"{MARK[change.kind]} {label(item)}"
    if change.kind == CHANGED:
        text += f": {_arrow(item)}"
    elif change.object == "pack":
        names = item.result_names
        text += f" ({len(names)} quer{'y' if len(names) == 1 else 'ies'}"
        text += f": {', '.join(names)})" if names else ")"
    else:
        text += f": {show(change.new if change.kind == ADDED else change.old)}"
    if item.platforms:
        text += f" (on {', '.join(item.platforms)})"
    return text


def _queries(items: list[Item]) -> list[str]:
    lines: list[str] = []
    for group in query_groups(items):
        head = f"    {MARK[group.kind]} {group.name}"
        if group.kind != CHANGED:
            change = group.items[0].change
            verb = "logs" if group.kind == ADDED else "logged"
            head += f" ({verb} as {', '.join(group.items[0].result_names)})"
            details = query_summary(change.new if group.kind == ADDED else change.old)
            lines.append(f"{head}: {details}" if details else head)
            continue
        lines.append(head)
        for item in group.items:
            field = item.change.path[-1]
            if item.sql_diff:
                lines.append(f"        {field}:")
                lines.extend(f"          {line}" for line in item.sql_diff)
            else:
                lines.append(f"        {field}: {_arrow(item)}")
    return lines


def _arrow(item: Item) -> str:
    old, new = show_pair(item.change.old, item.change.new)
    return f"{old} -> {new}"
