"""Compare one target's compiled output at two revisions, through the one engine."""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from fleet.compare import Change, compare, normalise_config
from fleet.compare.tree import ADDED, REMOVED
from fleet.compile.config import CompiledTarget
from fleet.diff.model import SECTIONS, Item, TargetDiff
from fleet.osquery.names import full_name


def target_tree(compiled: CompiledTarget | None) -> dict[str, object]:
    """The normalised config (packs read in, whatever the pack mode) and, under
    ``target``, the target settings that shape the deployment."""
    if compiled is None:
        return normalise_config({})
    tree = normalise_config(compiled.config, compiled.packs)
    # External pack paths follow from packs_dir and the pack names, both shown.
    tree.pop("pack_paths", None)
    target = compiled.target
    tree["target"] = {
        "platforms": list(target.platforms),
        "packs": list(target.select),
        "pack_mode": target.pack_mode,
        "packs_dir": target.packs_dir,
        "enroll_secret": target.enroll_secret,
        "deploy": {
            "tool": target.deploy.tool,
            "name": target.deploy.name,
            "author": target.deploy.author,
            "package_version": target.deploy.package_version,
        },
    }
    return tree


def _aligned(tree: dict[str, object], other: Mapping[str, object]) -> dict[str, object]:
    """A section absent on one side is empty there, so its entries show one by one
    (option by option, not 'options added')."""
    out = dict(tree)
    for key, value in other.items():
        if key not in out and isinstance(value, Mapping):
            out[key] = {}
    return out


def flag_values(compiled: CompiledTarget | None) -> dict[str, dict[str, str]]:
    """Per platform, the flag file as {name: value}."""
    if compiled is None:
        return {}
    return {
        platform: dict(line[2:].partition("=")[::2] for line in lines)
        for platform, lines in compiled.flag_lines.items()
    }


def flag_items(old: CompiledTarget | None, new: CompiledTarget | None) -> list[Item]:
    """Flag changes, each once with the platforms whose flag file has it."""
    before, after = flag_values(old), flag_values(new)
    platforms: dict[Change, list[str]] = {}
    for platform in sorted(set(before) | set(after)):
        for change in compare(
            before.get(platform, {}), after.get(platform, {}), ("flags",)
        ):
            platforms.setdefault(change, []).append(platform)
    return [Item(c, platforms=tuple(p)) for c, p in platforms.items()]


def sql_diff(old: str, new: str) -> tuple[str, ...]:
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=3)
    return tuple(lines)[2:]  # hunks only: the file header lines name nothing here


def touched_queries(change: Change) -> list[tuple[str, str, Mapping[str, object]]]:
    """(pack, query, query object) of each query an added or removed query or pack
    carries."""
    value = change.new if change.kind == ADDED else change.old
    if not isinstance(value, Mapping):
        return []
    if change.object == "query":
        return [(change.path[1], change.path[3], value)]
    queries = value.get("queries") if change.object == "pack" else None
    if not isinstance(queries, Mapping):
        return []
    return [
        (change.path[1], str(name), query)
        for name, query in sorted(queries.items())
        if isinstance(query, Mapping)
    ]


def _item(change: Change, delimiters: tuple[str, str]) -> Item:
    if change.kind in (ADDED, REMOVED):
        delimiter = delimiters[1] if change.kind == ADDED else delimiters[0]
        names = tuple(full_name(p, q, delimiter) for p, q, _ in touched_queries(change))
        return Item(change, result_names=names)
    if (
        change.object == "query field"
        and change.path[-1] == "query"
        and isinstance(change.old, str)
        and isinstance(change.new, str)
    ):
        return Item(change, sql_diff=sql_diff(change.old, change.new))
    return Item(change)


def compare_target(
    name: str,
    old: CompiledTarget | None,
    new: CompiledTarget | None,
    delimiters: tuple[str, str],
) -> TargetDiff:
    """Every change of one target; ``None`` on a side: the target is not there."""
    before, after = target_tree(old), target_tree(new)
    changes = compare(_aligned(before, after), _aligned(after, before))
    items = [_item(c, delimiters) for c in changes] + flag_items(old, new)
    items.sort(key=lambda item: SECTIONS.index(item.section))

    files = compare(
        {p: old.digest(p) for p in old.files} if old else {},
        {p: new.digest(p) for p in new.files} if new else {},
    )
    if old is None or new is None:
        status = "added" if old is None else "removed"
    else:
        status = "changed" if items or files else "unchanged"
    return TargetDiff(
        name,
        status,
        items,
        files,
        (old.config_hash if old else None, new.config_hash if new else None),
    )
