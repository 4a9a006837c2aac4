"""One in-memory SQLite connection that looks like osquery's, for preparing SQL.

Every schema table is an eponymous APSW virtual table declared the way osquery
declares it (types, HIDDEN columns, index columns as the PRIMARY KEY, column
aliases), table aliases are views, and osquery's functions and collations are
stubs. Statements are prepared, never stepped: the exec tracer stops each one
before its first row. While SQLite prepares, the authorizer reports the tables
read and each table's xBestIndex reports which constraints the planner could hand
it, which is how osquery decides whether a required column was given.

APSW bundles a newer SQLite than osquery's 3.42: functions added since are denied
by name (:data:`~fleet.validate.sqlfuncs.SQLITE_ONLY`), but newer syntax, such as
ORDER BY inside an aggregate call (3.44), is accepted here and fails in osquery.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

import apsw

from fleet.osquery.tables import COLUMN_ALIASES, USER_COLUMNS, USER_DATA_TABLES
from fleet.schema import Schema, Table
from fleet.validate.sqlfuncs import SQLITE_ONLY, register_functions

_READ, _FUNCTION = apsw.SQLITE_READ, apsw.SQLITE_FUNCTION
_OK, _DENY = int(apsw.SQLITE_OK), int(apsw.SQLITE_DENY)
_SQL_TYPES = {"unsigned_bigint": "UNSIGNED BIGINT"}
# Constraint operators osquery hands to a table (``sensibleComparison``); range
# comparisons only count on columns that are not TEXT.
_MATCHING_OPS = frozenset(
    {
        apsw.SQLITE_INDEX_CONSTRAINT_EQ,
        apsw.SQLITE_INDEX_CONSTRAINT_LIKE,
        apsw.SQLITE_INDEX_CONSTRAINT_GLOB,
        apsw.SQLITE_INDEX_CONSTRAINT_MATCH,
        apsw.SQLITE_INDEX_CONSTRAINT_REGEXP,
    }
)
_RANGE_OPS = frozenset(
    {
        apsw.SQLITE_INDEX_CONSTRAINT_GT,
        apsw.SQLITE_INDEX_CONSTRAINT_GE,
        apsw.SQLITE_INDEX_CONSTRAINT_LT,
        apsw.SQLITE_INDEX_CONSTRAINT_LE,
    }
)


@dataclass(slots=True)
class Prepared:
    """What preparing one statement showed."""

    error: str = ""
    offset: int = -1  # character offset of the error, -1 when SQLite gives none
    read: set[str] = field(default_factory=set)  # tables, by their real name
    needs_required: set[str] = field(default_factory=set)  # never given one
    needs_user: set[str] = field(default_factory=set)  # user_data, no uid/username
    denied_function: str = ""


class _Plan:
    """Per-statement state the callbacks fill in."""

    __slots__ = ("denied_function", "required_ok", "touched", "user_ok")

    def __init__(self) -> None:
        self.touched: set[str] = set()
        self.required_ok: set[str] = set()
        self.user_ok: set[str] = set()
        self.denied_function = ""


class _VTable:
    """A table that can be planned but not read (method names are APSW's)."""

    def __init__(self, engine: Engine, table: Table) -> None:
        self.engine = engine
        self.name = table.name
        # Column numbers of the required columns, and of uid / username when the
        # table returns user data; the operators that count for each column.
        self.required = frozenset(i for i, c in enumerate(table.columns) if c.required)
        user_data = table.name in USER_DATA_TABLES
        self.user = frozenset(
            i
            for i, c in enumerate(table.columns)
            if user_data and c.name in USER_COLUMNS
        )
        self.usable = tuple(
            _MATCHING_OPS if c.type == "text" else _MATCHING_OPS | _RANGE_OPS
            for c in table.columns
        )

    def BestIndexObject(self, index: apsw.IndexInfo) -> bool:
        # Recorded per table, not per use: when a query reads one table twice, a
        # constraint on either use satisfies both.
        plan = self.engine.plan
        plan.touched.add(self.name)
        if not (self.required or self.user):
            return True
        for i in range(index.nConstraint):
            column = index.get_aConstraint_iColumn(i)
            if not (
                index.get_aConstraint_usable(i)
                and 0 <= column < len(self.usable)
                and index.get_aConstraint_op(i) in self.usable[column]
            ):
                continue
            if column in self.required:
                plan.required_ok.add(self.name)
            if column in self.user:
                plan.user_ok.add(self.name)
        return True

    def Open(self) -> None:
        raise apsw.SQLError("fleet prepares queries, it never runs them")

    def Disconnect(self) -> None:
        return None

    Destroy = Disconnect


class _Module:
    def __init__(self, declaration: str, table: _VTable) -> None:
        self.declaration = declaration
        self.table = table

    def Connect(self, *_args: object) -> tuple[str, _VTable]:
        return self.declaration, self.table

    Create = Connect


class Engine:
    """Prepares SQL against the schema (or, without one, against no tables)."""

    def __init__(self, schema: Schema | None) -> None:
        self.connection = apsw.Connection(":memory:")
        self.plan = _Plan()
        self.tables: dict[str, _VTable] = {}
        register_functions(self.connection)
        if schema is not None:
            for table in schema.tables.values():
                self._add_table(table)
            for alias, real in schema.aliases.items():
                self._add_alias(alias, schema.tables[real])
        self.connection.authorizer = self._authorize
        self.cursor = self.connection.cursor()
        self.cursor.exec_trace = self._trace

    def _add_alias(self, alias: str, table: Table) -> None:
        # The view names every column, hidden ones too: queries such as
        # 'yara.sigrule = ...' read a hidden column through the alias.
        columns = ", ".join(f"`{c.name}`" for c in table.columns)
        self.connection.execute(
            f'CREATE VIEW "{alias}" AS SELECT {columns} FROM "{table.name}"'
        )

    def _add_table(self, table: Table) -> None:
        names = [c.name for c in table.columns]
        types = [_SQL_TYPES.get(c.type, c.type.upper()) for c in table.columns]
        hidden = [c.hidden for c in table.columns]
        for alias, target in COLUMN_ALIASES.get(table.name, {}).items():
            if target in names and alias not in names:
                names.append(alias)
                types.append(types[names.index(target)])
                hidden.append(True)
        columns = [
            f"`{n}` {t}{' HIDDEN' if h else ''}"
            for n, t, h in zip(names, types, hidden, strict=True)
        ]
        keys = [c.name for c in table.columns if c.index]
        tail = ""
        if keys:
            columns.append("PRIMARY KEY (" + ", ".join(f"`{k}`" for k in keys) + ")")
            tail = " WITHOUT ROWID"
        declaration = f"CREATE TABLE x({', '.join(columns)}){tail}"
        vtable = self.tables[table.name] = _VTable(self, table)
        self.connection.create_module(
            table.name,
            # APSW's VTModule protocol also lists the optional methods.
            cast("apsw.VTModule", _Module(declaration, vtable)),
            use_bestindex_object=True,
            eponymous_only=True,
            read_only=True,  # as osquery's own tables: no xUpdate
        )

    def _authorize(
        self, code: int, third: str | None, fourth: str | None, *_where: str | None
    ) -> int:
        if code == _READ:
            if third:
                self.plan.touched.add(third)
        elif code == _FUNCTION and fourth and fourth.lower() in SQLITE_ONLY:
            self.plan.denied_function = fourth
            return _DENY
        return _OK

    @staticmethod
    def _trace(_cursor: apsw.Cursor, _sql: str, _bindings: object) -> bool:
        return False  # stop before the first step: nothing ever runs

    def prepare(self, text: str) -> Prepared:
        """Prepare one statement and report what SQLite and the callbacks saw."""
        plan = self.plan = _Plan()
        try:
            self.cursor.execute(text, can_cache=False)
        except apsw.ExecTraceAbort:
            pass
        except apsw.Error as exc:
            return Prepared(
                error=str(exc),
                offset=_char_offset(text, getattr(exc, "error_offset", -1)),
                denied_function=plan.denied_function,
            )
        read = plan.touched & self.tables.keys()
        return Prepared(
            read=read,
            needs_required={
                n for n in read - plan.required_ok if self.tables[n].required
            },
            needs_user={n for n in read - plan.user_ok if self.tables[n].user},
        )


def _char_offset(text: str, byte_offset: int) -> int:
    """SQLite counts UTF-8 bytes; Python counts characters."""
    if byte_offset < 0 or text.isascii():
        return byte_offset
    return len(text.encode("utf-8")[:byte_offset].decode("utf-8", "ignore"))
