"""What the text and Markdown formats share: sections, query groups, labels, values."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from fleet.compare.normalise import QUERY_DEFAULTS
from fleet.compare.tree import CHANGED
from fleet.diff.model import SECTIONS, Item, TargetDiff

TITLES = {
    "target": "target settings",
    "packs": "packs",
    "queries": "queries",
    "options": "options",
    "flags": "flags",
    "decorators": "decorators",
    "config": "other config",
}
# Query fields the one-line summary of an added query leaves out.
_UNSUMMARISED = frozenset({"query", "description"})


@dataclass(slots=True)
class QueryGroup:
    """One query's changes: added or removed whole, or changed field by field."""

    pack: str
    query: str
    kind: str
    items: list[Item] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.pack}/{self.query}"


def by_section(diff: TargetDiff) -> list[tuple[str, list[Item]]]:
    return [
        (section, items)
        for section in SECTIONS
        if (items := [i for i in diff.items if i.section == section])
    ]


def query_groups(items: list[Item]) -> list[QueryGroup]:
    groups: dict[tuple[str, str], QueryGroup] = {}
    for item in items:
        path = item.change.path
        key = (path[1], path[3])
        kind = item.change.kind if len(path) == 4 else CHANGED
        groups.setdefault(key, QueryGroup(*key, kind)).items.append(item)
    return list(groups.values())


def label(item: Item) -> str:
    """The change's name inside its section: 'web/discovery', '--verbose', 'utc'."""
    path = item.change.path
    if item.section == "flags":
        return f"--{path[1]}"
    if item.section == "config":
        return "/".join(path)
    return "/".join(path[1:])


def _plain(value: object) -> bool:
    """A string that reads the same without quotes: no edge spaces, one line."""
    return (
        isinstance(value, str)
        and bool(value)
        and value == value.strip()
        and "\n" not in value
    )


def show(value: object) -> str:
    """A value on one line: plain words as they are, anything else as JSON."""
    return str(value) if _plain(value) else _json(value)


def show_pair(old: object, new: object) -> tuple[str, str]:
    """Both sides of a change in one encoding: as they are when both are plain
    words, both as JSON otherwise, so an unchanged backslash or the string "10"
    against the number 10 never looks other than it is."""
    if all(v is None or _plain(v) for v in (old, new)):
        return show(old), show(new)
    return _json(old), _json(new)


def _json(value: object) -> str:
    if value is None:
        return "(none)"
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def query_summary(query: object) -> str:
    """'interval 300, platform linux' for an added or removed query."""
    if not isinstance(query, Mapping):
        return ""
    return ", ".join(
        f"{key} {show(value)}"
        for key, value in sorted(query.items())
        if key not in _UNSUMMARISED and QUERY_DEFAULTS.get(key, ...) != value
    )


def summary(targets: list[TargetDiff]) -> str:
    changed = [t for t in targets if t.status != "unchanged"]
    if not changed:
        return "no changes"
    return f"{len(changed)} of {len(targets)} target(s) change"
