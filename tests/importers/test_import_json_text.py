"""osquery's JSON dialect: its leniencies accepted, the rest strict, exact places."""

from __future__ import annotations

import pytest

from fleet.importers.osquery_json_text import parse_osquery_json


def parse(text: str) -> tuple[object, list[tuple[str, int, int, str]]]:
    root, findings = parse_osquery_json(text, "x.conf")
    return (
        None if root is None else root.plain(),
        [(f.code, f.pos.line, f.pos.column, f.message) for f in findings],
    )


def test_whole_line_comments_are_osquerys_own_and_silent() -> None:
    text = '# hash\n  // slashes\n{"a": 1}\n'
    assert parse(text) == ({"a": 1}, [])


def test_slashes_and_stars_inside_strings_are_text() -> None:
    text = '{"q": "LIKE \'http://%\' /* no */ // no"}\n'
    assert parse(text) == ({"q": "LIKE 'http://%' /* no */ // no"}, [])


def test_trailing_and_block_comments_warn_at_their_place() -> None:
    text = '{"a": 1, // tail\n /* block\n spanning */ "b": 2}\n'
    value, findings = parse(text)
    assert value == {"a": 1, "b": 2}
    assert [f[:3] for f in findings] == [
        ("import-comment", 1, 10),
        ("import-comment", 2, 2),
    ]


def test_a_trailing_hash_comment_is_a_syntax_error() -> None:
    value, findings = parse('{"a": 1 # no\n}\n')
    assert value is None
    assert findings[0][:3] == ("import-json-syntax", 1, 9)


def test_continuation_keeps_every_sql_character() -> None:
    text = '{"q": "a = \'%\' \\\n     AND (b != 1) \\\n\tOR c"}\n'
    value, findings = parse(text)
    assert value == {"q": "a = '%' AND (b != 1) OR c"}
    assert [f[:3] for f in findings] == [("import-continuation", 1, 16)]


def test_escaped_backslash_before_a_newline_is_not_a_continuation() -> None:
    _, findings = parse('{"q": "C:\\\\\n"}\n')
    assert findings[0][:3] == ("import-json-syntax", 1, 12)
    assert "line break" in findings[0][3]


def test_crlf_continuation_fails_as_in_osquery() -> None:
    _, findings = parse('{"q": "a \\\r\nb"}\r\n')
    assert findings[0][:3] == ("import-json-syntax", 1, 10)


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ('{"a": 1,}', 1, 8, "trailing comma before '}'"),
        ('{"a": [1, 2,]}', 1, 12, "trailing comma before ']'"),
        ("{'a': 1}", 1, 2, 'expected a key in double quotes, found "\'"'),
        ('{"a": NaN}', 1, 7, "expected a value, found 'N'"),
        ('{"a": 1}\n,', 2, 1, "unexpected ',' after the end of the JSON document"),
        ('{"a": "x\ty"}', 1, 9, "control character"),
        ('{"a": "\\q"}', 1, 8, "invalid escape '\\q' in a string"),
        ('{\n  "a": "open', 2, 8, "unterminated string"),
        ('{"a" 1}', 1, 6, "expected ':' after key \"a\", found '1'"),
        ("/* never closed", 1, 1, "unterminated '/*' comment"),
    ],
)
def test_syntax_errors_point_at_the_place(
    text: str, line: int, column: int, message: str
) -> None:
    value, findings = parse(text)
    assert value is None
    code, got_line, got_column, got_message = findings[-1]
    assert (code, got_line, got_column) == ("import-json-syntax", line, column)
    assert message in got_message


def test_the_root_must_be_an_object() -> None:
    assert parse("[1]")[1][0][:3] == ("import-json-syntax", 1, 1)


def test_duplicates_are_found_at_every_level_and_in_order() -> None:
    text = '{"a": {"x": 1, "x": 2},\n "a": 3}\n'
    _, findings = parse(text)
    assert [f[:3] for f in findings] == [
        ("duplicate-key", 1, 16),
        ("duplicate-key", 2, 2),
    ]


def test_unicode_escapes_and_numbers_keep_their_text() -> None:
    root, findings = parse_osquery_json(
        '{"s": "\\u00dc\\ud83d\\ude00", "v": 5.10}', "x"
    )
    assert findings == []
    assert root is not None
    assert root.plain() == {"s": "Ü😀", "v": 5.1}
    version = root.get("v")
    assert version is not None and version.raw == "5.10"
