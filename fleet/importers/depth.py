"""osquery's nesting limit, enforced while reading so deep input never recurses.

osquery walks a config breadth-first and rejects it when any value lies 32 levels
below the top (``kMaxConfigDepth``; the top object is level 0). The JSON reader
stops at that level; YAML is scanned as a stream of events before it is composed,
so 10,000 nested lists cost a loop, not a recursion.
"""

from __future__ import annotations

import yaml

from fleet.findings import Finding, Pos, error

MAX_DEPTH = 32

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing: slower, same result
    _Loader = yaml.SafeLoader

_NODE_EVENTS = (
    yaml.ScalarEvent,
    yaml.AliasEvent,
    yaml.SequenceStartEvent,
    yaml.MappingStartEvent,
)


def too_deep(pos: Pos) -> Finding:
    return error(
        "import-depth",
        pos,
        f"nesting exceeds osquery's limit: this value lies {MAX_DEPTH} levels below "
        f"the top, and osquery rejects a config nested {MAX_DEPTH} levels or more; "
        "nothing is imported from this file",
        f"flatten the value to fewer than {MAX_DEPTH} levels",
    )


def yaml_too_deep(text: str, file: str) -> Finding | None:
    """An ``import-depth`` error at the first YAML value 32 levels deep, if any.

    A stream that does not parse is left to the YAML reader to report. libyaml
    reads ahead and gives up at its own limit (1,000 levels) before it yields the
    value at level 32; the pure-Python parser, which has no such limit, finds it."""
    try:
        return _scan(text, file, _Loader)
    except yaml.YAMLError as exc:
        if "nesting depth" not in str(exc):
            return None
    try:
        return _scan(text, file, yaml.SafeLoader)
    except yaml.YAMLError:
        return None


def _scan(text: str, file: str, loader: type) -> Finding | None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, _NODE_EVENTS) and depth >= MAX_DEPTH:
            mark = event.start_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            return too_deep(Pos(file, line, column, ""))
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
    return None
