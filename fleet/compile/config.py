"""Build one target's osquery configuration, packs and flag files as bytes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from fleet.compile.rawtext import unwritable_flags
from fleet.compile.select import Selected, select
from fleet.compile.serialize import json_bytes
from fleet.findings import Finding
from fleet.model import Decorators, Inventory, Pack, Query, Setting, Target
from fleet.osquery import flags as osquery_flags
from fleet.osquery.confighash import config_hash
from fleet.osquery.layout import LAYOUTS, Layout
from fleet.osquery.platforms import normalise


@dataclass(slots=True)
class CompiledTarget:
    """Everything compile produces for one target, as the bytes written to disk."""

    name: str
    target: Target
    config: dict[str, object]
    packs: dict[str, dict[str, object]]
    files: dict[str, bytes] = field(default_factory=dict)
    flag_lines: dict[str, list[str]] = field(default_factory=dict)
    config_hash: str = ""
    # Settings the flag file cannot carry raw (fleet.compile.rawtext): a target
    # with any is never written, whatever the options.
    unwritable: list[Finding] = field(default_factory=list)

    def layout(self, platform: str) -> Layout:
        return LAYOUTS[platform]

    def digest(self, path: str) -> str:
        return hashlib.sha256(self.files[path]).hexdigest()


def query_object(query: Query) -> dict[str, object]:
    obj: dict[str, object] = {"query": query.sql.text}
    if query.interval is not None:
        obj["interval"] = query.interval
    if query.platform:
        obj["platform"] = normalise(query.platform)
    for key in (
        "version",
        "shard",
        "snapshot",
        "removed",
        "denylist",
        "startup_priority",
    ):
        value = getattr(query, key)
        if value is not None:
            obj[key] = value
    if query.description:
        obj["description"] = query.description
    return obj


def pack_object(pack: Pack, queries: list[Query]) -> dict[str, object]:
    obj: dict[str, object] = {"queries": {q.name: query_object(q) for q in queries}}
    if pack.description:
        obj["description"] = pack.description
    if pack.discovery:
        obj["discovery"] = [sql.text for sql in pack.discovery]
    if pack.platform:
        obj["platform"] = normalise(pack.platform)
    if pack.version is not None:
        obj["version"] = pack.version
    if pack.shard is not None:
        obj["shard"] = pack.shard
    return obj


def decorators_object(decorators: Decorators) -> dict[str, object]:
    obj: dict[str, object] = {}
    if decorators.load:
        obj["load"] = [sql.text for sql in decorators.load]
    if decorators.always:
        obj["always"] = [sql.text for sql in decorators.always]
    if decorators.interval:
        obj["interval"] = {
            str(seconds): [sql.text for sql in queries]
            for seconds, queries in sorted(decorators.interval.items())
        }
    return obj


def split_settings(target: Target) -> tuple[dict[str, Setting], dict[str, Setting]]:
    """Options for osquery.conf and flags for the flag file.

    A start-up (CLI-only) flag written under ``options`` would be ignored by osquery
    there, so it moves to the flag file (validation warns about it).
    """
    options: dict[str, Setting] = {}
    flags = dict(target.flags)
    for name, setting in target.options.items():
        known = osquery_flags.lookup(name)
        if known is not None and known.cli_only and name not in flags:
            flags[name] = setting
        else:
            options[name] = setting
    return options, flags


def flag_value(value: str | int | bool | float) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def flag_lines(values: dict[str, str], target: Target, platform: str) -> list[str]:
    """The flag file's lines for ``values`` (each flag's text, platform flags
    merged in)."""
    values = dict(values)
    if target.enroll_secret:
        values["enroll_secret_path"] = LAYOUTS[platform].secret_path
    return [f"--{name}={values[name]}" for name in sorted(values)]


def packs_dir(target: Target, platform: str) -> str:
    return target.packs_dir or LAYOUTS[platform].packs_dir


def compile_target(inventory: Inventory, target: Target) -> CompiledTarget:
    chosen: list[Selected] = select(inventory, target)
    options, flags = split_settings(target)
    packs = {s.pack.name: pack_object(s.pack, s.queries) for s in chosen}

    config: dict[str, object] = {}
    option_values = {name: s.value for name, s in options.items()}
    if inventory.pack_delimiter != "_":
        # osquery must use the delimiter the inventory's names were checked with.
        option_values.setdefault("pack_delimiter", inventory.pack_delimiter)
    if option_values:
        config["options"] = option_values
    if target.decorators:
        config["decorators"] = decorators_object(target.decorators)
    if target.file_paths:
        config["file_paths"] = target.file_paths
    if target.exclude_paths:
        config["exclude_paths"] = target.exclude_paths
    if target.file_accesses:
        config["file_accesses"] = target.file_accesses
    config.update(target.extra)
    if target.pack_mode == "external" and target.platforms:
        first = target.platforms[0]
        config["packs"] = {
            name: LAYOUTS[first].separator.join(
                (packs_dir(target, first), f"{name}.conf")
            )
            for name in packs
        }
    else:
        config["packs"] = packs

    compiled = CompiledTarget(target.name, target, config, packs)
    compiled.files["osquery.conf"] = json_bytes(config)
    if target.pack_mode == "external":
        for name, pack in packs.items():
            compiled.files[f"packs/{name}.conf"] = json_bytes(pack)
    for platform in target.platforms:
        if platform not in LAYOUTS:
            continue
        merged = {**flags, **target.platform_flags.get(platform, {})}
        values = {name: flag_value(s.value) for name, s in merged.items()}
        for finding in unwritable_flags(merged, values):
            if finding not in compiled.unwritable:
                compiled.unwritable.append(finding)
        lines = flag_lines(values, target, platform)
        compiled.flag_lines[platform] = lines
        compiled.files[f"osquery.{platform}.flags"] = "".join(
            line + "\n" for line in lines
        ).encode("utf-8")
    compiled.config_hash = config_hash({"osquery.conf": compiled.files["osquery.conf"]})
    return compiled


def compile_inventory(inventory: Inventory) -> dict[str, CompiledTarget]:
    return {
        name: compile_target(inventory, inventory.targets[name])
        for name in sorted(inventory.targets)
    }
