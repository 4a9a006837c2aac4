"""Codes of SQL checked against osquery's schema with SQLite's own parser."""

from __future__ import annotations

from fleet.codes.check import Check, E, I, Q, W

CHECKS: tuple[Check, ...] = (
    Check(
        "sql-syntax",
        E,
        "SQLite cannot parse the SQL; the position points into it.",
        "query",
        "query: SELECT pid FROM processes WHERE\ninterval: 60\n",
        Q + "interval: 60\n",
        at=("packs/g/p.yml", 3, 43),
    ),
    Check(
        "sql-multiple",
        E,
        "More than one statement: osquery runs them all and mixes their rows.",
        "query",
        "query: SELECT pid FROM processes; SELECT 1\ninterval: 60\n",
        "query: SELECT pid FROM processes;\ninterval: 60\n",
        at=("packs/g/p.yml", 3, 39),
    ),
    Check(
        "sql-empty",
        E,
        "The SQL text holds no statement (only white space or comments).",
        "query",
        "query: '-- nothing here'\ninterval: 60\n",
        Q + "interval: 60\n",
        at=("packs/g/p.yml", 3, 13),
    ),
    Check(
        "sql-invalid",
        E,
        "SQLite rejects the statement for another reason, such as "
        "a UNION of SELECTs with different numbers of columns.",
        "query",
        "query: SELECT pid FROM processes UNION SELECT pid, name FROM processes\n"
        "interval: 60\n",
        "query: SELECT pid FROM processes UNION SELECT pid FROM processes\n"
        "interval: 60\n",
        schema=True,
        at=("packs/g/p.yml", 3, 12),
    ),
    Check(
        "sql-not-select",
        E,
        "Not a read-only query.",
        "query",
        "query: DELETE FROM processes\ninterval: 60\n",
        Q + "interval: 60\n",
        at=("packs/g/p.yml", 3, 12),
    ),
    Check(
        "sql-table",
        E,
        "A table osquery does not have (removed, renamed, misspelled).",
        "query",
        "query: SELECT name FROM opera_extensions\ninterval: 60\n",
        "query: SELECT name FROM chrome_extensions JOIN users USING (uid)\n"
        "interval: 60\n",
        schema=True,
        at=("packs/g/p.yml", 3, 29),
    ),
    Check(
        "sql-column",
        E,
        "A column the table does not have.",
        "query",
        "query: SELECT pid, nam FROM processes\ninterval: 60\n",
        "query: SELECT pid, name FROM processes\ninterval: 60\n",
        schema=True,
        at=("packs/g/p.yml", 3, 24),
    ),
    Check(
        "sql-function",
        E,
        "A function neither SQLite nor osquery provides.",
        "query",
        "query: SELECT regexp_match(name, 'x', 0) FROM processes\ninterval: 60\n",
        "query: SELECT regex_match(name, 'x', 0) FROM processes\ninterval: 60\n",
        schema=True,
        at=("packs/g/p.yml", 3, 19),
    ),
    Check(
        "sql-required-column",
        E,
        "A table that needs a constraint on one of its "
        "required columns is read without one.",
        "query",
        "query: SELECT path, mode FROM file\ninterval: 60\n",
        "query: SELECT path, mode FROM file WHERE path LIKE '/etc/%'\ninterval: 60\n",
        schema=True,
        at=("packs/g/p.yml", 3, 35),
    ),
    Check(
        "sql-user-data",
        W,
        "A per-user table read without a uid constraint returns "
        "only the osquery user's rows.",
        "query",
        "query: SELECT command FROM shell_history\ninterval: 60\nplatform: posix\n",
        "query: SELECT u.username, h.command FROM users u JOIN shell_history h "
        "USING (uid)\ninterval: 60\nplatform: posix\n",
        schema=True,
        at=("packs/g/p.yml", 3, 32),
    ),
    Check(
        "sql-platforms",
        E,
        "The query reads tables that no single platform has.",
        "query",
        "query: SELECT * FROM kernel_extensions, programs\ninterval: 60\n",
        "query: SELECT name FROM kernel_extensions\ninterval: 60\nplatform: darwin\n",
        schema=True,
        at=("packs/g/p.yml", 3, 12),
    ),
    Check(
        "platform-mismatch",
        E,
        "Platform inference: the query would run on a "
        "platform where a table it reads does not exist.",
        "query",
        "query: SELECT name FROM kernel_extensions\ninterval: 60\nplatform: posix\n",
        "query: SELECT name FROM kernel_extensions\ninterval: 60\nplatform: darwin\n",
        schema=True,
        at=("packs/g/p.yml", 5, 15),
    ),
    Check(
        "schema-missing",
        I,
        "No schema was given: tables, columns and platforms were not checked.",
        "root",
        "",
        "",
    ),
)
