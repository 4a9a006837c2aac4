"""Parse a deployed config or pack file the way osquery does.

osquery deletes every backslash-newline, drops whole lines starting with ``#`` or
``//``, then parses strict JSON (``reference/osquery-config.md`` section 1). A
duplicate key is reported: osquery and Python disagree on which one wins. A file
nested ``MAX_CONFIG_DEPTH`` levels or more is one osquery rejects, however deep.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from fleet.importers.depth import MAX_DEPTH as MAX_CONFIG_DEPTH  # kMaxConfigDepth


@dataclass(frozen=True, slots=True)
class Parsed:
    value: dict[str, object] | None
    error: str = ""
    duplicates: tuple[str, ...] = ()


def too_deep(value: object, limit: int) -> bool:
    """Whether containers nest more than ``limit`` levels in ``value`` (itself one).

    A loop, not a recursion: any depth ``json.loads`` returned is safe to walk.
    """
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children: Iterable[object] = (
            item.values() if isinstance(item, dict) else item
            if isinstance(item, list) else ()
        )  # fmt: skip
        stack.extend(
            (child, depth + 1) for child in children if isinstance(child, (dict, list))
        )
    return False


def strip_comments(text: str) -> str:
    text = text.replace("\\\n", "")
    kept = [
        line for line in text.split("\n") if not line.strip().startswith(("#", "//"))
    ]
    return "\n".join(kept)


def parse_osquery_json(data: bytes) -> Parsed:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Parsed(None, f"not UTF-8 (byte {exc.start})")
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, object]]) -> dict[str, object]:
        out: dict[str, object] = {}
        for key, value in items:
            if key in out:
                duplicates.append(key)
            out[key] = value
        return out

    try:
        value = json.loads(strip_comments(text), object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        return Parsed(
            None, f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        )
    except RecursionError:  # nested past Python's limit: far past osquery's
        deep = True
    else:
        deep = too_deep(value, MAX_CONFIG_DEPTH - 1)
    if deep:
        return Parsed(
            None,
            f"nested {MAX_CONFIG_DEPTH} or more levels deep: osquery rejects it",
        )
    if not isinstance(value, dict):
        return Parsed(None, "the top level is not a JSON object")
    return Parsed(value, "", tuple(sorted(set(duplicates))))
