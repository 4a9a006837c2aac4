"""The one choke point for YAML: typed values read from positioned nodes.

``fleet.load.yamlparse`` composes the node tree (PyYAML, libyaml when present); every
node carries its start mark, so each value read here can be reported at
file:line:col with its key path. Duplicate keys and YAML 1.1 surprises (``yes`` as a
boolean, ``010`` as octal, ``5.10`` as a float) are caught here, where the raw
scalar is still visible.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from fleet.findings import Finding, Pos, error, warning
from fleet.printable import escaped, unsafe_characters

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"

# Characters a single-line value (a flag, an option) must not hold besides those
# unsafe_characters finds: the flag file is one flag per line.
LINE_CHARACTERS = "\t\n\u2028\u2029"
# What YAML's double-quoted escapes make of a Windows path: C:\temp, \new, \reports,
# \backup, \files, \vm, \apps, \0.
PATH_ESCAPES = "\t\n\r\b\f\v\a\0"
_TRUE_WORDS = {"true", "True", "TRUE"}
_FALSE_WORDS = {"false", "False", "FALSE"}
_INT_TEXT = re.compile(r"[-+]?(0|[1-9][0-9]*)$")


def suggest(word: str, choices: Iterable[str]) -> str:
    """A 'did you mean' hint, or an empty string."""
    options = sorted(choices)
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close:
        close = [c for c in options if c.lower() == word.lower()]
    return f"did you mean '{close[0]}'?" if close else ""


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


@dataclass(slots=True)
class Entry:
    """One key of a mapping: its text, the key node and the value node."""

    key: str
    key_node: Node
    value: Node


class Reader:
    """Reads typed values from a composed YAML tree, collecting findings.

    Every method takes the node and its key path and returns the value, or None
    when the value is unusable (a finding then says why).
    """

    def __init__(self, file: str, text: str = "") -> None:
        self.file = file
        self.text = text
        self.findings: list[Finding] = []
        self._lines: list[str] | None = None

    def source_line(self, index: int) -> str:
        """Line ``index`` (0-based) of the source text, or '' past its end."""
        if self._lines is None:
            self._lines = self.text.splitlines()
        return self._lines[index] if 0 <= index < len(self._lines) else ""

    # positions -----------------------------------------------------------------
    def pos(self, node: Node, path: str) -> Pos:
        return Pos(
            self.file, node.start_mark.line + 1, node.start_mark.column + 1, path
        )

    def error(self, code: str, node: Node, path: str, msg: str, hint: str = "") -> None:
        self.findings.append(error(code, self.pos(node, path), msg, hint))

    def warn(self, code: str, node: Node, path: str, msg: str, hint: str = "") -> None:
        self.findings.append(warning(code, self.pos(node, path), msg, hint))

    # structure -----------------------------------------------------------------
    def mapping(self, node: Node, path: str, what: str = "") -> dict[str, Entry] | None:
        """The entries of a mapping, rejecting duplicate and non-string keys."""
        if not isinstance(node, MappingNode):
            self.error(
                "type",
                node,
                path,
                f"{what or path or 'the document'} must be a mapping "
                f"(key: value lines), not {describe(node)}",
            )
            return None
        entries: dict[str, Entry] = {}
        for key_node, value in node.value:
            if not isinstance(key_node, ScalarNode):
                self.error("type", key_node, path, "a key must be a plain string")
                continue
            key = key_node.value
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.error(
                    "yaml-merge",
                    key_node,
                    join(path, key),
                    "YAML merge keys ('<<') are not supported in the inventory",
                    "write the keys out; merges hide what a reviewer needs to see",
                )
                continue
            if key in entries:
                first = entries[key].key_node
                self.findings.append(
                    error(
                        "duplicate-key",
                        self.pos(key_node, join(path, key)),
                        f"duplicate key '{key}' (first defined at line "
                        f"{first.start_mark.line + 1}, column "
                        f"{first.start_mark.column + 1})",
                        "YAML keeps only one of them silently; remove or rename one",
                        related=(self.pos(first, join(path, key)),),
                    )
                )
                continue
            entries[key] = Entry(key, key_node, value)
        return entries

    def check_keys(
        self, entries: dict[str, Entry], allowed: set[str] | frozenset[str], path: str
    ) -> None:
        for key, entry in entries.items():
            if key not in allowed:
                hint = suggest(key, allowed) or "allowed: " + ", ".join(sorted(allowed))
                self.error(
                    "unknown-key",
                    entry.key_node,
                    join(path, key),
                    f"unknown key '{key}'",
                    hint,
                )

    def sequence(self, node: Node, path: str) -> list[Node] | None:
        if isinstance(node, SequenceNode):
            return list(node.value)
        self.error("type", node, path, f"{path} must be a list, not {describe(node)}")
        return None

    # scalars -------------------------------------------------------------------
    def string(
        self, node: Node, path: str, allow_empty: bool = False, one_line: bool = False
    ) -> str | None:
        if not isinstance(node, ScalarNode) or (node.tag == NULL and not node.style):
            if isinstance(node, ScalarNode) and allow_empty:
                return ""
            self.error(
                "type", node, path, f"{path} must be a string, not {describe(node)}"
            )
            return None
        if node.tag != STR and not node.style:
            # A plain scalar YAML turned into something else: 'no' became false.
            self.error(
                "yaml11-type",
                node,
                path,
                f"'{node.value}' is read by YAML as {describe(node)}, not as text",
                f"quote it: '{node.value}'",
            )
            return None
        if not node.value and not allow_empty:
            self.error("empty", node, path, f"{path} must not be empty")
            return None
        if self.unsafe_text(node, path, node.value, one_line):
            return None
        return str(node.value)

    def unsafe_text(
        self, node: Node, path: str, text: str, one_line: bool = False
    ) -> bool:
        """Report control and text-direction characters in ``text`` (with
        ``one_line``, tabs and line breaks too); True when it holds any."""
        unsafe = set(unsafe_characters(text))
        if one_line:
            unsafe |= set(text) & set(LINE_CHARACTERS)
        if not unsafe:
            return False
        shown = ", ".join(sorted(escaped(c) for c in unsafe))
        where = "".join(escaped(c) if c in unsafe else c for c in path)
        if unsafe & set(PATH_ESCAPES) and self.escaped_in_double_quotes(node):
            hint = (
                "in double quotes YAML reads a backslash as an escape (\\t is a "
                "tab, \\n a line break): write Windows paths in single quotes, "
                "'C:\\temp\\new'"
            )
        elif one_line:
            hint = (
                "remove them: a tab or line break has no place in a path or name, "
                "and a line break in a flag value starts another flag in the flag file"
            )
        else:
            hint = (
                "remove them: they hide what the text says from reviewers and "
                "terminals, and NUL cannot reach osquery"
            )
        self.error(
            "control-character",
            node,
            path,
            f"{where} holds control or text-direction characters ({shown})",
            hint,
        )
        return True

    def escaped_in_double_quotes(self, node: Node) -> bool:
        """Whether ``node`` is a double-quoted scalar written with a backslash
        escape (the source is needed to tell)."""
        if not isinstance(node, ScalarNode) or node.style != '"' or not self.text:
            return False
        return "\\" in self.text[node.start_mark.index : node.end_mark.index]

    def integer(self, node: Node, path: str) -> int | None:
        """An integer; a numeric string is accepted with a warning (osquery's packs
        quote intervals), anything else is an error."""
        if isinstance(node, ScalarNode) and node.tag == INT and not node.style:
            if not _INT_TEXT.match(node.value):
                self.yaml11_number(node, path)
                return None
            return int(node.value)
        if isinstance(node, ScalarNode) and node.tag == STR and node.style:
            text = node.value.strip()
            if _INT_TEXT.match(text):
                self.warn(
                    "number-string",
                    node,
                    path,
                    f"{path} is the string '{node.value}'; it is compiled as the "
                    f"number {int(text)}",
                    "write it without quotes",
                )
                return int(text)
        self.error(
            "type",
            node,
            path,
            f"{path} must be a whole number, not {describe(node)}",
        )
        return None

    def decimal(self, node: ScalarNode, path: str) -> float | None:
        """A plain scalar YAML resolved as a float, if YAML 1.2 reads it alike and
        JSON can hold it."""
        if "_" in node.value or ":" in node.value:
            self.yaml11_number(node, path)
            return None
        value = float(str(_as_number(node)))
        if not math.isfinite(value):
            self.error(
                "type",
                node,
                path,
                f"{path} must be a finite number, not {node.value}",
                "JSON, and so osquery's config, cannot hold it",
            )
            return None
        return value

    def yaml11_number(self, node: ScalarNode, path: str) -> None:
        """Report a number YAML 1.1 reads otherwise than YAML 1.2: 010 (octal 8),
        1:30 (sexagesimal 90), 1_000 (1000; text in YAML 1.2)."""
        number = _as_number(node)
        if "_" in node.value and ":" not in node.value:
            message = (
                f"'{node.value}' is the number {number} only in YAML 1.1, which "
                "ignores '_' in numbers; YAML 1.2 tools read it as text"
            )
            hint = f"write {number}"
        else:
            message = (
                f"'{node.value}' is read by YAML 1.1 as the number {number}, "
                f"not {node.value}"
            )
            hint = "write a plain decimal number"
        self.error("yaml11-number", node, path, message, hint)

    def passthrough(self, node: Node, path: str) -> object:
        """The plain value of an osquery setting passed through as written, after
        reporting the YAML 1.1 readings in it (numbers and yes/no words)."""
        stack = [(node, path)]
        while stack:
            current, where = stack.pop()
            if isinstance(current, MappingNode):
                for k, v in current.value:
                    key_path = join(where, str(k.value))
                    if isinstance(k, ScalarNode):
                        self.unsafe_text(k, key_path, str(k.value), one_line=True)
                    stack.append((v, key_path))
            elif isinstance(current, SequenceNode):
                stack.extend((v, join(where, i)) for i, v in enumerate(current.value))
            elif isinstance(current, ScalarNode) and current.style:
                # A tab or line break in a double-quoted value came from an escape:
                # "C:\temp" is C:<TAB>emp. SQL (views, queries) may hold them.
                self.unsafe_text(
                    current,
                    where,
                    current.value,
                    one_line=not _sql_path(where)
                    and self.escaped_in_double_quotes(current),
                )
            elif isinstance(current, ScalarNode):
                if current.tag == INT and not _INT_TEXT.match(current.value):
                    self.yaml11_number(current, where)
                elif current.tag == FLOAT:
                    self.decimal(current, where)
                elif current.tag == BOOL:
                    self.boolean(current, where)
        return plain(node)

    def boolean(self, node: Node, path: str) -> bool | None:
        if isinstance(node, ScalarNode) and node.tag == BOOL and not node.style:
            if node.value in _TRUE_WORDS:
                return True
            if node.value in _FALSE_WORDS:
                return False
            value = node.value.lower() in {"yes", "on", "y"}
            self.warn(
                "yaml11-boolean",
                node,
                path,
                f"'{node.value}' is a YAML 1.1 boolean ({str(value).lower()}); "
                "YAML 1.2 tools read it as text",
                f"write {str(value).lower()}",
            )
            return value
        if isinstance(node, ScalarNode) and node.tag == STR:
            low = node.value.strip().lower()
            if low in {"true", "false"}:
                self.warn(
                    "bool-string",
                    node,
                    path,
                    f"{path} is the string '{node.value}'; it is compiled as the "
                    f"boolean {low}",
                    f"write {low} without quotes",
                )
                return bool(low == "true")
        self.error(
            "type", node, path, f"{path} must be true or false, not {describe(node)}"
        )
        return None

    def version(self, node: Node, path: str) -> str | None:
        """A dotted version string such as '5.12.1'."""
        if isinstance(node, ScalarNode) and node.tag in (FLOAT, INT) and not node.style:
            self.error(
                "version-number",
                node,
                path,
                f"version {node.value} is read by YAML as a number "
                f"({_as_number(node)}), which loses its text",
                f"quote it: '{node.value}'",
            )
            return None
        text = self.string(node, path)
        if text is None:
            return None
        if not re.fullmatch(r"\d+(\.\d+){0,3}", text):
            self.error(
                "version-format",
                node,
                path,
                f"'{text}' is not a dotted version such as '5.12.1'",
                "osquery compares versions number by number",
            )
            return None
        return text

    def string_list(
        self, node: Node, path: str, one_line: bool = False
    ) -> list[str] | None:
        if isinstance(node, ScalarNode) and node.tag == NULL:
            return []
        items = self.sequence(node, path)
        if items is None:
            return None
        out = []
        for i, item in enumerate(items):
            value = self.string(item, join(path, i), one_line=one_line)
            if value is not None:
                out.append(value)
        return out


def _sql_path(path: str) -> bool:
    """Whether a pass-through value at ``path`` is SQL, where tabs and line
    breaks are white space: views, file_paths_query, an ATC table's query."""
    dotted = f"{path}."
    return (
        ".views." in dotted or ".file_paths_query." in dotted or path.endswith(".query")
    )


def one_line(text: str) -> str:
    """``text`` with control, text-direction and line-breaking characters escaped:
    a name or path shown in a file:line:col report stays on its line."""
    if text.isprintable():
        return text
    return "".join(
        escaped(c) if c in LINE_CHARACTERS or unsafe_characters(c) else c for c in text
    )


def _as_number(node: ScalarNode) -> object:
    try:
        return yaml.safe_load(node.value)
    except yaml.YAMLError:
        return node.value


def describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return {
        STR: "a string",
        INT: "a number",
        FLOAT: "a decimal number",
        BOOL: "a boolean",
        NULL: "empty (null)",
    }.get(node.tag, f"a {node.tag.rsplit(':', 1)[-1]}")


def plain(node: Node) -> object:
    """The plain Python value of a node (for pass-through osquery settings).

    Mapping keys are always strings, as JSON needs them.
    """
    if isinstance(node, MappingNode):
        return {str(k.value): plain(v) for k, v in node.value}
    if isinstance(node, SequenceNode):
        return [plain(v) for v in node.value]
    assert isinstance(node, ScalarNode)
    if node.tag == STR or node.style:
        return node.value
    return _as_number(node)
