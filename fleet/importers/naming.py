"""Names the inventory can hold, and a finding for every rename.

Inventory names use letters, digits, '_' and '-' and start with a letter or digit
(they become file names and resource titles). osquery logs a pack query as
``pack_<pack>_<query>``, so renaming one changes the name its results arrive under:
every rename is reported.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import TYPE_CHECKING

from fleet.findings import Finding, Pos, warning
from fleet.osquery.names import SAFE_NAME

if TYPE_CHECKING:
    from fleet.importers.fields import Fields
    from fleet.importers.model import PackDraft, QueryDraft
    from fleet.importers.nodes import Node

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
MAX_NAME = 128


def sanitize(name: str, fallback: str) -> str:
    cleaned = _UNSAFE.sub("_", name)
    cleaned = re.sub(r"^[^A-Za-z0-9]+", "", cleaned).rstrip("_")[:MAX_NAME].rstrip("_")
    return cleaned or fallback


def safe_name(
    name: str, kind: str, pos: Pos, findings: list[Finding], fallback: str
) -> str:
    """``name`` made safe; a rename is a warning at ``pos``."""
    if SAFE_NAME.fullmatch(name):
        return name
    new = sanitize(name, fallback)
    findings.append(
        warning(
            "import-rename",
            pos,
            f"{kind} `{name}` is imported as `{new}`: inventory names use "
            "letters, digits, '_' and '-'",
            "osquery logs results under the new name (pack_<pack>_<query>)",
        )
    )
    return new


def unique(name: str, taken: Collection[str]) -> str:
    """``name``, or ``name_2``, ``name_3``... whichever is free first."""
    if name not in taken:
        return name
    n = 2
    while f"{name}_{n}" in taken:
        n += 1
    return f"{name}_{n}"


def add_query(
    fields: Fields, pack: PackDraft, query: QueryDraft, node: Node, path: str
) -> None:
    """Add ``query`` to ``pack``; a name taken once made safe gets a number."""
    if query.name in pack.queries:
        new = unique(query.name, pack.queries)
        fields.warn(
            "import-rename",
            node,
            path,
            f"query `{query.original}` is imported as `{new}`: `{query.name}` is "
            "already taken in this pack once names are made safe",
        )
        query.name = new
    pack.queries[query.name] = query
