"""The Markdown format: a pull-request comment, SQL diffs folded in <details>.

Inventory text is never markup: names and values go in code spans that hold any
one-line text (``code``), everything else is escaped with the shared Markdown
escaping (``fleet.markdown``).
"""

from __future__ import annotations

import html
import re

from fleet.compare.tree import ADDED, CHANGED
from fleet.diff.model import DiffReport, Item, SideInfo, TargetDiff
from fleet.diff.view import (
    TITLES,
    QueryGroup,
    by_section,
    label,
    query_groups,
    query_summary,
    show,
    show_pair,
    summary,
)
from fleet.markdown import markdown_text


def _ticks(text: str, least: int) -> str:
    """A backtick fence longer than any run of backticks in ``text``."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(least, longest + 1)


def code(text: str) -> str:
    """An inline code span that holds any one-line text, backticks included."""
    text = text.replace("\n", " ")
    ticks = _ticks(text, 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def render_markdown(report: DiffReport) -> str:
    base, head = report.base, report.head
    version = code(base.version)
    if base.version != head.version:
        version += f" → {code(head.version)}"
    lines = [
        f"### fleet diff: {_side(base)} → {_side(head)}",
        "",
        f"Inventory {code(report.inventory)}, version {version}: "
        f"{summary(report.targets)}.",
    ]
    for warning in report.warnings:
        lines += ["", f"> **Warning:** {markdown_text(warning.message)}"]
    for target in report.targets:
        if target.status != "unchanged":
            lines += ["", *_target(target)]
    unchanged = [code(t.name) for t in report.targets if t.status == "unchanged"]
    if unchanged:
        lines += ["", f"Unchanged: {', '.join(unchanged)}"]
    return "\n".join(lines) + "\n"


def _side(side: SideInfo) -> str:
    label = markdown_text(side.label)
    return f"{label} ({code(side.commit[:7])})" if side.commit else label


def _target(target: TargetDiff) -> list[str]:
    lines = [f"#### Target {code(target.name)}: {target.status}", ""]
    lines += [f"- {markdown_text(note)}" for note in target.notes]
    if target.files:
        files = ", ".join(f"{code(c.path[0])} {c.kind}" for c in target.files)
        lines.append(f"- files: {files}")
    for section, items in by_section(target):
        lines += ["", f"**{TITLES[section].capitalize()}**", ""]
        if section == "queries":
            lines += _queries(items)
        else:
            lines += [f"- {_line(item)}" for item in items]
    return lines


def _line(item: Item) -> str:
    change = item.change
    text = f"{change.kind} {code(label(item))}"
    if change.kind == CHANGED:
        text += f": {_arrow(item)}"
    elif change.object == "pack":
        text += f" (queries: {', '.join(code(n) for n in item.result_names)})"
    else:
        text += f": {code(show(change.new if change.kind == ADDED else change.old))}"
    if item.platforms:
        text += f" (on {markdown_text(', '.join(item.platforms))})"
    return text


def _arrow(item: Item) -> str:
    old, new = show_pair(item.change.old, item.change.new)
    return f"{code(old)} → {code(new)}"


def _queries(items: list[Item]) -> list[str]:
    """One bullet per query, then each SQL diff folded under the list."""
    lines, details = [], []
    for group in query_groups(items):
        lines.append(f"- {group.kind} {code(group.name)}{_query_text(group)}")
        details += [
            _sql_details(group.name, i.sql_diff) for i in group.items if i.sql_diff
        ]
    return lines + [line for block in details for line in block]


def _query_text(group: QueryGroup) -> str:
    if group.kind != CHANGED:
        item = group.items[0]
        verb = "logs" if group.kind == ADDED else "logged"
        names = ", ".join(code(n) for n in item.result_names)
        value = item.change.new if group.kind == ADDED else item.change.old
        details = markdown_text(query_summary(value))
        return f" ({verb} as {names})" + (f": {details}" if details else "")
    fields = [
        f"{i.change.path[-1]} (SQL diff below)"
        if i.sql_diff
        else f"{i.change.path[-1]} {_arrow(i)}"
        for i in group.items
    ]
    return ": " + "; ".join(fields)


def _sql_details(name: str, diff: tuple[str, ...]) -> list[str]:
    fence = _ticks("\n".join(diff), 3)
    return [
        "",
        f"<details><summary>SQL of <code>{html.escape(name)}</code></summary>",
        "",
        f"{fence}diff",
        *diff,
        fence,
        "",
        "</details>",
    ]
