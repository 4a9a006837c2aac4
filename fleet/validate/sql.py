"""SQL checks: SQLite's own verdict on each query, placed at file:line:col.

Each SQL text is prepared (never run) on a connection that holds the schema's
tables as osquery declares them (:mod:`fleet.validate.sqlengine`). SQLite then
reports syntax, tables, columns and functions exactly as osquery's SQLite would,
and the prepare shows which tables a query reads and which constraints reach them.

Codes (error unless marked):

``sql-empty``
    Nothing but whitespace, comments or semicolons. Fails: ``query: ";"``.
``sql-multiple``
    A second statement: osquery runs every statement and mixes their rows.
    Fails: ``SELECT 1; SELECT 2``. Passes:
    ``SELECT key FROM process_envs WHERE value LIKE '%;%'``.
``sql-syntax``
    SQLite cannot parse it. Fails: ``SELECT * FRM processes``.
``sql-not-select``
    Not a read-only SELECT / WITH / VALUES (or an allowed PRAGMA): osquery
    schedules reads and denies ATTACH and most PRAGMAs. Fails: ``DELETE FROM users``.
``sql-table``
    No such table in the schema. Fails: ``SELECT * FROM opera_extensions``.
    Passes: ``SELECT * FROM alf_services`` (an alias osquery adds).
``sql-column``
    No such (or an ambiguous) column. Fails: ``SELECT nme FROM processes``.
``sql-function``
    A function or collation osquery's SQLite does not have, or a wrong number of
    arguments. Fails: ``SELECT ln(2)``. Passes: ``SELECT sha256('x')``.
``sql-invalid``
    Any other error SQLite reports while preparing, e.g. a UNION of SELECTs with
    different column counts.
``sql-required-column``
    A table with required columns gets no usable constraint on any of them, so
    osquery returns no rows. Fails: ``SELECT * FROM file``. Passes:
    ``SELECT * FROM file WHERE path LIKE '/etc/%'`` or a JOIN binding.
``sql-user-data`` (warning)
    A user_data table without a constraint on uid or username returns only the
    osquery user's rows. Passes: ``SELECT * FROM users JOIN shell_history USING (uid)``.
``sql-platforms``
    The tables read share no platform, so the query can run nowhere.
    Fails: ``SELECT * FROM kernel_extensions JOIN drivers``.

Without a schema only syntax, statements and functions are checked; unknown
tables and columns then prove the statement parsed and are not reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from fleet.findings import Finding, Pos, error, warning
from fleet.load.yamldoc import suggest
from fleet.model import Sql
from fleet.osquery.platforms import ALL
from fleet.osquery.tables import COLUMN_ALIASES, USER_COLUMNS
from fleet.schema import Schema, Table
from fleet.validate.sqlengine import Engine, Prepared
from fleet.validate.sqlfuncs import (
    COLLATIONS,
    INSTEAD,
    arity_text,
    known_functions,
)
from fleet.validate.sqltokens import (
    find_name,
    first_word,
    identifiers,
    is_blank,
    split_first,
)

READ_STATEMENTS = frozenset({"SELECT", "WITH", "VALUES", "EXPLAIN", "PRAGMA"})
ALLOWED_PRAGMAS = (
    "table_info",
    "table_xinfo",
    "function_list",
    "journal_mode",
    "case_sensitive_like",
    "collation_list",
)
_NO_SUCH = re.compile(r"no such (table|column|function|collation sequence): (.+)")
_WRONG_ARGS = re.compile(r"wrong number of arguments to function (\w+)\(\)")
_NEAR = re.compile(r'near "(.*)": syntax error', re.DOTALL)
_PRAGMA_NAME = re.compile(r"PRAGMA\s+(?:\w+\s*\.\s*)?(\w+)", re.IGNORECASE)


@dataclass(slots=True)
class SqlVerdict:
    findings: list[Finding]
    tables: frozenset[str]  # real table names read (aliases resolved)
    # Where every table read exists; None when unknown (no schema, or the SQL failed).
    platforms: frozenset[str] | None


class SqlChecker:
    """Checks SQL texts against one schema, on one connection built up front."""

    def __init__(self, schema: Schema | None) -> None:
        self.schema = schema
        self.engine = Engine(schema)

    def check(self, sql: Sql, what: str = "query") -> SqlVerdict:
        text = sql.text
        head = text.lstrip()[:1]
        if not head or (head in "-/;" and is_blank(text)):
            return _failed(
                error(
                    "sql-empty",
                    sql.pos_at(0),
                    f"the {what} is empty",
                    "write a SELECT statement",
                )
            )
        findings: list[Finding] = []
        start, end, second = split_first(text)
        if second is not None:
            findings.append(
                error(
                    "sql-multiple",
                    sql.pos_at(second),
                    f"the {what} holds more than one SQL statement; osquery runs "
                    "them all and mixes their rows in one result",
                    "keep one statement; make the rest queries of their own",
                )
            )
        # Blanks in place of skipped semicolons keep offsets true to the text.
        statement = " " * start + text[start:end]

        refusal = self._refuse(statement, sql, what)
        if refusal is not None:
            return _failed(*findings, refusal)
        prepared = self.engine.prepare(statement)
        if prepared.error:
            findings.extend(self._sqlite_error(prepared, statement, sql, what))
            return _failed(*findings)
        if self.schema is None:
            return SqlVerdict(findings, frozenset(), None)

        findings.extend(self._constraints(prepared, statement, sql))
        tables = frozenset(prepared.read)
        platforms = ALL
        for name in tables:
            platforms &= self.schema.tables[name].platforms
        if tables and not platforms:
            listed = ", ".join(
                f"{n} ({', '.join(sorted(self.schema.tables[n].platforms))})"
                for n in sorted(tables)
            )
            findings.append(
                error(
                    "sql-platforms",
                    sql.pos_at(0),
                    f"the {what} can run nowhere: no platform has all of: {listed}",
                    "split it into one query per platform",
                )
            )
        return SqlVerdict(findings, tables, platforms)

    # statements osquery would not schedule ------------------------------------
    def _refuse(self, statement: str, sql: Sql, what: str) -> Finding | None:
        word, at = first_word(statement)
        if word and word not in READ_STATEMENTS:
            return _not_select(sql, at, what, f"is {_article(word)} {word} statement")
        if word == "PRAGMA":
            name = _PRAGMA_NAME.match(statement, at)
            if name and name.group(1).lower() not in ALLOWED_PRAGMAS:
                return error(
                    "sql-not-select",
                    sql.pos_at(name.start(1)),
                    f"osquery denies PRAGMA {name.group(1)}; it allows only "
                    + ", ".join(ALLOWED_PRAGMAS),
                    "read the information from a table instead",
                )
        return None

    # SQLite's errors ------------------------------------------------------------
    def _sqlite_error(
        self, prepared: Prepared, statement: str, sql: Sql, what: str
    ) -> list[Finding]:
        message, offset = prepared.error, max(prepared.offset, 0)
        if prepared.denied_function:
            name = prepared.denied_function
            return [
                error(
                    "sql-function",
                    sql.pos_at(offset),
                    f"osquery's SQLite 3.42 has no function {name}()",
                    INSTEAD.get(name.lower())
                    or suggest(name, self._functions)
                    or "rewrite it with functions osquery has",
                )
            ]
        if message.startswith("cannot modify") or message.endswith("not be modified"):
            return [_not_select(sql, offset, what, "writes to a table")]
        if message == "incomplete input":
            return [
                error(
                    "sql-syntax",
                    sql.pos_at(len(statement.rstrip())),
                    f"the {what} ends before its statement is complete",
                    "look for an unclosed parenthesis or quote, or a clause with "
                    "nothing after it",
                )
            ]
        if near := _NEAR.fullmatch(message):
            return [
                error(
                    "sql-syntax",
                    sql.pos_at(offset),
                    f'syntax error near "{near.group(1)}"',
                    "check the words just before it: a missing comma or operator, "
                    "or a misspelled keyword",
                )
            ]
        if message.startswith("unrecognized token"):
            return [
                error(
                    "sql-syntax",
                    sql.pos_at(offset),
                    f"SQLite cannot read the {what}: {message}",
                    "close the string or quoted name, or remove the stray character",
                )
            ]
        if args := _WRONG_ARGS.fullmatch(message):
            name = args.group(1)
            return [
                error(
                    "sql-function",
                    sql.pos_at(offset),
                    f"{name}() is called with the wrong number of arguments",
                    arity_text(name.lower()) or f"check the arguments of {name}()",
                )
            ]
        if message.startswith("ambiguous column name"):
            name = message.rpartition(": ")[2]
            return [
                error(
                    "sql-column",
                    sql.pos_at(offset),
                    f"column {name} is ambiguous: more than one table has it",
                    f"qualify it with its table or alias, such as t.{name}",
                )
            ]
        if found := _NO_SUCH.fullmatch(message):
            return self._no_such(found.group(1), found.group(2), offset, statement, sql)
        return [
            error(
                "sql-invalid",
                sql.pos_at(offset),
                f"SQLite rejects the {what}: {message}",
                "fix the SQL at this place",
            )
        ]

    def _no_such(
        self, kind: str, name: str, offset: int, statement: str, sql: Sql
    ) -> list[Finding]:
        if kind == "function":
            return [
                error(
                    "sql-function",
                    sql.pos_at(offset),
                    f"no function {name}() in osquery",
                    suggest(name, self._functions)
                    or "see the SQL functions osquery adds: osquery.readthedocs.io",
                )
            ]
        if kind == "collation sequence":
            at = find_name(statement, {name.lower()})
            return [
                error(
                    "sql-function",
                    sql.pos_at(offset if at is None else at),
                    f"no collation {name} in osquery",
                    "use BINARY, NOCASE, RTRIM or one of osquery's: "
                    + ", ".join(COLLATIONS),
                )
            ]
        if self.schema is None:
            return []  # without tables, an unknown name only proves the SQL parsed
        bare = name.rpartition(".")[2]
        if kind == "table":
            at = find_name(statement, {bare.lower()})
            names = set(self.schema.tables) | set(self.schema.aliases)
            return [
                error(
                    "sql-table",
                    sql.pos_at(offset if at is None else at),
                    f"no table {name} in {self.schema.described}",
                    suggest(bare, names)
                    or (
                        f"see the tables of osquery {self.schema.version} at "
                        "osquery.io/schema"
                        if self.schema.known_version
                        else f"check the table names in {self.schema.source}"
                    ),
                )
            ]
        tables = self._tables_named(statement)
        columns = {c.name for t in tables for c in t.columns}
        columns |= {a for t in tables for a in COLUMN_ALIASES.get(t.name, {})}
        listing = ", ".join(t.name for t in tables)
        return [
            error(
                "sql-column",
                sql.pos_at(offset),
                f"no column {name}" + (f" in {listing}" if listing else ""),
                suggest(bare, columns) or "check the column name in the schema",
            )
        ]

    def _tables_named(self, statement: str) -> list[Table]:
        assert self.schema is not None
        found = {self.schema.table(word) for word in identifiers(statement)}
        return sorted((t for t in found if t is not None), key=lambda t: t.name)

    @cached_property
    def _functions(self) -> set[str]:
        return known_functions(self.engine.connection)

    # what the planner showed ----------------------------------------------------
    def _constraints(
        self, prepared: Prepared, statement: str, sql: Sql
    ) -> list[Finding]:
        out = []
        for name in sorted(prepared.needs_required):
            table = self._table(name)
            columns = table.required
            out.append(
                error(
                    "sql-required-column",
                    self._table_pos(name, statement, sql),
                    f"table {name} needs a constraint on {' or '.join(columns)} in "
                    "WHERE or a JOIN; osquery returns no rows without one",
                    f"add WHERE {columns[0]} = '...' (=, IN, LIKE, GLOB and JOIN ... "
                    "ON count; <, > and != on text do not)",
                )
            )
        for name in sorted(prepared.needs_user):
            column = next(c for c in USER_COLUMNS if self._table(name).column(c))
            out.append(
                warning(
                    "sql-user-data",
                    self._table_pos(name, statement, sql),
                    f"table {name} has no constraint on uid or username, so it "
                    "returns only the osquery user's rows",
                    f"JOIN users to read every user's: ... FROM users JOIN {name} "
                    f"USING ({column})",
                )
            )
        return out

    def _table(self, name: str) -> Table:
        assert self.schema is not None
        return self.schema.tables[name]

    def _table_pos(self, name: str, statement: str, sql: Sql) -> Pos:
        assert self.schema is not None
        names = {name} | {a for a, real in self.schema.aliases.items() if real == name}
        return sql.pos_at(find_name(statement, names) or 0)


def _failed(*findings: Finding) -> SqlVerdict:
    return SqlVerdict(list(findings), frozenset(), None)


def _not_select(sql: Sql, offset: int, what: str, problem: str) -> Finding:
    return error(
        "sql-not-select",
        sql.pos_at(offset),
        f"the {what} {problem}; osquery schedules read-only SELECT statements",
        "write it as a SELECT (WITH and VALUES work too)",
    )


def _article(word: str) -> str:
    return "an" if word[:1] in "AEIOU" else "a"
