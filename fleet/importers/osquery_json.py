"""osquery configs and pack files (JSON) into packs and target settings.

A config's ``schedule`` becomes a pack named ``<config stem>_schedule``: the
inventory has no bare schedule, so results arrive as ``pack_<pack>_<query>``
instead of ``<query>`` (a warning says so). Inline packs keep their names; packs
given as paths are resolved by the caller among the other sources.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fleet.findings import Pos
from fleet.importers.fields import Fields
from fleet.importers.model import PackDraft, QueryDraft, SettingsDraft
from fleet.importers.naming import add_query, safe_name
from fleet.importers.nodes import OBJECT, STRING, Node, describe
from fleet.importers.settings import SETTING_KEYS, read_setting
from fleet.osquery.names import full_name

CONFIG_KEYS = SETTING_KEYS | {"schedule", "packs"}


@dataclass(slots=True)
class PackRef:
    """``"packs": {"name": "path"}`` in a config, resolved against the other sources."""

    name: str
    target: str
    pos: Pos


@dataclass(slots=True)
class ConfigImport:
    packs: list[PackDraft] = field(default_factory=list)
    refs: list[PackRef] = field(default_factory=list)
    settings: SettingsDraft = field(default_factory=lambda: SettingsDraft(""))


def is_pack_file(root: Node) -> bool:
    keys = set(root.keys())
    return "queries" in keys and not keys & {"schedule", "packs"}


def is_config(root: Node) -> bool:
    return bool(set(root.keys()) & CONFIG_KEYS)


def read_config(
    fields: Fields,
    root: Node,
    stem: str,
    group: str,
    source: str,
    settings: SettingsDraft | None = None,
) -> ConfigImport:
    result = ConfigImport(
        settings=SettingsDraft(fields.file) if settings is None else settings
    )
    platform = root.get("platform")
    for member in root.members:
        key, node = member.key, member.value
        if key == "schedule":
            pack = _schedule(
                fields, node, stem, group, source, result.settings, _delimiter(root)
            )
            if pack is not None:
                if platform is not None and platform.text():
                    pack.fields["platform"] = platform.text()
                    fields.warn(
                        "import-config-platform",
                        platform,
                        "platform",
                        "osquery ignores a top-level `platform` in a config; it is "
                        f"imported as the platform of pack `{pack.name}` (the "
                        "schedule), where osquery applies it",
                    )
                result.packs.append(pack)
        elif key == "packs":
            _packs(fields, node, group, source, result)
        elif key in SETTING_KEYS:
            read_setting(fields, key, node, key, result.settings)
        elif key != "platform":
            fields.warn(
                "import-unknown-key",
                node,
                key,
                f"osquery ignores the top-level key `{key}`; not imported",
            )
    if platform is not None and root.get("schedule") is None:
        fields.warn(
            "import-unknown-key",
            platform,
            "platform",
            "osquery ignores a top-level `platform` in a config; not imported",
        )
    return result


def _schedule(
    fields: Fields,
    node: Node,
    stem: str,
    group: str,
    source: str,
    settings: SettingsDraft,
    delimiter: str,
) -> PackDraft | None:
    if node.kind != OBJECT:
        fields.warn(
            "import-value",
            node,
            "schedule",
            f"schedule must be an object, not {describe(node)}; not imported",
        )
        return None
    name = f"{stem}_schedule"
    pack = PackDraft(
        name, name, group, fields.pos(node, "schedule"), source, {fields.file}
    )
    pack.name = safe_name(name, "pack", pack.pos, fields.findings, "schedule")
    _queries(fields, node, "schedule", pack, settings)
    fields.warn(
        "import-schedule",
        node,
        "schedule",
        schedule_message(pack, delimiter),
        "the inventory has no bare schedule; update log searches and alerts",
    )
    return pack


def schedule_message(pack: PackDraft, delimiter: str, examples: int = 3) -> str:
    """What the schedule's queries are logged as now, named as the source names
    them; a long schedule gives the rule and its first few queries."""
    queries = list(pack.queries.values())
    text = f"the schedule becomes pack `{pack.name}`"
    if not queries:
        return text + "; it holds no query"
    if len(queries) == 1:
        q = queries[0]
        return (
            f"{text}: results of query `{q.original}` arrive as "
            f"`{full_name(pack.name, q.name, delimiter)}` "
            f"instead of `{q.original}`"
        )
    shown = ", ".join(
        f"`{q.original}` as `{full_name(pack.name, q.name, delimiter)}`"
        for q in queries[:examples]
    )
    more = len(queries) - examples
    return (
        f"{text}: results of its {len(queries)} queries arrive as "
        f"`{full_name(pack.name, '<query>', delimiter)}` instead of `<query>`: {shown}"
        + (f" and {more} more" if more > 0 else "")
    )


def _delimiter(root: Node) -> str:
    """osquery's pack_delimiter as this config sets it ('_' unless it does)."""
    options = root.get("options")
    given = options.get("pack_delimiter") if options is not None else None
    text = given.text() if given is not None else None
    return text if text else "_"


def _packs(
    fields: Fields, node: Node, group: str, source: str, result: ConfigImport
) -> None:
    if node.kind != OBJECT:
        fields.warn(
            "import-value",
            node,
            "packs",
            f"packs must be an object, not {describe(node)}; not imported",
        )
        return
    for member in node.members:
        path = f"packs.{member.key}"
        value = member.value
        if value.kind == STRING:
            result.refs.append(
                PackRef(member.key, str(value.value), fields.pos(value, path))
            )
        elif value.kind == OBJECT:
            result.packs.append(
                read_pack(
                    fields, value, path, member.key, group, source, result.settings
                )
            )
        else:
            fields.warn(
                "import-value",
                value,
                path,
                f"pack `{member.key}` is {describe(value)}; osquery ignores it, "
                "not imported",
            )


