"""Reading the fields that packs and targets share: SQL texts and string maps."""

from __future__ import annotations

from dataclasses import dataclass, field

from yaml.error import Mark
from yaml.nodes import Node, ScalarNode

from fleet.findings import Pos
from fleet.load.scalars import line_and_column, value_offsets
from fleet.load.yamldoc import Reader, join
from fleet.model import Sql
from fleet.osquery.sqltext import normalise_sql


@dataclass(slots=True)
class SourceSql(Sql):
    """SQL read from a YAML scalar: an offset is placed through the scalar's source,
    whatever its quoting, escapes, folding or indentation."""

    source: str = field(default="", repr=False, compare=False)
    # The scalar's value, style and marks, kept small: a YAML node per query would
    # keep tens of MB alive in a large inventory. A node is rebuilt when needed.
    spot: tuple[str, str, int, int, int, int] | None = field(
        default=None, repr=False, compare=False
    )

    def pos_at(self, offset: int) -> Pos:
        if self.spot is None or not 0 <= offset <= len(self.text):
            return self.pos
        node = _node(self.spot)
        places = value_offsets(self.source, node) or []
        if offset >= len(places):
            return self.pos
        line, column = line_and_column(self.source, node, places[offset])
        return Pos(self.pos.file, line, column, self.pos.path)


def _spot(node: ScalarNode) -> tuple[str, str, int, int, int, int]:
    start, end = node.start_mark, node.end_mark
    return (
        node.value,
        node.style or "",
        start.index,
        start.line,
        start.column,
        end.index,
    )


def _node(spot: tuple[str, str, int, int, int, int]) -> ScalarNode:
    value, style, index, line, column, end = spot
    return ScalarNode(
        "tag:yaml.org,2002:str",
        value,
        Mark("", index, line, column, None, 0),
        Mark("", end, 0, 0, None, 0),
        style or None,
    )


def read_sql(reader: Reader, node: Node, path: str) -> Sql | None:
    text = reader.string(node, path)
    if text is None:
        return None
    assert isinstance(node, ScalarNode)
    _check_comment_cut(reader, node, path)
    return SourceSql(
        normalise_sql(text),
        reader.pos(node, path),
        source=reader.text,
        spot=_spot(node),
    )


def _check_comment_cut(reader: Reader, node: ScalarNode, path: str) -> None:
    """A ' #' after an unquoted value starts a YAML comment and cuts the SQL short."""
    if node.style or not reader.text:
        return
    end = node.end_mark
    if reader.source_line(end.line)[end.column :].lstrip().startswith("#"):
        reader.warn(
            "yaml-comment-cut",
            node,
            path,
            "the text after ' #' on this line is a YAML comment, not part of the SQL",
            "quote the SQL or write it as a block scalar (query: |) if '#' belongs "
            "to it",
        )


def read_sql_list(reader: Reader, node: Node, path: str) -> list[Sql]:
    items = reader.sequence(node, path) if not _is_null(node) else []
    out = []
    for i, item in enumerate(items or []):
        sql = read_sql(reader, item, join(path, i))
        if sql is not None:
            out.append(sql)
    return out


def read_path_map(
    reader: Reader,
    node: Node,
    path: str,
    where: dict[str, Pos] | None = None,
    prefix: str = "",
) -> dict[str, list[str]]:
    """``{category: [glob, ...]}`` as file_paths and exclude_paths take it.

    With ``where``, the place of each glob kept is recorded under
    ``prefix.category[i]`` (``i`` its index in the list returned)."""
    entries = reader.mapping(node, path)
    out: dict[str, list[str]] = {}
    for key, entry in (entries or {}).items():
        key_path = join(path, key)
        if reader.unsafe_text(entry.key_node, key_path, key, one_line=True):
            continue
        if _is_null(entry.value):
            out[key] = []
            continue
        items = reader.sequence(entry.value, key_path)
        if items is None:
            continue
        globs: list[str] = []
        for i, item in enumerate(items):
            value = reader.string(item, join(key_path, i), one_line=True)
            if value is None:
                continue
            if where is not None:
                where[f"{join(prefix, key)}[{len(globs)}]"] = reader.pos(
                    item, join(key_path, i)
                )
            globs.append(value)
        out[key] = globs
    return out


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null"
