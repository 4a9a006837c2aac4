"""A YAML syntax error that runs to the end of the file is reported where the
unclosed quote or bracket opened, not at the end."""

from __future__ import annotations

from fleet.load.yamlparse import parse

BROKEN = """\
queries:
  q:
    description: ü
    query: "SELECT pid FROM processes
    interval: 60
  r:
    query: SELECT 1
    interval: 60
"""


def test_an_unclosed_quote_is_reported_where_it_opens() -> None:
    _, [found] = parse(BROKEN, "broken.yml")
    assert (found.code, found.pos.line, found.pos.column) == ("yaml-syntax", 4, 12)
    assert found.message == (
        "YAML does not parse: found unexpected end of stream at line 9, column 1 "
        "(the end of the file), while scanning a quoted scalar that starts here"
    )
    assert found.hint == "close the quote that opens here"


def test_an_unclosed_flow_mapping_is_reported_where_it_opens() -> None:
    _, [found] = parse("a: 1\nb: {c: 1\n\n", "f.yml")
    assert (found.pos.line, found.pos.column) == (2, 4)
    assert "at line 4, column 1 (the end of the file)" in found.message
    assert found.hint == "close the bracket that opens here"


def test_an_error_before_the_end_stays_where_the_parser_stopped() -> None:
    _, [found] = parse("a: [1, 2\nb: 3\n", "f.yml")
    assert (found.pos.line, found.pos.column) == (2, 2)
    assert found.message == "YAML does not parse: did not find expected ',' or ']'"


def test_no_context_before_the_end_keeps_the_end() -> None:
    _, [found] = parse("queries: [\n", "f.yml")
    assert (found.pos.line, found.pos.column) == (2, 1)