def read_pack(
    fields: Fields,
    node: Node,
    path: str,
    name: str,
    group: str,
    source: str,
    settings: SettingsDraft,
) -> PackDraft:
    """One pack object (inline or a pack file's whole document)."""
    pos = fields.pos(node, path)
    pack = PackDraft(name, name, group, pos, source, {fields.file})
    pack.name = safe_name(name, "pack", pos, fields.findings, "pack")

    def at(key: str) -> str:
        return f"{path}.{key}" if path else key

    for member in node.members:
        key, value = member.key, member.value
        if key == "queries":
            if value.kind == OBJECT:
                _queries(fields, value, at(key), pack, settings)
            else:
                fields.warn(
                    "import-value",
                    value,
                    at(key),
                    f"queries must be an object, not {describe(value)}; osquery "
                    "schedules nothing from it",
                )
        elif key == "discovery":
            discovery = fields.string_list(value, at(key), "discovery")
            if discovery:
                pack.fields["discovery"] = discovery
        elif key in ("platform", "description"):
            text = (
                fields.platform(value, at(key))
                if key == "platform"
                else fields.string(value, at(key), key)
            )
            if text:
                pack.fields[key] = text
        elif key == "version":
            version = fields.version(value, at(key))
            if version:
                pack.fields["version"] = version
        elif key == "shard":
            shard = fields.whole(value, at(key), "shard")
            if shard is not None:
                pack.fields["shard"] = shard
        elif key == "oncall":
            fields.note(
                "import-not-osquery",
                value,
                at(key),
                "`oncall` only names osquery's internal metrics; not imported",
            )
        elif key in SETTING_KEYS:
            fields.warn(
                "import-pack-setting",
                value,
                at(key),
                f"`{key}` inside pack `{name}` is imported into the target: osquery "
                "applied it only while the pack was active, fleet applies it to "
                "every host of the target",
            )
            read_setting(fields, key, value, at(key), settings)
        else:
            fields.warn(
                "import-unknown-key",
                value,
                at(key),
                f"osquery ignores the pack key `{key}`; not imported",
            )
    return pack


def _queries(
    fields: Fields, node: Node, path: str, pack: PackDraft, settings: SettingsDraft
) -> None:
    for member in node.members:
        qpath = f"{path}.{member.key}"
        value = member.value
        if member.key in SETTING_KEYS and (
            value.kind != OBJECT or value.get("query") is None
        ):
            fields.warn(
                "import-misplaced",
                value,
                qpath,
                f"`{member.key}` is a configuration key, not a query of pack "
                f"`{pack.original}`; it is moved to the target's {member.key}",
                "osquery read it as a query with no SQL and never applied it",
            )
            read_setting(fields, member.key, value, qpath, settings)
            continue
        query = read_query(fields, value, qpath, member.key, member.line, member.column)
        if query is not None:
            add_query(fields, pack, query, value, qpath)


def read_query(
    fields: Fields, node: Node, path: str, name: str, line: int, column: int
) -> QueryDraft | None:
    pos = Pos(fields.file, line, column, path)
    if node.kind != OBJECT:
        fields.warn(
            "import-value",
            node,
            path,
            f"query `{name}` must be an object, not {describe(node)}; osquery "
            "skips it, not imported",
        )
        return None
    sql_node = node.get("query")
    if sql_node is None:
        fields.warn(
            "import-value",
            node,
            path,
            f"query `{name}` has no `query`; osquery skips it, not imported",
        )
        return None
    sql = fields.sql(sql_node, f"{path}.query", f"query `{name}`")
    if sql is None:
        return None
    query = QueryDraft(
        safe_name(name, "query", pos, fields.findings, "query"), name, pos
    )
    query.fields["query"] = sql
    why = ""
    for member in node.members:
        key, value, at = member.key, member.value, f"{path}.{member.key}"
        if key == "query":
            continue
        if key == "interval":
            interval = fields.interval(value, at)
            if interval is not None:
                query.fields["interval"] = interval
        elif key in ("snapshot", "removed", "denylist", "blacklist"):
            flag = fields.boolean(value, at, key)
            if key == "blacklist":
                fields.warn(
                    "import-blacklist",
                    value,
                    at,
                    "`blacklist` was removed in osquery 5 and is ignored; imported "
                    "as `denylist`",
                )
                key = "denylist"
            if flag is not None:
                query.fields[key] = flag
        elif key in ("shard", "startup_priority"):
            number = fields.whole(value, at, key)
            if number is not None:
                query.fields[key] = number
        elif key == "platform":
            platform = fields.platform(value, at)
            if platform:
                query.fields["platform"] = platform
        elif key == "version":
            version = fields.version(value, at)
            if version:
                query.fields["version"] = version
        elif key in ("description", "value"):
            text = fields.string(value, at, key)
            if text and key == "description":
                query.fields["description"] = text
            elif text:
                why = text
        else:
            fields.warn(
                "import-unknown-key",
                value,
                at,
                f"osquery ignores the query key `{key}`; not imported",
            )
    if "interval" not in node:
        fields.warn(
            "import-interval",
            node,
            path,
            f"query `{name}` has no interval; none is made up",
            "osquery would use its default (3600 s); set one, or set "
            "defaults.interval in fleet.yml",
        )
    if why:
        description = str(query.fields.get("description", ""))
        query.fields["description"] = f"{description} Why: {why}".strip()
    return query
