"""The SQL checker: SQLite's verdict on each query, at its place in the YAML file.

Queries are read from YAML the way the loader reads them, so every (line, column)
below is the place in the file. A single-line plain scalar starts at column 8
(``query: `` is 7 characters): offset N of the SQL is column 8 + N.
"""

from __future__ import annotations

import textwrap
from collections.abc import Collection
from pathlib import Path

import pytest

from fleet.findings import Finding, Severity
from fleet.load.fields import read_sql
from fleet.load.yamldoc import Reader
from fleet.load.yamlparse import parse
from fleet.model import Sql
from fleet.osquery.platforms import ALL
from fleet.schema import Schema, load_schema_file
from fleet.validate.sql import SqlChecker, SqlVerdict
from tests.conftest import SCHEMA_FILE


@pytest.fixture(scope="module")
def schema() -> Schema:
    return load_schema_file(SCHEMA_FILE)


@pytest.fixture(scope="module")
def checker(schema: Schema) -> SqlChecker:
    return SqlChecker(schema)


@pytest.fixture(scope="module")
def bare() -> SqlChecker:
    """A checker without a schema: syntax, statements and functions only."""
    return SqlChecker(None)


def read(yaml_text: str) -> Sql:
    """The ``query`` of a small YAML document, read as the loader reads it."""
    text = textwrap.dedent(yaml_text)
    node, problems = parse(text, "p.yml")
    assert node is not None and not problems
    reader = Reader("p.yml", text)
    entries = reader.mapping(node, "")
    assert entries is not None
    sql = read_sql(reader, entries["query"].value, "query")
    assert sql is not None and not reader.findings
    return sql


def check(checker: SqlChecker, query: str, what: str = "query") -> SqlVerdict:
    """Check ``query`` written as ``query: <sql>`` on line 1."""
    return checker.check(read(f"query: {query}\n"), what)


def places(verdict: SqlVerdict) -> list[tuple[str, int, int]]:
    return [(f.code, f.pos.line, f.pos.column) for f in verdict.findings]


def only(verdict: SqlVerdict) -> Finding:
    assert len(verdict.findings) == 1, places(verdict)
    return verdict.findings[0]


# positions ------------------------------------------------------------------------
def test_a_syntax_error_in_a_block_scalar(checker: SqlChecker) -> None:
    sql = read("""\
        query: |
          SELECT pid,
          FROM processes
        """)
    finding = only(checker.check(sql))
    assert (finding.code, finding.pos.line, finding.pos.column) == ("sql-syntax", 3, 3)
    assert finding.message == 'syntax error near "FROM"'
    assert finding.pos.path == "query"


def test_an_unknown_column_in_a_plain_scalar(checker: SqlChecker) -> None:
    finding = only(check(checker, "SELECT pid, nme FROM processes"))
    assert (finding.code, finding.pos.line, finding.pos.column) == ("sql-column", 1, 20)
    assert finding.message == "no column nme in processes"
    assert finding.hint == "did you mean 'name'?"


def test_a_quoted_scalar_counts_its_quote(checker: SqlChecker) -> None:
    assert places(check(checker, '"SELECT * FROM nosuch"')) == [("sql-table", 1, 23)]


def test_offsets_count_characters_not_bytes(checker: SqlChecker) -> None:
    """SQLite reports UTF-8 byte offsets; 'é' is two bytes and one column."""
    assert places(check(checker, "SELECT 'é' || nme FROM processes")) == [
        ("sql-column", 1, 22)
    ]


def test_incomplete_input_points_at_the_end(checker: SqlChecker) -> None:
    finding = only(check(checker, "SELECT pid FROM processes WHERE"))
    assert (finding.code, finding.pos.line, finding.pos.column) == ("sql-syntax", 1, 39)
    assert finding.message == "the query ends before its statement is complete"


def test_an_unterminated_string(checker: SqlChecker) -> None:
    finding = only(check(checker, '"SELECT pid FROM processes WHERE name = \'x"'))
    assert (finding.code, finding.pos.column) == ("sql-syntax", 48)
    assert "unrecognized token" in finding.message


# statements -----------------------------------------------------------------------
def test_two_statements(checker: SqlChecker) -> None:
    """K19: the trailing ';' is dropped by loading; the second statement is not."""
    verdict = check(checker, "SELECT * FROM time; SELECT * FROM uptime;")
    assert places(verdict) == [("sql-multiple", 1, 28)]
    assert "osquery runs them all and mixes their rows" in verdict.findings[0].message


