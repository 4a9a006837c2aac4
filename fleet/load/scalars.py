"""Where each character of a YAML scalar's value stands in the source text.

A finding inside SQL (a bad column name) has an offset into the parsed value; the
reader needs the line and column in the file. Quotes, escapes (``''``, ``\\"``,
``\\u00fc``), line folding and block indentation all move the two apart, so the
source is scanned again here the way libyaml scans it, noting where each value
character came from. The result is checked against the value libyaml produced: a
scalar read any other way gives no map, and findings then point at its start.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from yaml.nodes import ScalarNode

BREAKS = "\r\n\x85\u2028\u2029"
BLANKS = " \t"
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# libyaml's escapes in double-quoted scalars, and those followed by hex digits.
ESCAPES = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "'": "'",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


class _Unread(Exception):
    """The source does not scan as a scalar of this style."""


class _Value:
    """The value being rebuilt: its characters and the source index of each."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.where: list[int] = []

    def add(self, text: str, at: int) -> None:
        for char in text:
            self.chars.append(char)
            self.where.append(at)

    def text(self) -> str:
        return "".join(self.chars)


def value_offsets(source: str, node: ScalarNode) -> list[int] | None:
    """The source index of each character of ``node.value`` and of its end.

    None when the source at the node's marks does not read back as its value.
    """
    start, end = node.start_mark.index, node.end_mark.index
    if not 0 <= start <= end <= len(source):
        return None
    try:
        if node.style in ("|", ">"):
            found = _block(source, start, node.value, literal=node.style == "|")
        elif node.style in ("'", '"'):
            if source[start : start + 1] != node.style:
                return None
            found = _flow(source, start + 1, end - 1, node.style)
        else:
            found = _flow(source, start, end, "")
    except (_Unread, IndexError, ValueError):
        return None
    if found is None or found.text() != node.value:
        return None
    if node.style in ("'", '"'):
        tail = end - 1  # the closing quote
    else:
        tail = found.where[-1] + 1 if found.where else start
    return [*found.where, tail]


def line_and_column(source: str, node: ScalarNode, index: int) -> tuple[int, int]:
    """1-based line and column of ``source[index]``, at or after the node's start."""
    mark = node.start_mark
    line, line_start = mark.line, mark.index - mark.column
    for found in _BREAK.finditer(source, mark.index, index):
        line, line_start = line + 1, found.end()
    return line + 1, index - line_start + 1


def _read_break(source: str, i: int) -> tuple[str, int]:
    """The line break at ``i`` as libyaml keeps it, and the index after it."""
    if source.startswith("\r\n", i):
        return "\n", i + 2
    char = source[i]
    return ("\n" if char in "\r\n\x85" else char), i + 1


def _flow(source: str, i: int, stop: int, quote: str) -> _Value:
    """A plain (``quote`` empty) or quoted scalar's text between ``i`` and ``stop``."""
    value = _Value()
    while i < stop:
        leading_blanks = False
        while i < stop and source[i] not in BLANKS + BREAKS:
            char = source[i]
            if quote == "'" and source.startswith("''", i):
                value.add("'", i)
                i += 2
            elif quote == '"' and char == "\\":
                following = source[i + 1]
                if following in BREAKS:
                    _, i = _read_break(source, i + 1)
                    leading_blanks = True
                    break
                i = _escape(source, i, value)
            else:
                value.add(char, i)
                i += 1
        i = _fold(source, i, stop, value, leading_blanks)
    return value


def _escape(source: str, i: int, value: _Value) -> int:
    """Add the escape at ``i`` (a backslash) to the value; the index after it."""
    code = source[i + 1]
    if code in ESCAPES:
        value.add(ESCAPES[code], i)
        return i + 2
    if code not in HEX_ESCAPES:
        raise _Unread(code)
    digits = source[i + 2 : i + 2 + HEX_ESCAPES[code]]
    value.add(chr(int(digits, 16)), i)
    return i + 2 + len(digits)


