"""What a change means operationally, where that is cheap to say."""

from __future__ import annotations

from fleet.compare.tree import ADDED, REMOVED
from fleet.diff.model import DiffReport, Item, ReportWarning, TargetDiff
from fleet.diff.targets import touched_queries
from fleet.osquery.names import full_name

CONFIG = "osquery.conf"


def _changed_files(diff: TargetDiff) -> set[str]:
    return {c.path[0] for c in diff.files}


def target_notes(diff: TargetDiff, delimiters: tuple[str, str]) -> list[str]:
    if diff.status == "added":
        return ["new target: all of its configuration is new to its hosts"]
    if diff.status == "removed":
        return ["target removed: nothing is compiled for it any more"]
    notes: list[str] = []
    files = _changed_files(diff)
    old_hash, new_hash = diff.config_hash
    if CONFIG in files:
        notes.append(
            f"config_hash changes ({(old_hash or '')[:7]} -> {(new_hash or '')[:7]}): "
            "every host of this target reloads its configuration"
        )
    elif any(f.startswith("packs/") for f in files):
        notes.append(
            "only pack files change, and osquery does not hash them: hosts run the "
            "new packs once osqueryd restarts"
        )
    if any(f.endswith(".flags") for f in files):
        notes.append("start-up flags change: they apply once osqueryd restarts")
    notes.extend(_moves(diff.items, delimiters))
    return notes


def _queries(items: list[Item], kind: str) -> list[tuple[str, str, object]]:
    """(pack, query, SQL) of every query added (or removed), whole packs included."""
    return [
        (pack, name, query.get("query"))
        for item in items
        if item.change.kind == kind
        for pack, name, query in touched_queries(item.change)
    ]


def _moves(items: list[Item], delimiters: tuple[str, str]) -> list[str]:
    """A query removed in one place and added with the same SQL in another: a move
    or a rename, which osquery sees as one query gone and a new one."""
    added = _queries(items, ADDED)
    notes = []
    for pack, name, sql in _queries(items, REMOVED):
        match = next((a for a in added if a[2] == sql), None)
        if match is None:
            continue
        added.remove(match)
        verb = "renamed to" if match[0] == pack else "moved to"
        notes.append(
            f"query {pack}/{name} {verb} {match[0]}/{match[1]}: results move from "
            f"{full_name(pack, name, delimiters[0])} to "
            f"{full_name(match[0], match[1], delimiters[1])}, whose first run logs "
            "every row as added"
        )
    return notes


def version_warning(report: DiffReport) -> ReportWarning | None:
    """Compiled output that changes under the same inventory version would ship
    as the same cookbook and module version."""
    if not report.changed or report.base.version != report.head.version:
        return None
    return ReportWarning(
        "version-not-bumped",
        f"what is compiled and deployed changes, but fleet.yml version stays "
        f"{report.head.version}: bump it so the cookbook and module carry a new "
        "version",
    )