def test_a_second_statement_on_its_own_line(checker: SqlChecker) -> None:
    sql = read("""\
        query: |
          SELECT pid FROM processes;
          SELECT 1
        """)
    assert places(checker.check(sql)) == [("sql-multiple", 3, 3)]


@pytest.mark.parametrize(
    "query",
    [
        "SELECT key FROM process_envs WHERE value LIKE '%;%'",
        "SELECT pid FROM processes -- one; two",
        'SELECT pid AS "a;b" FROM processes /* ; */',
        '"SELECT version FROM osquery_info;"',
    ],
)
def test_a_semicolon_inside_a_literal_or_comment_is_not_a_statement(
    checker: SqlChecker, query: str
) -> None:
    assert check(checker, query).findings == []


def test_a_literal_semicolon_before_a_real_second_statement(
    checker: SqlChecker,
) -> None:
    assert places(check(checker, "SELECT ';' AS a; SELECT 2")) == [
        ("sql-multiple", 1, 25)
    ]


def test_an_empty_query(checker: SqlChecker) -> None:
    sql = read("query: '-- nothing here'\n")
    finding = only(checker.check(sql, "decorator"))
    assert (finding.code, finding.pos.column) == ("sql-empty", 9)
    assert finding.message == "the decorator is empty"


@pytest.mark.parametrize(
    ("query", "column", "message"),
    [
        ("DELETE FROM processes", 8, "the query is a DELETE statement; osquery "
         "schedules read-only SELECT statements"),
        ("ATTACH '/tmp/x.db' AS x", 8, "the query is an ATTACH statement; osquery "
         "schedules read-only SELECT statements"),
        ("WITH d AS (SELECT 1) DELETE FROM users", 8, "the query writes to a table; "
         "osquery schedules read-only SELECT statements"),
        ("PRAGMA writable_schema = 1", 15, "osquery denies PRAGMA writable_schema; "
         "it allows only table_info, table_xinfo, function_list, journal_mode, "
         "case_sensitive_like, collation_list"),
    ],
)  # fmt: skip
def test_only_reads_are_scheduled(
    checker: SqlChecker, query: str, column: int, message: str
) -> None:
    finding = only(check(checker, query))
    assert (finding.code, finding.pos.column) == ("sql-not-select", column)
    assert finding.message == message


def test_the_pragmas_osquery_allows_pass(checker: SqlChecker) -> None:
    assert check(checker, "PRAGMA table_info(processes)").findings == []


# tables and columns ---------------------------------------------------------------
def test_a_removed_table(checker: SqlChecker) -> None:
    """vuln-management.conf still reads opera_extensions, gone from 5.23.1."""
    finding = only(check(checker, "SELECT name FROM opera_extensions"))
    assert (finding.code, finding.pos.column) == ("sql-table", 25)
    assert finding.message == "no table opera_extensions in the osquery 5.23.1 schema"


def test_a_schema_not_named_after_a_version_is_named_by_its_file(
    tmp_path: Path,
) -> None:
    """A dump saved as my-laptop.json has no version: messages name the file, and
    do not send the reader to osquery.io for osquery 'unknown'."""
    dumped = tmp_path / "my-laptop.json"
    dumped.write_text(
        '[{"name": "processes", "platforms": ["linux"], '
        '"columns": [{"name": "pid", "type": "bigint"}]}]',
        encoding="utf-8",
    )
    finding = only(check(SqlChecker(load_schema_file(dumped)), "SELECT a FROM zzz"))
    assert finding.message == "no table zzz in the schema in my-laptop.json"
    assert finding.hint == f"check the table names in {dumped}"


def test_a_misspelled_table_gets_a_suggestion(checker: SqlChecker) -> None:
    finding = only(check(checker, "SELECT pid FROM proceses"))
    assert finding.hint == "did you mean 'processes'?"


@pytest.mark.parametrize(
    ("query", "table"),
    [
        ("SELECT * FROM alf_services", "sharing_preferences"),
        ("SELECT address FROM hosts", "etc_hosts"),
        ("SELECT PID FROM Processes", "processes"),
        (
            "SELECT * FROM YARA WHERE path = '/bin/ls' AND sigfile = '/x.yar'",
            "yara_file",
        ),
    ],
)
def test_aliases_and_any_case_read_the_real_table(
    checker: SqlChecker, query: str, table: str
) -> None:
    verdict = check(checker, query)
    assert verdict.findings == []
    assert verdict.tables == {table}


