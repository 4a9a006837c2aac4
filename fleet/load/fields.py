"""Reading the fields that packs and targets share: SQL texts and string maps."""

from __future__ import annotations

from yaml.nodes import Node, ScalarNode

from fleet.load.yamldoc import Reader, join
from fleet.model import Sql
from fleet.osquery.sqltext import normalise_sql


def read_sql(reader: Reader, node: Node, path: str) -> Sql | None:
    text = reader.string(node, path)
    if text is None:
        return None
    assert isinstance(node, ScalarNode)
    sql = Sql(normalise_sql(text), reader.pos(node, path), node.style or "")
    if node.style == "|":
        sql.body_line, sql.body_column = _block_body(reader, node)
    elif "\n" not in text:
        sql.body_line = node.start_mark.line + 1
        sql.body_column = node.start_mark.column + 1
    _check_comment_cut(reader, node, path)
    return sql


def _block_body(reader: Reader, node: ScalarNode) -> tuple[int, int]:
    """1-based line and column of the first character of a literal block's body."""
    index = node.start_mark.line + 1
    while index < node.end_mark.line and not reader.source_line(index).strip():
        index += 1
    line = reader.source_line(index)
    return index + 1, len(line) - len(line.lstrip(" ")) + 1


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


def read_path_map(reader: Reader, node: Node, path: str) -> dict[str, list[str]]:
    """``{category: [glob, ...]}`` as file_paths and exclude_paths take it."""
    entries = reader.mapping(node, path)
    out: dict[str, list[str]] = {}
    for key, entry in (entries or {}).items():
        values = reader.string_list(entry.value, join(path, key))
        if values is not None:
            out[key] = values
    return out


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null"
