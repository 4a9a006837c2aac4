"""Read the root file (``fleet.yml``): versions, defaults and targets."""

from __future__ import annotations

import re

from yaml.nodes import Node, ScalarNode

from fleet.load.fields import read_path_map, read_sql_list
from fleet.load.yamldoc import FLOAT, Entry, Reader, join, plain
from fleet.model import Decorators, Defaults, Deploy, Inventory, Setting, Target

ROOT_KEYS = frozenset(
    {"version", "osquery_version", "pack_delimiter", "schema", "defaults", "targets"}
)
DEFAULT_KEYS = frozenset({"interval", "snapshot", "removed", "denylist", "owner"})
DEPLOY_KEYS = frozenset({"tool", "name", "author", "package_version"})
# Top-level osquery config keys passed through to the compiled config as written.
PASSTHROUGH_KEYS = frozenset(
    {
        "yara",
        "views",
        "events",
        "prometheus_targets",
        "auto_table_construction",
        "kafka_topics",
        "feature_vectors",
        "file_paths_query",
        "logger",
    }
)
TARGET_KEYS = (
    frozenset(
        {
            "description",
            "platforms",
            "deploy",
            "packs",
            "pack_mode",
            "packs_dir",
            "enroll_secret",
            "options",
            "flags",
            "platform_flags",
            "decorators",
            "file_paths",
            "exclude_paths",
            "file_accesses",
        }
    )
    | PASSTHROUGH_KEYS
)
DECORATOR_KEYS = frozenset({"load", "always", "interval"})


def read_root(reader: Reader, node: Node, inventory: Inventory) -> None:
    entries = reader.mapping(node, "", "fleet.yml")
    if entries is None:
        return
    reader.check_keys(entries, ROOT_KEYS, "")
    for key, entry in entries.items():
        inventory.where[key] = reader.pos(entry.value, key)

    if "version" in entries:
        version = reader.version(entries["version"].value, "version")
        if version is not None and not re.fullmatch(r"\d+\.\d+\.\d+", version):
            reader.error(
                "version-format",
                entries["version"].value,
                "version",
                f"inventory version '{version}' is not MAJOR.MINOR.PATCH",
                "Chef cookbooks and Puppet modules take exactly three numbers",
            )
            version = None
        inventory.version = version or "0.0.0"
    else:
        reader.error(
            "missing-key",
            node,
            "version",
            "fleet.yml needs 'version' (semver)",
            "the cookbook and module carry this version; bump it with changes",
        )
    if "osquery_version" in entries:
        inventory.osquery_version = reader.version(
            entries["osquery_version"].value, "osquery_version"
        )
    if "pack_delimiter" in entries:
        inventory.pack_delimiter = (
            reader.string(
                entries["pack_delimiter"].value, "pack_delimiter", one_line=True
            )
            or "_"
        )
    if "schema" in entries:
        inventory.schema = reader.string(entries["schema"].value, "schema")
        inventory.schema_pos = reader.pos(entries["schema"].value, "schema")
    if "defaults" in entries:
        inventory.defaults = _read_defaults(reader, entries["defaults"].value)
    if "targets" not in entries:
        reader.error("missing-key", node, "targets", "fleet.yml needs 'targets'")
        return
    targets = reader.mapping(entries["targets"].value, "targets")
    for name, entry in (targets or {}).items():
        target = _read_target(reader, entry)
        if target is not None:
            inventory.targets[name] = target


def _read_defaults(reader: Reader, node: Node) -> Defaults:
    defaults = Defaults()
    entries = reader.mapping(node, "defaults")
    if entries is None:
        return defaults
    reader.check_keys(entries, DEFAULT_KEYS, "defaults")
    if "interval" in entries:
        defaults.interval = reader.integer(
            entries["interval"].value, "defaults.interval"
        )
    for key in ("snapshot", "removed", "denylist"):
        if key in entries:
            setattr(
                defaults, key, reader.boolean(entries[key].value, f"defaults.{key}")
            )
    if "owner" in entries:
        defaults.owner = reader.string(entries["owner"].value, "defaults.owner")
    return defaults


def _read_target(reader: Reader, entry: Entry) -> Target | None:
    path = join("targets", entry.key)
    entries = reader.mapping(entry.value, path, f"target '{entry.key}'")
    if entries is None:
        return None
    reader.check_keys(entries, TARGET_KEYS, path)
    target = Target(name=entry.key, pos=reader.pos(entry.key_node, path))
    for key, field_entry in entries.items():
        target.where[key] = reader.pos(field_entry.value, join(path, key))

    def value(key: str) -> Node:
        return entries[key].value

    if "description" in entries:
        target.description = (
            reader.string(value("description"), join(path, "description")) or ""
        )
    if "platforms" in entries:
        target.platforms = (
            reader.string_list(value("platforms"), join(path, "platforms")) or []
        )
        _record_items(reader, target, value("platforms"), "platforms", path)
    else:
        reader.error(
            "missing-key",
            entry.key_node,
            join(path, "platforms"),
            f"target '{entry.key}' needs 'platforms'",
        )
    if "deploy" in entries:
        target.deploy = _read_deploy(reader, value("deploy"), join(path, "deploy"))
    if "packs" in entries:
        target.select = reader.string_list(value("packs"), join(path, "packs")) or []
        _record_items(reader, target, value("packs"), "packs", path)
    else:
        reader.error(
            "missing-key",
            entry.key_node,
            join(path, "packs"),
            f"target '{entry.key}' needs 'packs' (names, group:NAME, tag:NAME or '*')",
        )
    if "pack_mode" in entries:
        target.pack_mode = (
            reader.string(value("pack_mode"), join(path, "pack_mode")) or "inline"
        )
    if "packs_dir" in entries:
        target.packs_dir = reader.string(
            value("packs_dir"), join(path, "packs_dir"), one_line=True
        )
    if "enroll_secret" in entries:
        target.enroll_secret = bool(
            reader.boolean(value("enroll_secret"), join(path, "enroll_secret"))
        )
    for key in ("options", "flags"):
        if key in entries:
            setattr(target, key, _read_settings(reader, value(key), join(path, key)))
    if "platform_flags" in entries:
        target.platform_flags = _read_platform_flags(
            reader, value("platform_flags"), join(path, "platform_flags"), target
        )
    if "decorators" in entries:
        target.decorators = _read_decorators(
            reader, value("decorators"), join(path, "decorators")
        )
    if "file_paths" in entries:
        target.file_paths = read_path_map(
            reader,
            value("file_paths"),
            join(path, "file_paths"),
            target.where,
            "file_paths",
        )
    if "exclude_paths" in entries:
        target.exclude_paths = read_path_map(
            reader, value("exclude_paths"), join(path, "exclude_paths")
        )
    if "file_accesses" in entries:
        target.file_accesses = (
            reader.string_list(
                value("file_accesses"), join(path, "file_accesses"), one_line=True
            )
            or []
        )
    for key in sorted(PASSTHROUGH_KEYS & entries.keys()):
        target.extra[key] = reader.passthrough(value(key), join(path, key))
    return target


