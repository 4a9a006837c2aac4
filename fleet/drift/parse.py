"""Parse a deployed config or pack file the way osquery does.

osquery deletes every backslash-newline, drops whole lines starting with ``#`` or
``//``, then parses strict JSON (``reference/osquery-config.md`` section 1). A
duplicate key is reported: osquery and Python disagree on which one wins.
"""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Parsed:
    value: dict[str, object] | None
    error: str = ""
    duplicates: tuple[str, ...] = ()


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
    if not isinstance(value, dict):
        return Parsed(None, "the top level is not a JSON object")
    return Parsed(value, "", tuple(sorted(set(duplicates))))