def test_select_star_leaves_hidden_columns_out(checker: SqlChecker) -> None:
    """etc_hosts has address, hostnames and the hidden pid_with_namespace: SQLite
    itself counts the columns of SELECT * when it checks the UNION."""
    union = "SELECT * FROM etc_hosts UNION SELECT address, hostnames"
    assert check(checker, union + " FROM etc_hosts").findings == []
    finding = only(check(checker, union + ", pid_with_namespace FROM etc_hosts"))
    assert finding.code == "sql-invalid"
    assert "do not have the same number of result columns" in finding.message


def test_hidden_and_alias_columns_can_be_named(checker: SqlChecker) -> None:
    assert check(checker, "SELECT pid_with_namespace FROM etc_hosts").findings == []
    assert check(checker, "SELECT blacklisted FROM osquery_schedule").findings == []


def test_an_ambiguous_column(checker: SqlChecker) -> None:
    finding = only(check(checker, "SELECT uid FROM users, processes"))
    assert (finding.code, finding.pos.column) == ("sql-column", 15)
    assert finding.hint == "qualify it with its table or alias, such as t.uid"


# functions ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "query",
    [
        "SELECT regex_match(name, '^ssh', 0) FROM processes",
        "SELECT split(cmdline, ' ', 0) FROM processes",
        "SELECT version_compare(version, '1.2.3') FROM deb_packages",
        "SELECT version_compare(version, '1.2', 'DPKG') FROM deb_packages",
        "SELECT sha256(path) FROM processes",
        "SELECT in_cidr_block('10.0.0.0/8', address) FROM interface_addresses",
        "SELECT concat(name, ':', pid, path) FROM processes",
        "SELECT name FROM deb_packages ORDER BY version COLLATE version_dpkg",
    ],
)
def test_osquery_functions_are_known(checker: SqlChecker, query: str) -> None:
    assert check(checker, query).findings == []


@pytest.mark.parametrize(
    ("query", "column", "message", "hint"),
    [
        ("SELECT regexp_match(name, 'x', 0) FROM processes", 15,
         "no function regexp_match() in osquery", "did you mean 'regex_match'?"),
        ("SELECT split(name, ' ') FROM processes", 15,
         "split() is called with the wrong number of arguments",
         "split() takes 3 arguments"),
        ("SELECT ln(pid) FROM processes", 15,
         "osquery's SQLite 3.42 has no function ln()",
         "use log(): osquery's log is the natural logarithm"),
        ("SELECT name FROM processes ORDER BY name COLLATE semver", 57,
         "no collation semver in osquery", "use BINARY, NOCASE, RTRIM or one of "
         "osquery's: version, version_arch, version_dpkg, version_rhel"),
    ],
)  # fmt: skip
def test_unknown_functions_are_rejected(
    checker: SqlChecker, query: str, column: int, message: str, hint: str
) -> None:
    finding = only(check(checker, query))
    assert (finding.code, finding.pos.column) == ("sql-function", column)
    assert (finding.message, finding.hint) == (message, hint)


# platforms ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "tables", "platforms"),
    [
        ("SELECT name FROM kernel_extensions", {"kernel_extensions"}, {"darwin"}),
        ("SELECT name FROM deb_packages", {"deb_packages"}, {"linux"}),
        (
            "SELECT p.pid, f.size FROM processes p JOIN file f ON f.path = p.path",
            {"processes", "file"},
            ALL,
        ),
        ("SELECT 1", set(), ALL),
        ("SELECT count(*) FROM apt_sources", {"apt_sources"}, {"linux"}),
    ],
)
def test_platforms_are_those_all_tables_read_share(
    checker: SqlChecker, query: str, tables: set[str], platforms: Collection[str]
) -> None:
    verdict = check(checker, query)
    assert verdict.findings == []
    assert verdict.tables == frozenset(tables)
    assert verdict.platforms == frozenset(platforms)


def test_tables_that_share_no_platform(checker: SqlChecker) -> None:
    verdict = check(checker, "SELECT * FROM kernel_extensions JOIN drivers")
    finding = only(verdict)
    assert (finding.code, finding.pos.column) == ("sql-platforms", 8)
    assert finding.message == (
        "the query can run nowhere: no platform has all of: drivers (windows), "
        "kernel_extensions (darwin)"
    )
    assert verdict.platforms == frozenset()


def test_failed_sql_has_unknown_platforms(checker: SqlChecker) -> None:
    verdict = check(checker, "SELECT nme FROM kernel_extensions")
    assert (verdict.tables, verdict.platforms) == (frozenset(), None)


