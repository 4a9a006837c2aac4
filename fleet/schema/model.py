"""The osquery table schema as the checks read it: tables, columns, aliases."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

# The version of a schema file that is not named after one (a dump named freely).
UNKNOWN_VERSION = "unknown"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str  # text, integer, bigint, unsigned_bigint, double, blob
    hidden: bool  # left out of SELECT *, readable by name
    required: bool  # the table needs a constraint on one of its required columns
    index: bool


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    platforms: frozenset[str]
    columns: tuple[Column, ...]
    evented: bool

    def column(self, name: str) -> Column | None:
        """The column called ``name``, compared case-insensitively as SQLite does."""
        low = name.lower()
        return next((c for c in self.columns if c.name.lower() == low), None)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


@dataclass(slots=True)
class Schema:
    """The tables of one osquery version, and the aliases osquery adds as views."""

    version: str
    source: str
    tables: dict[str, Table]
    aliases: dict[str, str]  # alias -> real table name

    @property
    def known_version(self) -> bool:
        return self.version != UNKNOWN_VERSION

    @property
    def described(self) -> str:
        """How messages name it: 'the osquery 5.23.1 schema', 'the schema in x.json'."""
        if self.known_version:
            return f"the osquery {self.version} schema"
        return f"the schema in {PurePath(self.source).name}"

    def table(self, name: str) -> Table | None:
        """The table called ``name`` or aliased so, compared case-insensitively."""
        for key in (name, name.lower()):
            found = self.tables.get(key) or self.tables.get(self.aliases.get(key, ""))
            if found is not None:
                return found
        return None
