"""Target settings: options, flags, decorators, file paths and pass-through keys.

They come from an osquery config's top level, from settings placed inside a pack,
from Fleet's ``kind: options`` / ``agent_options`` and from flag files. Values that
look like credentials, and environment references Fleet would expand at apply time,
are never copied: the finding names the key, never the value.
"""

from __future__ import annotations

import json

from fleet.importers.fields import ENV_REF, Fields
from fleet.importers.model import Setting, SettingsDraft
from fleet.importers.nodes import (
    ARRAY,
    NULLV,
    NUMBER,
    OBJECT,
    STRING,
    Node,
    describe,
)
from fleet.load.rootfile import PASSTHROUGH_KEYS
from fleet.secrets import secret_name, secret_setting

SETTING_KEYS = (
    frozenset({"options", "decorators", "file_paths", "exclude_paths", "file_accesses"})
    | PASSTHROUGH_KEYS
)
DECORATOR_KEYS = ("load", "always", "interval")
SECRET_HINT = "give it at deploy time, never in the inventory"
# Keys under these name things (views), not settings: judge their values alone.
NAMING_KEYS = frozenset({"views"})


def read_setting(
    fields: Fields, key: str, node: Node, path: str, draft: SettingsDraft
) -> None:
    """One top-level osquery configuration key into ``draft``."""
    if node.kind == NULLV:
        fields.warn(
            "import-value", node, path, f"`{key}` is empty (null); osquery skips it"
        )
        return
    if key == "options":
        read_values(fields, node, path, draft.options, "option")
    elif key == "decorators":
        _decorators(fields, node, path, draft)
    elif key in ("file_paths", "exclude_paths"):
        target = draft.file_paths if key == "file_paths" else draft.exclude_paths
        _path_map(fields, node, path, key, target)
    elif key == "file_accesses":
        for category in fields.string_list(node, path, key):
            if category not in draft.file_accesses:
                draft.file_accesses.append(category)
    else:
        held = secrets_inside(node, path, names=key not in NAMING_KEYS)
        for part, at in held:
            fields.warn(
                "import-secret",
                part,
                at,
                f"`{at}` looks like a credential and is not imported; the rest "
                f"of `{key}` is",
                SECRET_HINT,
            )
        value = node.plain({id(part) for part, _ in held})
        draft.extra[key] = Setting(value, fields.pos(node, path))


def read_values(
    fields: Fields, node: Node, path: str, into: dict[str, Setting], kind: str
) -> None:
    """``{name: value}`` options or flags; credentials and env references held back."""
    if node.kind != OBJECT:
        fields.warn(
            "import-value",
            node,
            path,
            f"{path} must be an object of {kind}s, not {describe(node)}; not imported",
        )
        return
    for member in node.members:
        value = setting_value(
            fields, member.key, member.value, f"{path}.{member.key}", kind
        )
        if value is not None:
            into[member.key] = Setting(
                value, fields.pos(member.value, f"{path}.{member.key}")
            )


def setting_value(
    fields: Fields, name: str, node: Node, path: str, kind: str
) -> str | int | float | bool | None:
    if secret_setting(name, node.value):
        fields.warn(
            "import-secret",
            node,
            path,
            f"the value of {kind} `{name}` looks like a credential and is not imported",
            SECRET_HINT,
        )
        return None
    if node.kind == NULLV:
        fields.warn(
            "import-value",
            node,
            path,
            f"{kind} `{name}` has no value (null); osquery ignores it, not imported",
        )
        return None
    if node.kind == STRING and ENV_REF.search(str(node.value)):
        fields.warn(
            "import-env",
            node,
            path,
            f"{kind} `{name}` is an environment variable reference, which Fleet "
            "expands when it applies the file; not imported",
            "set the real value in the inventory, or give it at deploy time",
        )
        return None
    if node.kind in (OBJECT, ARRAY):
        held = secrets_inside(node, path, names=True)
        if held:
            part, at = held[0]
            fields.warn(
                "import-secret",
                part,
                at,
                f"{kind} `{name}` holds `{at}`, which looks like a credential; the "
                f"{kind} is not imported",
                SECRET_HINT,
            )
            return None
        text = json.dumps(node.plain(), separators=(",", ":"), ensure_ascii=False)
        fields.warn(
            "import-value",
            node,
            path,
            f"{kind} `{name}` is {describe(node)}; osquery reads it as the JSON "
            "text it serialises to, and it is imported as that text",
        )
        return text
    value = node.value
    assert isinstance(value, (str, int, float, bool))
    return value


def secrets_inside(node: Node, path: str, names: bool) -> list[tuple[Node, str]]:
    """Every scalar inside ``node`` that the shared rule (fleet.secrets) holds to be
    a credential, judged by its key (when ``names``) and its value; with its path."""
    found: list[tuple[Node, str]] = []
    entries = (
        [(m.key, f"{path}.{m.key}", m.value) for m in node.members]
        if node.kind == OBJECT
        else [("", f"{path}[{i}]", item) for i, item in enumerate(node.items)]
    )
    for key, at, value in entries:
        if value.kind in (OBJECT, ARRAY):
            found += secrets_inside(value, at, names)
        elif _secret_scalar(key if names else "", value):
            found.append((value, at))
    return found


def _secret_scalar(name: str, node: Node) -> bool:
    if node.kind == STRING:
        return secret_setting(name, node.value)
    return node.kind == NUMBER and bool(name) and secret_name(name)


def _decorators(fields: Fields, node: Node, path: str, draft: SettingsDraft) -> None:
    if node.kind != OBJECT:
        fields.warn(
            "import-value",
            node,
            path,
            f"decorators must be an object, not {describe(node)}; not imported",
        )
        return
    for member in node.members:
        sub = f"{path}.{member.key}"
        if member.key in ("load", "always"):
            queries = fields.string_list(member.value, sub, f"decorators.{member.key}")
            _extend(draft.decorators.setdefault(member.key, []), queries)
        elif member.key == "interval" and member.value.kind == OBJECT:
            intervals = draft.decorators.setdefault("interval", {})
            assert isinstance(intervals, dict)
            for entry in member.value.members:
                queries = fields.string_list(
                    entry.value,
                    f"{sub}.{entry.key}",
                    f"decorators.interval.{entry.key}",
                )
                _extend(intervals.setdefault(entry.key, []), queries)
        else:
            fields.warn(
                "import-unknown-key",
                member.value,
                sub,
                f"decorators.{member.key} is not a decorator kind osquery knows "
                f"({', '.join(DECORATOR_KEYS)}); not imported",
            )


def _path_map(
    fields: Fields, node: Node, path: str, key: str, into: dict[str, list[str]]
) -> None:
    if node.kind != OBJECT:
        fields.warn(
            "import-value",
            node,
            path,
            f"{key} must be an object of categories, not {describe(node)}; "
            "not imported",
        )
        return
    for member in node.members:
        paths = fields.string_list(
            member.value, f"{path}.{member.key}", f"{key}.{member.key}"
        )
        _extend(into.setdefault(member.key, []), paths)


def _extend(items: object, new: list[str]) -> None:
    assert isinstance(items, list)
    for item in new:
        if item not in items:
            items.append(item)
