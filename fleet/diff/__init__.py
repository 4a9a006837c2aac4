"""``fleet diff``: what a change to the inventory changes, per target, between two
revisions.

Each side is loaded and compiled as ``fleet compile`` would; the compiled targets go
through the one comparison engine (``fleet.compare``); the report is written in one
of the formats below.
"""

from collections.abc import Callable

from fleet.diff.jsonout import SCHEMA, render_json
from fleet.diff.markdown import render_markdown
from fleet.diff.model import DiffReport
from fleet.diff.run import diff_inventory
from fleet.diff.sides import SideNotLoaded
from fleet.diff.text import render_text

FORMATS: dict[str, Callable[[DiffReport], str]] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
}

__all__ = ["FORMATS", "SCHEMA", "DiffReport", "SideNotLoaded", "diff_inventory"]
