"""The inventory model: what the team declares, with where each value came from.

Loading builds it, validation reads it, compilation turns it into osquery's
configuration. Values are already typed (an interval is an int); ``where`` maps a
field name to its position for findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fleet.findings import Finding, Pos

PLATFORMS = ("darwin", "linux", "windows")
QUERY_FLAGS = ("snapshot", "removed", "denylist")


@dataclass(slots=True)
class Sql:
    """An SQL text and where it is; ``pos_at`` places a character offset of it back
    in its file (the loader's ``SourceSql`` knows how; here, at the text's start)."""

    text: str
    pos: Pos

    def pos_at(self, offset: int) -> Pos:
        return self.pos


@dataclass(slots=True)
class Attack:
    tactics: list[str] = field(default_factory=list)
    techniques: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Query:
    name: str
    pack: str
    sql: Sql
    pos: Pos
    interval: int | None = None
    platform: str | None = None
    version: str | None = None
    shard: int | None = None
    snapshot: bool | None = None
    removed: bool | None = None
    denylist: bool | None = None
    startup_priority: int | None = None
    description: str = ""
    severity: str | None = None
    owner: str | None = None
    tags: list[str] = field(default_factory=list)
    attack: Attack = field(default_factory=Attack)
    references: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    # Positions of fields (and of list items, 'attack.tactics[0]'), without key
    # paths: at() adds them when a finding needs one, which keeps a large
    # inventory's memory down.
    where: dict[str, Pos] = field(default_factory=dict)

    def at(self, key: str, fallback: str = "") -> Pos:
        """Where ``key`` is (or ``fallback``, or the query itself), with its path."""
        found = self.where.get(key) or self.where.get(fallback)
        if found is None:
            return self.pos
        return found.at(f"queries.{self.name}.{key if key in self.where else fallback}")


@dataclass(slots=True)
class Pack:
    name: str
    group: str
    file: str
    pos: Pos
    description: str = ""
    platform: str | None = None
    version: str | None = None
    shard: int | None = None
    owner: str | None = None
    tags: list[str] = field(default_factory=list)
    discovery: list[Sql] = field(default_factory=list)
    queries: dict[str, Query] = field(default_factory=dict)
    declared: int = 0  # query entries written, loaded or not
    where: dict[str, Pos] = field(default_factory=dict)

    def at(self, key: str) -> Pos:
        return self.where.get(key, self.pos)


@dataclass(slots=True)
class Setting:
    """One option or flag: its value as osquery will read it, and where it is."""

    name: str
    value: str | int | bool | float
    pos: Pos


@dataclass(slots=True)
class Decorators:
    load: list[Sql] = field(default_factory=list)
    always: list[Sql] = field(default_factory=list)
    interval: dict[int, list[Sql]] = field(default_factory=dict)
    interval_pos: dict[int, Pos] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.load or self.always or self.interval)


@dataclass(slots=True)
class Deploy:
    tool: str = ""  # chef | puppet
    name: str = "osquery_fleet"
    author: str = "fleet"
    package_version: str = ""
    pos: Pos | None = None
    package_pos: Pos | None = None  # set when package_version is written


@dataclass(slots=True)
class Target:
    name: str
    pos: Pos
    description: str = ""
    platforms: list[str] = field(default_factory=list)
    deploy: Deploy = field(default_factory=Deploy)
    select: list[str] = field(default_factory=list)
    pack_mode: str = "inline"
    packs_dir: str | None = None
    enroll_secret: bool = False
    options: dict[str, Setting] = field(default_factory=dict)
    flags: dict[str, Setting] = field(default_factory=dict)
    # Flags for one platform only (event publishers exist on one platform each).
    platform_flags: dict[str, dict[str, Setting]] = field(default_factory=dict)
    decorators: Decorators = field(default_factory=Decorators)
    file_paths: dict[str, list[str]] = field(default_factory=dict)
    exclude_paths: dict[str, list[str]] = field(default_factory=dict)
    file_accesses: list[str] = field(default_factory=list)
    # Other top-level osquery config keys (yara, views, events, ...) passed through.
    extra: dict[str, object] = field(default_factory=dict)
    where: dict[str, Pos] = field(default_factory=dict)

    def at(self, key: str) -> Pos:
        return self.where.get(key, self.pos)


@dataclass(slots=True)
class Group:
    name: str
    path: Path
    has_readme: bool


@dataclass(slots=True)
class Defaults:
    interval: int | None = None
    snapshot: bool | None = None
    removed: bool | None = None
    denylist: bool | None = None
    owner: str | None = None


@dataclass(slots=True)
class Inventory:
    root: Path
    root_file: str = "fleet.yml"
    version: str = "0.0.0"
    osquery_version: str | None = None
    pack_delimiter: str = "_"
    schema: str | None = None
    schema_pos: Pos | None = None
    defaults: Defaults = field(default_factory=Defaults)
    targets: dict[str, Target] = field(default_factory=dict)
    packs: dict[str, Pack] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    # Pack files that exist but did not load (already reported): selectors naming
    # them are not reported again.
    unloaded: set[str] = field(default_factory=set)
    where: dict[str, Pos] = field(default_factory=dict)

    def at(self, key: str) -> Pos:
        return self.where.get(key, Pos(self.root_file, 1, 1, key))
