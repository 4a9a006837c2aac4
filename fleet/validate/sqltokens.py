"""Just enough of SQLite's tokenizer to split statements and find names in SQL.

SQLite reports where a statement ends and where most errors are, but not where a
second statement starts when the first one fails, nor where an unknown table is
named. These helpers answer that without running SQLite: they skip strings,
quoted identifiers and comments exactly as SQLite does, so a ';' inside a literal
never splits a query.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import apsw

_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<comment>--[^\n]*|/\*.*?(?:\*/|\Z))
    | (?P<string>'(?:[^']|'')*'?)
    | (?P<quoted>"(?:[^"]|"")*"?|`(?:[^`]|``)*`?|\[[^\]]*\]?)
    | (?P<word>[^\W\d]\w*)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_LEADING_WORD = re.compile(r"\s*([^\W\d]\w*)")
_INSIGNIFICANT = ("space", "comment")


def tokens(text: str) -> Iterator[tuple[str, int, str]]:
    """Significant tokens as (kind, offset, text): no whitespace, no comments."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind not in _INSIGNIFICANT:
            yield kind, match.start(), match.group()


def is_blank(text: str) -> bool:
    """True when the text holds nothing but whitespace, comments and semicolons."""
    return all(kind == "other" and value == ";" for kind, _, value in tokens(text))


def first_word(text: str) -> tuple[str, int]:
    """The first keyword (upper case) and its offset, or ('', 0)."""
    match = _LEADING_WORD.match(text)
    if match:
        return match.group(1).upper(), match.start(1)
    for kind, offset, value in tokens(text):
        return (value.upper(), offset) if kind == "word" else ("", offset)
    return "", 0


def split_first(text: str) -> tuple[int, int, int | None]:
    """Where the first statement starts and ends, and where a second one starts.

    A ';' ends a statement only outside literals and comments, and only where
    SQLite agrees the statement is complete (a trigger body holds several).
    Semicolons before the first statement are empty statements SQLite skips.
    """
    if ";" not in text:
        return 0, len(text), None
    start: int | None = None
    end: int | None = None
    for kind, offset, value in tokens(text):
        semicolon = kind == "other" and value == ";"
        if start is None:
            if not semicolon:
                start = offset
        elif end is None:
            if semicolon and apsw.complete(text[: offset + 1]):
                end = offset
        elif not semicolon:
            return start, end, offset
    return start or 0, len(text) if end is None else end, None


def unquote(name: str) -> str:
    if name[:1] in ('"', "`") and name[-1:] == name[:1] and len(name) > 1:
        return name[1:-1].replace(name[0] * 2, name[0])
    if name[:1] == "[" and name[-1:] == "]":
        return name[1:-1]
    return name


def find_name(text: str, names: set[str]) -> int | None:
    """Offset of the first identifier whose lower-cased name is in ``names``."""
    for kind, offset, value in tokens(text):
        if kind in ("word", "quoted") and unquote(value).lower() in names:
            return offset
    return None


def identifiers(text: str) -> set[str]:
    """Every identifier (or keyword) named in the text, lower-cased."""
    return {
        unquote(value).lower()
        for kind, _, value in tokens(text)
        if kind in ("word", "quoted")
    }
