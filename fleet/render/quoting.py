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

from fleet.markdown import markdown_code, markdown_text

_YAML_RAW = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


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


FILTERS: dict[str, Callable[[object], str]] = {
    "ruby": ruby_str,
    "puppet": puppet_str,
    "json": json_str,
    "hiera": hiera_str,
    "md": markdown_text,
    "md_code": markdown_code,
}
