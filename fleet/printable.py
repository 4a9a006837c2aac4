"""Text from inventories and hosts made safe to show on a terminal or in a report.

Control characters (an ESC could recolour or rewrite a terminal) and the Unicode
controls that reorder text (U+202E makes 'txt.exe' read 'exe.txt') are shown as
escapes; new lines and tabs stay.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def escaped(char: str) -> str:
    """A character as the escape that names it: \\x0a, \\u202e."""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    return _UNSAFE.sub(lambda match: escaped(match.group(0)), text)


def unsafe_characters(text: str) -> list[str]:
    """The characters of ``text`` that ``printable`` would escape."""
    return _UNSAFE.findall(text)
