"""Turning inventory text into Ruby, Puppet and JSON literals that stay data.

Names, descriptions, paths and SQL may hold any text: quotes, ``#{...}``,
``${...}``, backslashes, newlines. Single-quoted Ruby and Puppet strings interpolate
nothing; only the backslash and the quote need escaping there.
"""

from __future__ import annotations

import json
from pathlib import Path

import jinja2


def ruby_str(value: object) -> str:
    text = str(value)
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def puppet_str(value: object) -> str:
    text = str(value)
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def json_str(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


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
    return env
