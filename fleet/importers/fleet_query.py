"""Fleet's query fields (``kind: query`` specs, pack entries, GitOps queries).

Fleet adds its own keys to osquery's: ``logging`` (snapshot, differential,
differential_ignore_removals), ``min_osquery_version``, ``platform`` as a spaced or
listed set, and many server-side settings (observers, automations, labels, teams)
that osquery never sees. The osquery meaning is imported; Fleet-only keys are noted
as not imported.
"""

from __future__ import annotations

from fleet.findings import Pos
from fleet.importers.fields import VERSION, Fields
from fleet.importers.model import QueryDraft
from fleet.importers.naming import safe_name
from fleet.importers.nodes import NUMBER, Node

LOGGING = {
    "snapshot": ("snapshot", True),
    "differential": None,
    "differential_ignore_removals": ("removed", False),
}


Layer = tuple[Fields, Node, str]  # a mapping, its path, and the file it is in


def fleet_query(name: str, pos: Pos, layers: list[Layer]) -> QueryDraft | None:
    """A query named ``name`` whose fields come from ``layers``, later ones winning.

    For a pack entry the layers are the query document's spec (which holds the SQL)
    and then the entry itself; they may be in different files, and each finding goes
    to the file its value is in. ``pos`` is where the scheduled query is named.
    """
    sql_fields, sql_holder, sql_path = layers[0]
    fields, last, last_path = layers[-1]
    sql_node = sql_holder.get("query")
    if sql_node is None:
        sql_fields.warn(
            "import-value",
            sql_holder,
            sql_path,
            f"query `{name}` has no `query` (SQL); not imported",
        )
        return None
    sql = sql_fields.sql(sql_node, f"{sql_path}.query", f"query `{name}`")
    if sql is None:
        return None
    query = QueryDraft(
        safe_name(name, "query", pos, fields.findings, "query"), name, pos
    )
    query.fields["query"] = sql
    for layer_fields, node, path in layers:
        _apply(layer_fields, node, path, query)
    if "interval" not in query.fields and not any(
        node.get("interval") is not None for _, node, _ in layers
    ):
        fields.warn(
            "import-interval",
            last,
            last_path,
            f"query `{name}` has no interval; none is made up",
            "in Fleet it ran only on demand; set an interval to schedule it",
        )
    return query


def _apply(fields: Fields, node: Node, path: str, query: QueryDraft) -> None:
    has_platform = node.get("platform") is not None
    for member in node.members:
        key, value, at = member.key, member.value, f"{path}.{member.key}"
        if key in ("name", "query"):
            continue
        if key == "interval":
            interval = fields.interval(value, at)
            if interval is None:
                query.fields.pop("interval", None)
            else:
                query.fields["interval"] = interval
        elif key == "platform" or (key == "platforms" and not has_platform):
            platform = fields.platform(value, at)
            if platform:
                query.fields["platform"] = platform
        elif key in ("min_osquery_version", "version"):
            _version(fields, key, value, at, query)
        elif key == "logging":
            _logging(fields, value, at, query)
        elif key in ("snapshot", "removed", "denylist"):
            flag = fields.boolean(value, at, key)
            if flag is not None:
                query.fields[key] = flag
        elif key == "shard":
            shard = fields.whole(value, at, "shard")
            if shard is not None:
                query.fields["shard"] = shard
        elif key == "description":
            text = fields.string(value, at, key)
            if text:
                query.fields["description"] = text
        elif key == "tags":
            tags = fields.tags(value, at)
            if tags:
                query.fields["tags"] = tags
        else:
            fields.note(
                "import-not-osquery",
                value,
                at,
                f"`{key}` is not an osquery setting, not imported",
            )


def _version(fields: Fields, key: str, value: Node, at: str, query: QueryDraft) -> None:
    text = value.raw if value.kind == NUMBER else value.text()
    if text is not None and text.strip().lower() in ("all", ""):
        query.fields.pop("version", None)
        return
    if text is not None and not VERSION.fullmatch(text.strip()):
        fields.warn(
            "import-version",
            value,
            at,
            f'{key} "{text}" is not a dotted version such as 5.12.1; not imported',
        )
        return
    version = fields.version(value, at, key)
    if version:
        query.fields["version"] = version


def _logging(fields: Fields, value: Node, at: str, query: QueryDraft) -> None:
    text = value.text()
    if text not in LOGGING:
        fields.warn(
            "import-value",
            value,
            at,
            f'logging "{text}" is not snapshot, differential or '
            "differential_ignore_removals; not imported",
        )
        return
    mapped = LOGGING[text]
    if mapped is not None:
        query.fields[mapped[0]] = mapped[1]
