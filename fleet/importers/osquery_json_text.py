"""Read osquery's JSON dialect with osquery's leniencies, and no more silently.

osquery strips whole-line ``#`` and ``//`` comments and deletes backslash-newline
anywhere before a strict JSON parse. This reader accepts the same, and also the
``/* */`` and trailing ``//`` comments older osquery releases tolerated, with a
warning because osquery 5 rejects them. A continuation inside a string collapses the
backslash, the newline and the white space around them to one space (K03). Comments
are recognised by a scanner that knows strings, so ``'http://%'`` stays intact (K02).

Everything else is strict JSON. Positions are exact: the scanner never moves text,
so a syntax error or a duplicate key (K01) is reported at the line and column of
the file as written.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from fleet.findings import Finding, Pos, error, warning
from fleet.importers.depth import MAX_DEPTH, too_deep
from fleet.importers.nodes import (
    ARRAY,
    BOOLEAN,
    NULLV,
    NUMBER,
    OBJECT,
    STRING,
    Member,
    Node,
)

_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_PLAIN = re.compile(r'[^"\\\x00-\x1f]+')
_HSPACE = " \t"
_ESCAPES = {
    '"': '"',
    "\\": "\\",
    "/": "/",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
}
_LITERALS = {"true": True, "false": False, "null": None}


class _TooDeep(Exception):
    def __init__(self, index: int) -> None:
        super().__init__(index)
        self.index = index


class _Syntax(Exception):
    def __init__(self, index: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.index = index
        self.message = message
        self.hint = hint


@dataclass(slots=True)
class _Scanner:
    text: str
    file: str
    findings: list[Finding] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    i: int = 0

    def __post_init__(self) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", self.text)]

    def where(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, index)
        return line, index - self.starts[line - 1] + 1

    def pos(self, index: int, path: str = "") -> Pos:
        line, column = self.where(index)
        return Pos(self.file, line, column, path)

    # white space and comments ----------------------------------------------------
    def skip(self) -> None:
        text = self.text
        while self.i < len(text):
            ch = text[self.i]
            if ch in " \t\r\n\f\v":
                self.i += 1
            elif ch == "#" or text.startswith("//", self.i):
                self._line_comment()
            elif text.startswith("/*", self.i):
                self._block_comment()
            elif text.startswith("\\\n", self.i):
                self._continuation_warning(self.i)
                self.i += 2
            else:
                return

    def _line_comment(self) -> None:
        line_start = self.starts[self.where(self.i)[0] - 1]
        whole_line = not self.text[line_start : self.i].strip()
        if not whole_line and self.text[self.i] == "#":
            raise _Syntax(
                self.i,
                "a '#' comment must be on a line of its own",
                "osquery drops only whole lines starting with '#' or '//'",
            )
        if not whole_line:
            self.findings.append(
                warning(
                    "import-comment",
                    self.pos(self.i),
                    "trailing '//' comment: osquery 5 rejects comments after a value",
                    "the comment is not imported; move it to a line of its own",
                )
            )
        end = self.text.find("\n", self.i)
        self.i = len(self.text) if end < 0 else end

    def _block_comment(self) -> None:
        end = self.text.find("*/", self.i + 2)
        if end < 0:
            raise _Syntax(self.i, "unterminated '/*' comment")
        self.findings.append(
            warning(
                "import-comment",
                self.pos(self.i),
                "'/* */' comment: osquery 5 rejects block comments",
                "the comment is not imported; use whole-line '//' comments",
            )
        )
        self.i = end + 2

    def _continuation_warning(self, index: int) -> None:
        self.findings.append(
            warning(
                "import-continuation",
                self.pos(index),
                f"non-standard line continuation at line {self.where(index)[0]}",
                "osquery joins lines ending in a backslash; strict JSON does not. The "
                "backslash, the newline and the indentation became one space",
            )
        )

    # values ----------------------------------------------------------------------
    def value(self, depth: int) -> Node:
        self.skip()
        if self.i >= len(self.text):
            raise _Syntax(self.i, "expected a value, found the end of the file")
        if depth >= MAX_DEPTH:
            raise _TooDeep(self.i)
        line, column = self.where(self.i)
        ch = self.text[self.i]
        if ch == "{":
            return self._object(depth, line, column)
        if ch == "[":
            return self._array(depth, line, column)
        if ch == '"':
            return Node(STRING, self.string(), line, column)
        match = _NUMBER.match(self.text, self.i)
        if match and (ch == "-" or ch.isdigit()):
            self.i = match.end()
            raw = match.group()
            number: int | float = int(raw) if raw.lstrip("-").isdigit() else float(raw)
            return Node(NUMBER, number, line, column, raw=raw)
        for word, literal in _LITERALS.items():
            if self.text.startswith(word, self.i):
                self.i += len(word)
                kind = NULLV if literal is None else BOOLEAN
                return Node(kind, literal, line, column, raw=word)
        raise _Syntax(
            self.i,
            f"expected a value, found {_shown(ch)}",
            "strings need double quotes" if ch == "'" else "",
        )

    def _object(self, depth: int, line: int, column: int) -> Node:
        node = Node(OBJECT, None, line, column)
        first_seen: dict[str, int] = {}
        self.i += 1
        self.skip()
        if self._peek() == "}":
            self.i += 1
            return node
        while True:
            self.skip()
            if self._peek() != '"':
                raise _Syntax(
                    self.i,
                    f"expected a key in double quotes, found {_shown(self._peek())}",
                )
            key_index = self.i
            key = self.string()
            key_line, key_column = self.where(key_index)
            self.skip()
            if self._peek() != ":":
                raise _Syntax(
                    self.i,
                    f"expected ':' after key \"{key}\", found {_shown(self._peek())}",
                )
            self.i += 1
            child = self.value(depth + 1)
            if key in first_seen:
                self._duplicate(key, key_index, first_seen[key])
            else:
                first_seen[key] = key_index
                node.members.append(Member(key, key_line, key_column, child))
            if self._separator("}"):
                return node

    def _array(self, depth: int, line: int, column: int) -> Node:
        node = Node(ARRAY, None, line, column)
        self.i += 1
        self.skip()
        if self._peek() == "]":
            self.i += 1
            return node
        while True:
            node.items.append(self.value(depth + 1))
            if self._separator("]"):
                return node

    def _separator(self, close: str) -> bool:
        """After a member or item: True at the closing bracket, False after a comma."""
        self.skip()
        ch = self._peek()
        if ch == close:
            self.i += 1
            return True
        if ch != ",":
            raise _Syntax(self.i, f"expected ',' or '{close}', found {_shown(ch)}")
        comma = self.i
        self.i += 1
        self.skip()
        if self._peek() == close:
            raise _Syntax(
                comma,
                f"trailing comma before '{close}'",
                "JSON allows no comma after the last entry",
            )
        return False

    def _duplicate(self, key: str, index: int, first: int) -> None:
        line, first_line = self.where(index)[0], self.where(first)[0]
        self.findings.append(
            error(
                "duplicate-key",
                self.pos(index),
                f"duplicate key `{key}` at line {line}, first defined at line "
                f"{first_line}",
                "osquery and JSON tools keep only one of them, and not the same one; "
                "nothing is imported from this file",
                related=(self.pos(first),),
            )
        )

    def string(self) -> str:
        start = self.i
        self.i += 1
        parts: list[str] = []
        raw_tail = 0  # trailing raw spaces/tabs in parts, dropped by a continuation
        continued = False
        text = self.text
        while True:
            match = _PLAIN.match(text, self.i)
            if match:
                chunk = match.group()
                parts.append(chunk)
                stripped = len(chunk) - len(chunk.rstrip(_HSPACE))
                raw_tail = stripped if stripped < len(chunk) else raw_tail + stripped
                self.i = match.end()
            if self.i >= len(text):
                raise _Syntax(start, "unterminated string")
            ch = text[self.i]
            if ch == '"':
                self.i += 1
                return "".join(parts)
            if ch != "\\":
                raise _Syntax(
                    self.i,
                    "line break or control character inside a string"
                    if ch in "\r\n"
                    else f"control character {_shown(ch)} inside a string",
                    "escape it, e.g. \\n or \\t",
                )
            escape = text[self.i + 1 : self.i + 2]
            if escape == "\n":
                if not continued:
                    self._continuation_warning(self.i)
                    continued = True
                joined = "".join(parts)
                parts = [joined[: len(joined) - raw_tail], " "]
                self.i += 2
                while self.i < len(text) and text[self.i] in _HSPACE:
                    self.i += 1
                raw_tail = 0
                continue
            parts.append(self._escape(escape))
            raw_tail = 0

    def _escape(self, escape: str) -> str:
        if escape in _ESCAPES:
            self.i += 2
            return _ESCAPES[escape]
        if escape == "u":
            code = self._hex4(self.i + 2)
            self.i += 6
            if 0xD800 <= code < 0xDC00 and self.text.startswith("\\u", self.i):
                low = self._hex4(self.i + 2)
                if 0xDC00 <= low < 0xE000:
                    self.i += 6
                    return chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
            return chr(code)
        hint = (
            (
                "the file has Windows (CRLF) line endings: osquery cannot continue "
                "lines with them"
            )
            if escape == "\r"
            else "write a backslash as \\\\"
        )
        raise _Syntax(self.i, f"invalid escape '\\{escape}' in a string", hint)

    def _hex4(self, index: int) -> int:
        digits = self.text[index : index + 4]
        if not re.fullmatch(r"[0-9A-Fa-f]{4}", digits):
            raise _Syntax(index - 2, "invalid \\u escape: it needs four hex digits")
        return int(digits, 16)

    def _peek(self) -> str:
        return self.text[self.i] if self.i < len(self.text) else ""


def _shown(ch: str) -> str:
    if not ch:
        return "the end of the file"
    return repr(ch) if ch.isprintable() else f"character U+{ord(ch):04X}"


def parse_osquery_json(text: str, file: str) -> tuple[Node | None, list[Finding]]:
    """The document, or None with an error finding at the exact place it stops."""
    scanner = _Scanner(text, file)
    try:
        root = scanner.value(0)
        scanner.skip()
        if scanner.i < len(text):
            raise _Syntax(
                scanner.i,
                f"unexpected {_shown(text[scanner.i])} after the "
                "end of the JSON document",
            )
    except _Syntax as exc:
        scanner.findings.append(
            error(
                "import-json-syntax",
                scanner.pos(exc.index),
                f"JSON does not parse: {exc.message}",
                exc.hint,
            )
        )
        return None, scanner.findings
    except _TooDeep as exc:
        scanner.findings.append(too_deep(scanner.pos(exc.index)))
        return None, scanner.findings
    if root.kind != OBJECT:
        scanner.findings.append(
            error(
                "import-json-syntax",
                scanner.pos(0),
                "the document must be a JSON object ({...}); osquery rejects anything "
                "else",
            )
        )
        return None, scanner.findings
    return root, scanner.findings
