"""Reading osquery's published schema JSON: a list of tables, each with columns.

The format is the one ``tools/codegen/genwebsitejson.py`` writes for
osquery.io/schema. It carries no version and no aliases: the version comes from the
file name and the aliases from :mod:`fleet.osquery.tables`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from fleet.errors import FleetError
from fleet.osquery.tables import TABLE_ALIASES
from fleet.schema.model import UNKNOWN_VERSION, Column, Schema, Table

EXPECTED = (
    "expected osquery's published schema format: a JSON array of tables, each "
    '{"name": ..., "platforms": [...], "columns": [{"name": ..., "type": ...}, ...]}'
)
_VERSION_IN_NAME = re.compile(r"\d+\.\d+\.\d+")
# The published files are about 1 MiB; anything far larger is not one of them, and
# reading it would take seconds and gigabytes.
MAX_SCHEMA_BYTES = 64 * 1024 * 1024
# The published file writes Windows as three names for extended-schema columns.
_PLATFORM_NAMES = {"win32": "windows", "cygwin": "windows"}


class SchemaShapeError(ValueError):
    """The JSON parsed but is not a list of osquery tables."""


def version_from_name(path: Path) -> str:
    """The osquery version a schema file is named after, such as 5.23.1.json."""
    found = _VERSION_IN_NAME.search(path.name)
    return found.group(0) if found else UNKNOWN_VERSION


def load_schema_file(path: Path) -> Schema:
    """Read a schema file; FleetError says what is wrong with a missing or bad one."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_SCHEMA_BYTES + 1)
    except FileNotFoundError:
        raise FleetError(
            f"schema file {path} not found",
            "give a JSON file in osquery's published schema format, or a version "
            "fetched with 'fleet schema fetch VERSION'",
        ) from None
    except OSError as exc:
        raise FleetError(f"cannot read schema file {path}: {exc}") from None
    if len(data) > MAX_SCHEMA_BYTES:
        raise FleetError(
            f"schema file {path} is over {MAX_SCHEMA_BYTES // 2**20} MiB; osquery's "
            "published schemas are about 1 MiB, so it is not read",
            EXPECTED,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FleetError(f"cannot read schema file {path}: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FleetError(
            f"schema file {path} is not JSON (line {exc.lineno}, column {exc.colno}: "
            f"{exc.msg})",
            EXPECTED,
        ) from None
    try:
        return parse_schema(data, str(path), version_from_name(path))
    except SchemaShapeError as exc:
        raise FleetError(f"schema file {path}: {exc}", EXPECTED) from None


def parse_schema(data: object, source: str, version: str) -> Schema:
    """Build a Schema from decoded JSON; SchemaShapeError names the first bad part."""
    if not isinstance(data, list):
        raise SchemaShapeError(
            f"the top level is {_kind(data)}, not an array of tables"
        )
    if not data:
        raise SchemaShapeError("the array holds no tables")
    tables: dict[str, Table] = {}
    first: dict[str, int] = {}
    for index, item in enumerate(data):
        table = _table(item, f"table {index + 1}")
        key = table.name.lower()  # SQLite compares names case-insensitively
        if key in first:
            raise SchemaShapeError(
                f"table {index + 1} ({table.name}) appears twice (first as table "
                f"{first[key] + 1})"
            )
        first[key] = index
        tables[table.name] = table
    aliases = {
        alias: real
        for alias, real in TABLE_ALIASES.items()
        if real in tables and alias not in tables
    }
    return Schema(version, source, tables, aliases)


def _table(item: object, where: str) -> Table:
    if not isinstance(item, dict):
        raise SchemaShapeError(f"{where} is {_kind(item)}, not an object")
    name = item.get("name")
    if not isinstance(name, str) or not name:
        raise SchemaShapeError(f'{where} has no "name" string')
    where = f"{where} ({name})"
    platforms = item.get("platforms")
    if not isinstance(platforms, list) or not all(
        isinstance(p, str) for p in platforms
    ):
        raise SchemaShapeError(f'{where}: "platforms" must be an array of strings')
    columns = item.get("columns")
    if not isinstance(columns, list) or not columns:
        raise SchemaShapeError(f'{where}: "columns" must be a non-empty array')
    parsed = tuple(_column(c, f"{where} column {i + 1}") for i, c in enumerate(columns))
    seen: set[str] = set()
    for column in parsed:
        if column.name.lower() in seen:  # SQLite compares names case-insensitively
            raise SchemaShapeError(f"{where}: column {column.name!r} appears twice")
        seen.add(column.name.lower())
    return Table(
        name=name,
        platforms=frozenset(
            _PLATFORM_NAMES.get(p, p) for p in map(str.lower, platforms)
        ),
        columns=parsed,
        evented=_flag(item, "evented", where),
    )


def _column(item: object, where: str) -> Column:
    if not isinstance(item, dict):
        raise SchemaShapeError(f"{where} is {_kind(item)}, not an object")
    name, type_ = item.get("name"), item.get("type")
    if not isinstance(name, str) or not name or not isinstance(type_, str):
        raise SchemaShapeError(f'{where} needs "name" and "type" strings')
    return Column(
        name=name,
        type=type_.lower(),
        hidden=_flag(item, "hidden", where),
        required=_flag(item, "required", where),
        index=_flag(item, "index", where),
    )


def _flag(item: dict[str, object], key: str, where: str) -> bool:
    value = item.get(key, False)
    if not isinstance(value, bool):
        raise SchemaShapeError(f'{where}: "{key}" must be true or false, not {value!r}')
    return value


def _kind(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", type(None): "null"}
    return names.get(type(value), f"a {type(value).__name__}")