def _fold(source: str, i: int, stop: int, value: _Value, leading_blanks: bool) -> int:
    """Blanks and line breaks after a run of text, folded as flow scalars fold."""
    whitespace: list[tuple[str, int]] = []
    leading_break: tuple[str, int] | None = None
    trailing: list[tuple[str, int]] = []
    while i < stop and source[i] in BLANKS + BREAKS:
        if source[i] in BLANKS:
            if not leading_blanks:
                whitespace.append((source[i], i))
            i += 1
            continue
        at = i
        kept, i = _read_break(source, i)
        if leading_blanks:
            trailing.append((kept, at))
        else:
            whitespace, leading_break, leading_blanks = [], (kept, at), True
    if not leading_blanks:
        for char, at in whitespace:
            value.add(char, at)
    elif leading_break is not None and leading_break[0] == "\n":
        if not trailing:
            value.add(" ", leading_break[1])
        for kept, at in trailing:
            value.add(kept, at)
    else:
        for kept, at in ([leading_break] if leading_break else []) + trailing:
            value.add(kept, at)
    return i


def _block(source: str, start: int, expected: str, literal: bool) -> _Value | None:
    """A literal or folded block scalar whose indicator is at ``start``."""
    i, increment, chomping = _header(source, start + 1)
    if increment:
        candidates: Iterator[int] = iter(range(increment, increment + 1000))
    else:
        candidates = iter((_auto_indent(source, i),))
    for indent in candidates:
        found = _block_body(source, i, indent, literal, chomping)
        if found.text() == expected:
            return found
        if _column(source, _first_content(source, i)) < indent:
            break
    return None


def _header(source: str, i: int) -> tuple[int, int, str]:
    """Read the indicators and the rest of the header line; index of the next line."""
    increment, chomping = 0, ""
    while i < len(source) and source[i] in "+-123456789":
        if source[i] in "+-":
            chomping = source[i]
        else:
            increment = int(source[i])
        i += 1
    while i < len(source) and source[i] not in BREAKS:
        i += 1
    if i < len(source):
        _, i = _read_break(source, i)
    return i, increment, chomping


def _column(source: str, i: int) -> int:
    line_start = i
    while line_start > 0 and source[line_start - 1] not in BREAKS:
        line_start -= 1
    return i - line_start


def _first_content(source: str, i: int) -> int:
    while i < len(source) and source[i] in " " + BREAKS:
        i += 1
    return i


def _auto_indent(source: str, i: int) -> int:
    """libyaml's choice: the deepest indentation up to the first non-empty line."""
    deepest = 0
    while True:
        while i < len(source) and source[i] == " ":
            i += 1
        deepest = max(deepest, _column(source, i))
        if i >= len(source) or source[i] not in BREAKS:
            return max(deepest, 1)
        _, i = _read_break(source, i)


def _indent_breaks(
    source: str, i: int, indent: int
) -> tuple[int, list[tuple[str, int]]]:
    """Skip indentation and empty lines; the breaks of those lines."""
    breaks: list[tuple[str, int]] = []
    while True:
        column = _column(source, i)
        while column < indent and i < len(source) and source[i] == " ":
            i, column = i + 1, column + 1
        if i >= len(source) or source[i] not in BREAKS:
            return i, breaks
        at = i
        kept, i = _read_break(source, i)
        breaks.append((kept, at))


def _block_body(
    source: str, i: int, indent: int, literal: bool, chomping: str
) -> _Value:
    value = _Value()
    i, trailing = _indent_breaks(source, i, indent)
    leading_break: tuple[str, int] | None = None
    leading_blank = False
    while i < len(source) and _column(source, i) == indent:
        trailing_blank = source[i] in BLANKS
        if (
            not literal
            and leading_break is not None
            and leading_break[0] == "\n"
            and not leading_blank
            and not trailing_blank
        ):
            if not trailing:
                value.add(" ", leading_break[1])
            leading_break = None
        for kept, at in ([leading_break] if leading_break else []) + trailing:
            value.add(kept, at)
        leading_break, trailing = None, []
        leading_blank = source[i] in BLANKS
        while i < len(source) and source[i] not in BREAKS:
            value.add(source[i], i)
            i += 1
        if i < len(source):
            at = i
            kept, i = _read_break(source, i)
            leading_break = (kept, at)
        i, trailing = _indent_breaks(source, i, indent)
    if chomping != "-" and leading_break is not None:
        value.add(*leading_break)
    if chomping == "+":
        for kept, at in trailing:
            value.add(kept, at)
    return value
