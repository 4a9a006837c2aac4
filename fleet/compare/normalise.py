"""Bring an osquery configuration into the form comparisons use.

osquery reads most values loosely (intervals as numeric strings, booleans as
strings or numbers, platforms with spaces); the normalised form reads them the way
osquery does, so only differences osquery would act on remain. Query defaults are
written out (snapshot false, removed true, denylist true).
"""

from __future__ import annotations

from collections.abc import Mapping

from fleet.osquery.platforms import normalise as normalise_platform
from fleet.osquery.sqltext import normalise_sql

QUERY_DEFAULTS: dict[str, object] = {
    "snapshot": False,
    "removed": True,
    "denylist": True,
}
_INT_FIELDS = ("interval", "shard", "startup_priority")


def to_bool(value: object) -> object:
    """osquery's JSON::valueToBool: booleans, 'true'/'1' strings, non-zero numbers."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1")
    if isinstance(value, (int, float)):
        return value != 0
    return value


def to_int(value: object) -> object:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        return int(value.strip())
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def option_value(value: object) -> object:
    """Options reach osquery as strings: true and "true" and 10 and "10" are equal."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value)
    return value


def normalise_query(query: Mapping[str, object]) -> dict[str, object]:
    out: dict[str, object] = dict(QUERY_DEFAULTS)
    for key, value in query.items():
        if key == "query" and isinstance(value, str):
            out[key] = normalise_sql(value)
        elif key in _INT_FIELDS:
            out[key] = to_int(value)
        elif key in QUERY_DEFAULTS:
            out[key] = to_bool(value)
        elif key == "platform" and isinstance(value, str):
            out[key] = normalise_platform(value)
        else:
            out[key] = value
    return out


def normalise_pack(pack: Mapping[str, object]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in pack.items():
        if key == "queries" and isinstance(value, Mapping):
            out[key] = {
                str(name): normalise_query(q) if isinstance(q, Mapping) else q
                for name, q in value.items()
            }
        elif key == "discovery" and isinstance(value, list):
            out[key] = [normalise_sql(v) if isinstance(v, str) else v for v in value]
        elif key == "shard":
            out[key] = to_int(value)
        elif key == "platform" and isinstance(value, str):
            out[key] = normalise_platform(value)
        else:
            out[key] = value
    out.setdefault("queries", {})
    return out


def _normalise_decorators(value: object) -> object:
    if not isinstance(value, Mapping):
        return value
    out: dict[str, object] = {}
    for key, queries in value.items():
        if key == "interval" and isinstance(queries, Mapping):
            out[key] = {
                str(k): [normalise_sql(q) if isinstance(q, str) else q for q in v]
                if isinstance(v, list)
                else v
                for k, v in queries.items()
            }
        elif isinstance(queries, list):
            out[key] = [normalise_sql(q) if isinstance(q, str) else q for q in queries]
        else:
            out[key] = queries
    return out


def normalise_config(
    config: Mapping[str, object],
    external: Mapping[str, Mapping[str, object]] | None = None,
) -> dict[str, object]:
    """The normalised form of a parsed osquery.conf.

    ``external`` maps a pack name to its parsed pack file, for packs the config
    references by path; their paths are kept under ``pack_paths``.
    """
    out: dict[str, object] = {}
    for key, value in config.items():
        if key == "options" and isinstance(value, Mapping):
            out[key] = {str(k): option_value(v) for k, v in value.items()}
        elif key == "decorators":
            out[key] = _normalise_decorators(value)
        elif key == "packs" and isinstance(value, Mapping):
            packs: dict[str, object] = {}
            paths: dict[str, object] = {}
            for name, pack in value.items():
                if isinstance(pack, Mapping):
                    packs[str(name)] = normalise_pack(pack)
                elif isinstance(pack, str):
                    paths[str(name)] = pack
                    loaded = (external or {}).get(str(name))
                    if loaded is not None:
                        packs[str(name)] = normalise_pack(loaded)
                else:
                    packs[str(name)] = pack
            out["packs"] = packs
            if paths:
                out["pack_paths"] = paths
        elif key == "schedule" and isinstance(value, Mapping):
            out[key] = {
                str(n): normalise_query(q) if isinstance(q, Mapping) else q
                for n, q in value.items()
            }
        else:
            out[key] = value
    out.setdefault("packs", {})
    return out