def _record_items(
    reader: Reader, target: Target, node: Node, key: str, path: str
) -> None:
    for i, item in enumerate(getattr(node, "value", None) or []):
        if isinstance(item, ScalarNode):
            target.where[f"{key}[{i}]"] = reader.pos(item, f"{join(path, key)}[{i}]")


def _read_deploy(reader: Reader, node: Node, path: str) -> Deploy:
    deploy = Deploy(pos=reader.pos(node, path))
    entries = reader.mapping(node, path, "deploy")
    if entries is None:
        return deploy
    reader.check_keys(entries, DEPLOY_KEYS, path)
    for key in ("tool", "name", "author"):
        if key in entries:
            setattr(
                deploy, key, reader.string(entries[key].value, join(path, key)) or ""
            )
    if "package_version" in entries:
        deploy.package_pos = reader.pos(
            entries["package_version"].value, join(path, "package_version")
        )
        deploy.package_version = (
            reader.version(
                entries["package_version"].value, join(path, "package_version")
            )
            or ""
        )
    return deploy


def _read_settings(reader: Reader, node: Node, path: str) -> dict[str, Setting]:
    """Options and flags: scalar values, kept with the type osquery will see."""
    entries = reader.mapping(node, path)
    out: dict[str, Setting] = {}
    for name, entry in (entries or {}).items():
        key_path = join(path, name)
        if reader.unsafe_text(entry.key_node, key_path, name, one_line=True):
            continue
        if not isinstance(entry.value, ScalarNode) or entry.value.tag.endswith(":null"):
            reader.error(
                "type",
                entry.value,
                key_path,
                f"{key_path} must be a string, number or boolean",
            )
            continue
        if entry.value.tag.endswith(":bool"):
            flag = reader.boolean(entry.value, key_path)
            setting_value: str | int | bool | float | None = flag
        elif entry.value.tag.endswith(":int"):
            setting_value = reader.integer(entry.value, key_path)
        elif entry.value.tag == FLOAT and not entry.value.style:
            setting_value = reader.decimal(entry.value, key_path)
        else:
            raw = plain(entry.value)
            setting_value = (
                raw if isinstance(raw, (str, int, float, bool)) else str(raw)
            )
            if isinstance(setting_value, str) and reader.unsafe_text(
                entry.value, key_path, setting_value, one_line=True
            ):
                continue
        if setting_value is not None:
            out[name] = Setting(
                name, setting_value, reader.pos(entry.key_node, key_path)
            )
    return out


def _read_platform_flags(
    reader: Reader, node: Node, path: str, target: Target
) -> dict[str, dict[str, Setting]]:
    entries = reader.mapping(node, path, "platform_flags")
    out = {}
    for platform, entry in (entries or {}).items():
        key_path = join(path, platform)
        target.where[f"platform_flags.{platform}"] = reader.pos(
            entry.key_node, key_path
        )
        out[platform] = _read_settings(reader, entry.value, key_path)
    return out


def _read_decorators(reader: Reader, node: Node, path: str) -> Decorators:
    decorators = Decorators()
    entries = reader.mapping(node, path, "decorators")
    if entries is None:
        return decorators
    reader.check_keys(entries, DECORATOR_KEYS, path)
    if "load" in entries:
        decorators.load = read_sql_list(
            reader, entries["load"].value, join(path, "load")
        )
    if "always" in entries:
        decorators.always = read_sql_list(
            reader, entries["always"].value, join(path, "always")
        )
    if "interval" in entries:
        interval_node = entries["interval"].value
        intervals = reader.mapping(interval_node, join(path, "interval"))
        for key, entry in (intervals or {}).items():
            key_path = join(join(path, "interval"), key)
            seconds = _interval_key(reader, entry, key_path)
            if seconds is None:
                continue
            decorators.interval[seconds] = read_sql_list(reader, entry.value, key_path)
            decorators.interval_pos[seconds] = reader.pos(entry.key_node, key_path)
    return decorators


def _interval_key(reader: Reader, entry: Entry, path: str) -> int | None:
    text = entry.key.strip()
    if not text.isdigit():
        reader.error(
            "decorator-interval",
            entry.key_node,
            path,
            f"decorator interval '{entry.key}' is not a number of seconds",
            "osquery would divide by zero on it; use a multiple of 60",
        )
        return None
    return int(text)
