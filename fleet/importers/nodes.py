"""One tree for every input format: values with the line and column they came from.

osquery JSON (read by ``osquery_json_text``) and YAML (composed by
``fleet.load.yamldoc``) both become ``Node`` trees, so the field mapping is written
once and every finding it makes points into the file the value came from.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.nodes import Node as YamlNode

from fleet.findings import Pos
from fleet.load.yamldoc import BOOL, FLOAT, INT, NULL, STR, Reader, plain

OBJECT, ARRAY, STRING, NUMBER, BOOLEAN, NULLV = (
    "object",
    "array",
    "string",
    "number",
    "bool",
    "null",
)


@dataclass(slots=True)
class Member:
    key: str
    line: int
    column: int
    value: Node


@dataclass(slots=True)
class Node:
    """A value and its place. ``raw`` keeps a number's text ('5.10' stays '5.10')."""

    kind: str
    value: object
    line: int
    column: int
    raw: str = ""
    members: list[Member] = field(default_factory=list)
    items: list[Node] = field(default_factory=list)

    def get(self, key: str) -> Node | None:
        for member in self.members:
            if member.key == key:
                return member.value
        return None

    def member(self, key: str) -> Member | None:
        for member in self.members:
            if member.key == key:
                return member
        return None

    def __contains__(self, key: object) -> bool:
        return any(m.key == key for m in self.members)

    def keys(self) -> list[str]:
        return [m.key for m in self.members]

    def text(self) -> str | None:
        return (
            self.value if self.kind == STRING and isinstance(self.value, str) else None
        )

    def plain(self, skip: AbstractSet[int] = frozenset()) -> object:
        """The plain Python value, as JSON would give it, without the nodes whose
        ``id`` is in ``skip``."""
        if self.kind == OBJECT:
            return {
                m.key: m.value.plain(skip)
                for m in self.members
                if id(m.value) not in skip
            }
        if self.kind == ARRAY:
            return [item.plain(skip) for item in self.items if id(item) not in skip]
        return self.value

    def pos(self, file: str, path: str) -> Pos:
        return Pos(file, self.line, self.column, path)


def describe(node: Node) -> str:
    return {
        OBJECT: "an object",
        ARRAY: "a list",
        STRING: "a string",
        NUMBER: "a number",
        BOOLEAN: "a boolean",
        NULLV: "empty (null)",
    }[node.kind]


def from_yaml(node: YamlNode, reader: Reader, path: str = "") -> Node:
    """Convert a composed YAML node; duplicate keys become findings on ``reader``."""
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    if isinstance(node, MappingNode):
        out = Node(OBJECT, None, line, column)
        for key, entry in (reader.mapping(node, path) or {}).items():
            child = from_yaml(entry.value, reader, f"{path}.{key}" if path else key)
            start = entry.key_node.start_mark
            out.members.append(Member(key, start.line + 1, start.column + 1, child))
        return out
    if isinstance(node, SequenceNode):
        out = Node(ARRAY, None, line, column)
        out.items = [
            from_yaml(item, reader, f"{path}[{i}]") for i, item in enumerate(node.value)
        ]
        return out
    assert isinstance(node, ScalarNode)
    if node.tag == STR or node.style:
        return Node(STRING, node.value, line, column, raw=node.value)
    value = plain(node)
    kind = {INT: NUMBER, FLOAT: NUMBER, BOOL: BOOLEAN, NULL: NULLV}.get(
        node.tag, STRING
    )
    if kind == NUMBER and not isinstance(value, (int, float)):
        kind = STRING
    if kind == BOOLEAN and not isinstance(value, bool):
        kind = STRING
    if kind == STRING:
        value = node.value
    return Node(kind, None if kind == NULLV else value, line, column, raw=node.value)
