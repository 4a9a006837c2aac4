"""Turning inventory text into Ruby, Puppet and JSON literals that stay data.

Names, descriptions, paths and SQL may hold any text: quotes, ``#{...}``,
``${...}``, backslashes, newlines. Single-quoted Ruby and Puppet strings interpolate
nothing; only the backslash and the quote need escaping there.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jinja2

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


def environment(templates: Path) -> jinja2.Environment:
    """The Jinja2 environment every renderer uses: strict, no HTML escaping."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["ruby"] = ruby_str
    env.filters["puppet"] = puppet_str
    env.filters["json"] = json_str
    env.filters["hiera"] = hiera_str
    return env