# required columns -----------------------------------------------------------------
def test_a_required_column_without_a_constraint(checker: SqlChecker) -> None:
    finding = only(check(checker, "SELECT path, mode FROM file"))
    assert (finding.code, finding.pos.column) == ("sql-required-column", 31)
    assert finding.severity is Severity.ERROR
    assert finding.message == (
        "table file needs a constraint on path or directory in WHERE or a JOIN; "
        "osquery returns no rows without one"
    )


@pytest.mark.parametrize(
    "query",
    [
        "SELECT path FROM file WHERE path LIKE '/etc/%'",
        "SELECT path FROM file WHERE path IN ('/etc/passwd', '/etc/shadow')",
        "SELECT path FROM file WHERE directory GLOB '/etc/*'",
        "SELECT f.path FROM users u JOIN file f ON f.path = u.directory",
        "SELECT h.sha256 FROM processes p JOIN hash h ON h.path = p.path",
        "SELECT * FROM yara_process WHERE pid > 100",
        "SELECT * FROM windows_eventlog WHERE channel = 'System'",
    ],
)
def test_usable_constraints_satisfy_a_required_column(
    checker: SqlChecker, query: str
) -> None:
    assert check(checker, query).findings == []


@pytest.mark.parametrize(
    "query",
    [
        "SELECT path FROM file WHERE path > '/etc'",  # TEXT: osquery ignores ranges
        "SELECT path FROM file WHERE path != '/etc/passwd'",
        "SELECT f.path FROM file f LEFT JOIN users u ON f.path = u.directory",
    ],
)
def test_unusable_constraints_do_not(checker: SqlChecker, query: str) -> None:
    assert [f.code for f in check(checker, query).findings] == ["sql-required-column"]


# user data ------------------------------------------------------------------------
def test_user_data_without_uid_is_a_warning(checker: SqlChecker) -> None:
    finding = only(check(checker, "SELECT command FROM shell_history"))
    assert (finding.code, finding.pos.column) == ("sql-user-data", 28)
    assert finding.severity is Severity.WARNING
    assert "returns only the osquery user's rows" in finding.message
    assert finding.hint.startswith("JOIN users to read every user's")


@pytest.mark.parametrize(
    "query",
    [
        "SELECT u.username, h.command FROM users u JOIN shell_history h USING (uid)",
        "SELECT command FROM shell_history WHERE uid = 0",
        "SELECT * FROM preferences WHERE username = 'admin'",
    ],
)
def test_user_data_with_a_user_constraint_passes(
    checker: SqlChecker, query: str
) -> None:
    assert check(checker, query).findings == []


# without a schema -----------------------------------------------------------------
def test_without_a_schema_unknown_names_only_prove_the_sql_parsed(
    bare: SqlChecker,
) -> None:
    verdict = check(bare, "SELECT nme FROM opera_extensions WHERE x = 1")
    assert (verdict.findings, verdict.tables, verdict.platforms) == (
        [],
        frozenset(),
        None,
    )


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("SELECT pid FRM processes", "sql-syntax"),
        ("SELECT pid FROM processes; SELECT 1", "sql-multiple"),
        ("SELECT regexp_match('a', 'b', 0)", "sql-function"),
        ("DELETE FROM processes", "sql-not-select"),
    ],
)
def test_without_a_schema_syntax_is_still_checked(
    bare: SqlChecker, query: str, code: str
) -> None:
    verdict = check(bare, query)
    assert [f.code for f in verdict.findings] == [code]
    assert verdict.platforms is None


def test_one_checker_checks_many_queries_independently(checker: SqlChecker) -> None:
    """State from one prepare (tables, constraints) never leaks into the next."""
    assert check(checker, "SELECT path FROM file WHERE path = '/x'").findings == []
    assert [f.code for f in check(checker, "SELECT path FROM file").findings] == [
        "sql-required-column"
    ]
    assert check(checker, "SELECT 1").tables == frozenset()


def test_a_hidden_column_through_a_table_alias(checker: SqlChecker) -> None:
    """osquery-defense-kit matches yara.sigrule: a hidden column of yara_file,
    read through the alias yara. The alias must not hide it."""
    verdict = check(
        checker,
        "SELECT file.path FROM file JOIN yara ON file.path = yara.path "
        "WHERE file.path LIKE '/tmp/%' AND yara.sigrule = 'rule x {condition true}'",
    )
    assert verdict.findings == []
    assert verdict.tables == {"file", "yara_file"}
