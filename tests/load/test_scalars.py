"""Offsets inside a YAML scalar's value map back to the line and column they came
from, whatever the scalar's style: quotes, escapes, folding, block indentation."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from fleet.load.inventory import load_inventory
from fleet.load.scalars import line_and_column, value_offsets
from fleet.schema import load_schema_file
from fleet.validate.run import validate_inventory
from tests.conftest import WriteInventory

PACK = """\
queries:
  single:
    interval: 60
    query: 'SELECT pid FROM processes WHERE name = ''it''''s'' AND nme = 1'
  double:
    interval: 60
    query: "SELECT pid FROM processes WHERE name = \\"x\\" AND nme = 1"
  unicode:
    interval: 60
    query: "SELECT pid FROM processes WHERE name = '\\u00fc\\x41' AND nme = 1"
  folded:
    interval: 60
    query: >
      SELECT pid FROM processes
      WHERE name = 'x'
      AND nme = 1
  newline_escape:
    interval: 60
    query: "SELECT pid FROM processes\\nWHERE name = 'x' AND\\
      \\tnme = 1"
  literal:
    interval: 60
    query: |2
        SELECT pid
          FROM processes WHERE nme = 1
  plain:
    interval: 60
    query: SELECT pid
      FROM processes

      WHERE nme = 1
"""


def test_sql_findings_point_into_every_scalar_style(
    write_inventory: WriteInventory, schema_file: Path
) -> None:
    """The column a finding inside SQL reports is where the name is in the file."""
    inv = write_inventory(files={"packs/g/p.yml": PACK})
    report = validate_inventory(load_inventory(inv), load_schema_file(schema_file))
    found = [(f.code, f.pos.line, f.pos.column, f.pos.path) for f in report.findings]
    assert found == [
        ("sql-column", 4, 68, "queries.single.query"),
        ("sql-column", 7, 62, "queries.double.query"),
        ("sql-column", 10, 69, "queries.unicode.query"),
        ("sql-column", 16, 11, "queries.folded.query"),
        ("sql-column", 20, 9, "queries.newline_escape.query"),
        ("sql-column", 25, 32, "queries.literal.query"),
        ("sql-column", 31, 13, "queries.plain.query"),
    ]
    lines = PACK.splitlines()
    for _, line, column, _ in found:
        assert lines[line - 1][column - 1 :].startswith("nme")


DOCS = [
    "q: SELECT a\n  FROM b\n\n  WHERE nme\n",
    "q: 'a ''b''\n\n  nme   '\n",
    'q: "SELECT a \\\n   FROM b\\tc\n\n   nme"\n',
    'q: "a\\x41\\U0001F600\\u00fc nme"\n',
    "q: |2\n    SELECT\n      nme\n",
    "a:\n  q: |+\n    SELECT\n\n     nme\n\n\nb: 1\n",
    "q: >-\n  SELECT a\n  b\n\n    more nme\n  last\n",
    "q: >\n\n\n  SELECT\n   nme\n  x\n",
    "q: |-  # comment\n  SELECT\t\n  nme",
    "{q: plain text\n  nme, r: 1}\n",
    "q: 'x'\r\nr: >\r\n  a\r\n  b nme\r\n",
    'q: "a\u2028b" \nr: "\u00e9\u00e9 \\"nme"\n',
]


def _scalar_with_nme(node: Node) -> ScalarNode | None:
    if isinstance(node, ScalarNode):
        return node if "nme" in node.value else None
    if isinstance(node, MappingNode):
        children = [child for pair in node.value for child in pair]
    else:
        children = list(node.value)
    for child in children:
        found = _scalar_with_nme(child)
        if found is not None:
            return found
    return None


@pytest.mark.parametrize("doc", DOCS)
def test_each_value_offset_maps_to_its_source_character(doc: str) -> None:
    node = _scalar_with_nme(yaml.compose(doc, Loader=yaml.CSafeLoader))
    assert node is not None
    places = value_offsets(doc, node)
    assert places is not None and len(places) == len(node.value) + 1
    line, column = line_and_column(doc, node, places[node.value.index("nme")])
    lines = doc.replace("\r\n", "\n").replace("\u2028", "\n").split("\n")
    assert lines[line - 1][column - 1 :].startswith("nme")


def test_a_value_that_does_not_read_back_has_no_map() -> None:
    node = yaml.compose("q: 'abc'\n", Loader=yaml.CSafeLoader).value[0][1]
    node.value = "something else"
    assert value_offsets("q: 'abc'\n", node) is None
