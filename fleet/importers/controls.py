"""Control characters in imported text, written as visible escapes.

fleet's loader refuses text holding control characters (NUL, ESC, backspace...) or
the Unicode controls that reorder text (``fleet.printable``): they hide what a
query says from its reviewers. Imported text is rewritten before anything maps it:
each such character becomes the text of its escape, ``\\b`` for a backspace, so the
inventory loads and a reviewer sees what was there. The short escapes are the ones
JSON and YAML give them, which also restores the most common origin: a Windows
path with single backslashes in a JSON string, where ``'c:\\backup'`` decodes to a
backspace and ``ackup``. A line break written ``\\r\\n`` inside a string becomes
``\\n``.
"""

from __future__ import annotations

from fleet.findings import Finding, Pos, warning
from fleet.importers.fields import Fields
from fleet.importers.nodes import ARRAY, OBJECT, STRING, Node
from fleet.printable import printable, unsafe_characters

_SHORT = {
    "\x00": "\\0",
    "\x07": "\\a",
    "\x08": "\\b",
    "\x0b": "\\v",
    "\x0c": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
}
HINT = (
    "remove what was not meant; a Windows path needs its backslashes doubled in "
    "JSON and in double-quoted YAML ('c:\\\\backup')"
)


def escaped(text: str) -> tuple[str, list[str], bool]:
    """``text`` with each control character written as its escape; the distinct
    characters replaced, and whether ``\\r\\n`` line breaks became ``\\n``."""
    if not unsafe_characters(text):
        return text, [], False
    crlf = "\r\n" in text
    text = text.replace("\r\n", "\n")
    found = sorted(set(unsafe_characters(text)))
    return (
        text.translate({ord(c): _SHORT.get(c, printable(c)) for c in found}),
        (found),
        crlf,
    )


def message(subject: str, found: list[str], crlf: bool) -> str:
    """What was there and what it became."""
    if not found:
        return f"{subject} holds line breaks written \\r\\n; imported as \\n"
    codes = ", ".join(f"U+{ord(c):04X}" for c in found)
    texts = ", ".join(f"`{_SHORT.get(c, printable(c))}`" for c in found)
    plural = "s" if len(found) > 1 else ""
    return (
        f"{subject} holds control character{plural} {codes}, which an inventory "
        f"cannot hold; imported escaped, as the text {texts}"
        + ("; its \\r\\n line breaks as \\n" if crlf else "")
    )


def escape_tree(root: Node, fields: Fields) -> None:
    """Rewrite every string and key under ``root``, a warning at each."""
    stack: list[tuple[Node, str]] = [(root, "")]
    while stack:
        node, path = stack.pop()
        if node.kind == STRING and isinstance(node.value, str):
            text, found, crlf = escaped(node.value)
            if text != node.value:
                node.value = node.raw = text
                fields.warn(
                    "import-control-character",
                    node,
                    path,
                    message(f"`{path}`" if path else "the text", found, crlf),
                    HINT if found else "",
                )
        elif node.kind == OBJECT:
            for member in node.members:
                key, found, crlf = escaped(member.key)
                at = f"{path}.{key}" if path else key
                if key != member.key:
                    fields.findings.append(
                        warning(
                            "import-control-character",
                            Pos(fields.file, member.line, member.column, at),
                            message(f"the key `{key}`", found, crlf),
                            HINT if found else "",
                        )
                    )
                    member.key = key
                stack.append((member.value, at))
        elif node.kind == ARRAY:
            stack += [(item, f"{path}[{i}]") for i, item in enumerate(node.items)]


def escape_lines(text: str, file: str) -> tuple[str, list[Finding]]:
    """A text file's lines (a defense-kit query, a flag file) with ``\r\n`` line
    breaks made ``\n`` and rewritten the same way, a warning at the first such
    character of each line."""
    findings: list[Finding] = []
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    for number, line in enumerate(lines, start=1):
        unsafe = unsafe_characters(line)
        if not unsafe:
            continue
        column = line.index(unsafe[0]) + 1
        lines[number - 1], found, _ = escaped(line)
        findings.append(
            warning(
                "import-control-character",
                Pos(file, number, column, ""),
                message(f"line {number}", found, False),
                HINT,
            )
        )
    return "\n".join(lines), findings
