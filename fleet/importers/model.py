"""What an import produces before it is written: packs, queries and target settings.

Fields are kept as plain values under their inventory names, in the order
``docs/inventory.md`` gives them, so the writer only has to lay them out. Every
draft remembers which source files it draws from: when one of those files has an
error, the draft is left out whole rather than imported half.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fleet.findings import Finding, Pos
from fleet.load.packfile import PACK_KEY_ORDER, QUERY_KEY_ORDER


@dataclass(slots=True)
class QueryDraft:
    name: str  # as written in the inventory (sanitised)
    original: str  # as the source named it
    pos: Pos
    fields: dict[str, object] = field(default_factory=dict)

    def ordered(self) -> dict[str, object]:
        return {k: self.fields[k] for k in QUERY_KEY_ORDER if k in self.fields}


@dataclass(slots=True)
class PackDraft:
    name: str
    original: str
    group: str
    pos: Pos
    source: str  # the file the pack is named after, relative to its source root
    files: set[str] = field(default_factory=set)  # every file (as shown) it draws from
    fields: dict[str, object] = field(default_factory=dict)
    queries: dict[str, QueryDraft] = field(default_factory=dict)

    def ordered(self) -> dict[str, object]:
        return {k: self.fields[k] for k in PACK_KEY_ORDER if k in self.fields}

    def same_content(self, other: PackDraft) -> bool:
        return self.ordered() == other.ordered() and {
            n: q.ordered() for n, q in self.queries.items()
        } == {n: q.ordered() for n, q in other.queries.items()}


@dataclass(slots=True)
class Setting:
    value: object
    pos: Pos


@dataclass(slots=True)
class SettingsDraft:
    """Target settings found in one source file."""

    file: str
    options: dict[str, Setting] = field(default_factory=dict)
    flags: dict[str, Setting] = field(default_factory=dict)
    decorators: dict[str, object] = field(default_factory=dict)
    file_paths: dict[str, list[str]] = field(default_factory=dict)
    exclude_paths: dict[str, list[str]] = field(default_factory=dict)
    file_accesses: list[str] = field(default_factory=list)
    extra: dict[str, Setting] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(
            self.options
            or self.flags
            or self.decorators
            or self.file_paths
            or self.exclude_paths
            or self.file_accesses
            or self.extra
        )


@dataclass(slots=True)
class ImportResult:
    packs: list[PackDraft] = field(default_factory=list)
    settings: SettingsDraft = field(default_factory=lambda: SettingsDraft(""))
    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # every file looked at, as shown
    imported: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
