"""What ``fleet diff`` found: per target, the engine's changes with what a reviewer
needs beside them (result names, SQL diffs, the platforms a flag changes on)."""

from __future__ import annotations

from dataclasses import dataclass, field

from fleet.compare import Change

# The order sections are shown in; every change falls into one.
SECTIONS = ("target", "packs", "queries", "options", "flags", "decorators", "config")


def section_of(change: Change) -> str:
    if change.object in ("query", "query field"):
        return "queries"
    if change.object in ("pack", "pack field"):
        return "packs"
    if change.object in ("option", "flag", "decorator"):
        return change.object + "s"
    if change.object == "target":
        return "target"
    return "config"


@dataclass(frozen=True, slots=True)
class Item:
    """One change of a target."""

    change: Change
    # Added or removed queries and packs: the names osquery logs their results under.
    result_names: tuple[str, ...] = ()
    # A changed query text: unified diff lines (hunks only, no file headers).
    sql_diff: tuple[str, ...] = ()
    # Flags only: the platforms whose flag file has this change.
    platforms: tuple[str, ...] = ()

    @property
    def section(self) -> str:
        return section_of(self.change)


@dataclass(slots=True)
class TargetDiff:
    name: str
    status: str  # added | removed | changed | unchanged
    items: list[Item] = field(default_factory=list)
    # Compiled files by path, old and new SHA-256 (the engine's Change, path = file).
    files: list[Change] = field(default_factory=list)
    config_hash: tuple[str | None, str | None] = (None, None)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SideInfo:
    """One side of the diff: how it was named, its commit, its inventory version."""

    label: str  # "merge base with main", the revision given, or "working tree"
    commit: str | None  # None for the working tree
    version: str

    @property
    def shown(self) -> str:
        return f"{self.label} ({self.commit[:7]})" if self.commit else self.label


@dataclass(frozen=True, slots=True)
class ReportWarning:
    code: str
    message: str


@dataclass(slots=True)
class DiffReport:
    base: SideInfo
    head: SideInfo
    inventory: str  # the inventory's directory inside the repository ("." at the top)
    targets: list[TargetDiff]
    warnings: list[ReportWarning] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(t.status != "unchanged" for t in self.targets)
