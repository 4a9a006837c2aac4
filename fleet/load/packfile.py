"""Read one pack file (``packs/<group>/<pack>.yml``) into a Pack."""

from __future__ import annotations

from yaml.nodes import Node

from fleet.load.fields import read_sql, read_sql_list
from fleet.load.yamldoc import Entry, Reader, join
from fleet.model import Attack, Defaults, Pack, Query

# In the order a pack file is written (fleet import writes them in this order).
PACK_KEY_ORDER = (
    "description", "platform", "version", "shard", "owner", "tags", "discovery",
    "queries",
)  # fmt: skip
QUERY_KEY_ORDER = (
    "query", "interval", "platform", "version", "shard", "snapshot", "removed",
    "denylist", "startup_priority", "description", "severity", "owner", "tags",
    "attack", "references", "false_positives",
)  # fmt: skip
PACK_KEYS = frozenset(PACK_KEY_ORDER)
QUERY_KEYS = frozenset(QUERY_KEY_ORDER)
ATTACK_KEYS = frozenset({"tactics", "techniques"})

# Keys people carry over from elsewhere, with what to write instead.
RENAMED = {
    "blacklist": "osquery 5 removed 'blacklist' and ignores it; write 'denylist'",
    "sql": "write the SQL under 'query'",
    "value": "write why the query matters in 'description'",
    "platforms": "write one platform string such as 'darwin,linux'",
}
# osquery config keys that belong to a target, not to a pack's queries.
TARGET_KEYS = frozenset(
    {
        "file_paths",
        "exclude_paths",
        "file_accesses",
        "decorators",
        "options",
        "yara",
        "views",
        "events",
        "packs",
        "schedule",
    }
)


def read_pack(
    reader: Reader, node: Node, name: str, group: str, defaults: Defaults
) -> Pack | None:
    entries = reader.mapping(node, "", "a pack file")
    if entries is None:
        return None
    _check_keys(reader, entries, PACK_KEYS, "")
    pack = Pack(name=name, group=group, file=reader.file, pos=reader.pos(node, ""))
    for key, entry in entries.items():
        pack.where[key] = reader.pos(entry.value, key)
    if "description" in entries:
        pack.description = (
            reader.string(entries["description"].value, "description") or ""
        )
    if "platform" in entries:
        pack.platform = reader.string(entries["platform"].value, "platform")
    if "version" in entries:
        pack.version = reader.version(entries["version"].value, "version")
    if "shard" in entries:
        pack.shard = reader.integer(entries["shard"].value, "shard")
    if "owner" in entries:
        pack.owner = reader.string(entries["owner"].value, "owner")
    if "tags" in entries:
        pack.tags = reader.string_list(entries["tags"].value, "tags") or []
    if "discovery" in entries:
        pack.discovery = read_sql_list(reader, entries["discovery"].value, "discovery")
    if "queries" not in entries:
        reader.error("missing-key", node, "queries", "a pack needs 'queries'")
        return pack
    queries = reader.mapping(entries["queries"].value, "queries")
    pack.declared = len(queries or {})
    for qname, entry in (queries or {}).items():
        query = _read_query(reader, entry, name, defaults)
        if query is not None:
            pack.queries[qname] = query
    return pack


def _check_keys(
    reader: Reader, entries: dict[str, Entry], allowed: frozenset[str], path: str
) -> None:
    for key, entry in entries.items():
        if key in RENAMED and key not in allowed:
            reader.error(
                "unknown-key",
                entry.key_node,
                join(path, key),
                f"unknown key '{key}'",
                RENAMED[key],
            )
        else:
            reader.check_keys({key: entry}, allowed, path)


def _read_query(
    reader: Reader, entry: Entry, pack: str, defaults: Defaults
) -> Query | None:
    path = join("queries", entry.key)
    fields = reader.mapping(entry.value, path, f"query '{entry.key}'")
    if fields is None:
        return None
    if "query" not in fields:
        hint = "every query needs its SQL under 'query'"
        if entry.key in TARGET_KEYS:
            hint = (
                f"'{entry.key}' is an osquery configuration key, not a query; "
                "move it to the target in fleet.yml"
            )
        reader.error(
            "missing-key",
            entry.key_node,
            path,
            f"query '{entry.key}' has no 'query'",
            hint,
        )
        return None
    _check_keys(reader, fields, QUERY_KEYS, path)
    sql = read_sql(reader, fields["query"].value, join(path, "query"))
    if sql is None:
        return None
    query = Query(
        name=entry.key, pack=pack, sql=sql, pos=reader.pos(entry.key_node, path)
    )
    for key, field_entry in fields.items():
        query.where[key] = reader.pos(field_entry.value, "")
    _read_query_fields(reader, fields, query, path)
    _apply_defaults(query, defaults)
    return query


def _read_query_fields(
    reader: Reader, fields: dict[str, Entry], query: Query, path: str
) -> None:
    def node(key: str) -> Node:
        return fields[key].value

    if "interval" in fields:
        query.interval = reader.integer(node("interval"), join(path, "interval"))
    if "platform" in fields:
        query.platform = reader.string(node("platform"), join(path, "platform"))
    if "version" in fields:
        query.version = reader.version(node("version"), join(path, "version"))
    for key in ("shard", "startup_priority"):
        if key in fields:
            setattr(query, key, reader.integer(node(key), join(path, key)))
    for key in ("snapshot", "removed", "denylist"):
        if key in fields:
            setattr(query, key, reader.boolean(node(key), join(path, key)))
    for key in ("description", "severity", "owner"):
        if key in fields:
            value = reader.string(node(key), join(path, key))
            setattr(
                query, key, value if value is not None or key != "description" else ""
            )
    for key in ("tags", "references", "false_positives"):
        if key in fields:
            setattr(query, key, reader.string_list(node(key), join(path, key)) or [])
    if "attack" in fields:
        query.attack = _read_attack(reader, node("attack"), join(path, "attack"), query)


def _read_attack(reader: Reader, node: Node, path: str, query: Query) -> Attack:
    entries = reader.mapping(node, path, "attack")
    attack = Attack()
    if entries is None:
        return attack
    reader.check_keys(entries, ATTACK_KEYS, path)
    for key in ("tactics", "techniques"):
        if key in entries:
            value = entries[key].value
            query.where[f"attack.{key}"] = reader.pos(value, "")
            setattr(attack, key, reader.string_list(value, join(path, key)) or [])
            for i, item in enumerate(getattr(value, "value", None) or []):
                if hasattr(item, "start_mark"):
                    query.where[f"attack.{key}[{i}]"] = reader.pos(item, "")
    return attack


def _apply_defaults(query: Query, defaults: Defaults) -> None:
    if query.interval is None and "interval" not in query.where:
        query.interval = defaults.interval
    for key in ("snapshot", "removed", "denylist"):
        if getattr(query, key) is None and key not in query.where:
            setattr(query, key, getattr(defaults, key))
    if query.owner is None and "owner" not in query.where:
        query.owner = defaults.owner
