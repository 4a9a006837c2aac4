"""Turning inventory text into Ruby, Puppet, JSON and Markdown that stays data.

Names, descriptions, paths and SQL may hold any text: quotes, ``#{...}``,
``${...}``, backslashes, newlines, HTML, Markdown. Single-quoted Ruby and Puppet
strings interpolate nothing; only the backslash and the quote need escaping there.
Markdown has no quoting: every character that could become markup is escaped.
These are the filters every template gets (``FILTERS``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

_YAML_RAW = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
# Markdown: characters that make inline markup anywhere in a line.
_MD_INLINE = re.compile(r"[\\`*_~\[\]<>&|$:]")
_MD_WWW = re.compile(r"(?i)\b(www)\.")
# Characters that make a heading, a quote, a list or a rule at the start of a line.
_MD_LINE_START = frozenset("#>+-=")
_MD_ORDERED = re.compile(r"^(\d{1,9})([.)])(?= |$)")


def ruby_str(value: object) -> str:
    text = str(value)
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def puppet_str(value: object) -> str:
    text = str(value)
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def json_str(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def hiera_str(value: object) -> str:
    """A YAML scalar for Hiera data: JSON, with ``%`` kept from interpolating.

    JSON leaves C1 controls and the Unicode line separators raw; YAML would fold
    a raw NEL into a space, so they are written as escapes.
    """
    if isinstance(value, str):
        value = value.replace("%", "%{literal('%')}")
    return _YAML_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", json_str(value))


def markdown_text(value: object) -> str:
    """Inventory text shown as text in Markdown, wherever it is placed.

    Line breaks and runs of spaces become one space (a cell or a line cannot hold a
    break, and a break would let text start a heading or a list). Every character
    that makes inline markup, in CommonMark or GitHub's extensions, is backslash
    escaped: code, emphasis, strikethrough, links and images, raw HTML, entities,
    table cells, math, and URL autolinks (the ``:`` of a scheme, ``www.``).
    Characters that only make markup at the start of a line are escaped there.
    An e-mail address can still become a ``mailto:`` link: GitHub's extension finds
    it in the text after escapes are read, and the text shown stays the same.
    """
    text = _MD_INLINE.sub(r"\\\g<0>", " ".join(str(value).split()))
    text = _MD_WWW.sub(r"\g<1>\\.", text)
    if text[:1] in _MD_LINE_START:
        return "\\" + text
    return _MD_ORDERED.sub(r"\g<1>\\\g<2>", text, count=1)


def markdown_code(value: object) -> str:
    """Inventory text as a code span, or as escaped text when it cannot be one.

    A backtick would end the span and a ``|`` would split a table cell even inside
    one; such text is shown with ``markdown_text`` instead.
    """
    text = " ".join(str(value).split())
    if not text or "`" in text or "|" in text:
        return markdown_text(text)
    return f"`{text}`"


FILTERS: dict[str, Callable[[object], str]] = {
    "ruby": ruby_str,
    "puppet": puppet_str,
    "json": json_str,
    "hiera": hiera_str,
    "md": markdown_text,
    "md_code": markdown_code,
}
