"""Dumping the schema of a local osqueryi in osquery's published JSON format.

osqueryi lists its tables in ``osquery_registry`` and describes each with
``PRAGMA table_xinfo`` (one of the PRAGMAs osquery allows). The dump knows only the
host's own platform, and SQLite does not expose which columns a table requires, so
every column is written as not required: a dumped schema cannot drive the
required-column check. Index columns are the vtable's PRIMARY KEY, so they are kept.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from typing import Any

from fleet.errors import FleetError
from fleet.osquery.platforms import matches

INFO_SQL = "SELECT version, build_platform FROM osquery_info"
TABLES_SQL = (
    "SELECT name FROM osquery_registry WHERE registry = 'table' AND active = 1 "
    "ORDER BY name"
)
EVENTED_SQL = "SELECT name FROM osquery_events WHERE type = 'subscriber'"
TIMEOUT = 60


@dataclass(slots=True)
class SchemaDump:
    version: str
    platform: str
    tables: list[dict[str, Any]]


def dump_schema(osqueryi: str = "osqueryi") -> list[dict[str, Any]]:
    """The tables of a local osqueryi, as osquery's published schema JSON."""
    return dump(osqueryi).tables


def dump(osqueryi: str = "osqueryi") -> SchemaDump:
    """The dump with the osquery version and platform it came from."""
    binary = shutil.which(osqueryi)
    if binary is None:
        raise FleetError(
            "osqueryi not found; install osquery or use 'fleet schema fetch'"
        )
    info = _query(binary, INFO_SQL)
    if not info:
        raise FleetError(f"{binary} returned no row from osquery_info")
    version = str(info[0].get("version", "unknown"))
    platform = _platform(str(info[0].get("build_platform", "")))
    evented = {str(row.get("name")) for row in _query(binary, EVENTED_SQL)}
    tables = [
        _table(str(row["name"]), platform, evented, binary)
        for row in _query(binary, TABLES_SQL)
        if row.get("name")
    ]
    if not tables:
        raise FleetError(f"{binary} listed no active tables in osquery_registry")
    return SchemaDump(version, platform, tables)


def _platform(build_platform: str) -> str:
    found = matches(build_platform) if build_platform else frozenset()
    if len(found) != 1:
        raise FleetError(
            f"osqueryi reports an unknown build platform {build_platform!r}"
        )
    return next(iter(found))


def _table(name: str, platform: str, evented: set[str], binary: str) -> dict[str, Any]:
    columns = [
        {
            "name": str(row["name"]),
            "description": "",
            "type": str(row.get("type", "text")).lower().replace(" ", "_"),
            "notes": "",
            "hidden": _number(row.get("hidden")) == 1,
            "required": False,  # not visible through SQLite; see the module docstring
            "index": _number(row.get("pk")) > 0,
        }
        for row in _query(binary, f"PRAGMA table_xinfo({name})")
    ]
    return {
        "name": name,
        "description": "",
        "url": "",
        "platforms": [platform],
        "evented": name in evented,
        "cacheable": False,
        "notes": "",
        "examples": [],
        "columns": columns,
    }


def _number(value: object) -> int:
    """osqueryi --json writes every value as a string."""
    try:
        return int(str(value))
    except ValueError:
        return 0


def _query(binary: str, sql: str) -> list[dict[str, Any]]:
    try:
        done = subprocess.run(
            [binary, "--json", sql],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise FleetError(f"cannot run {binary}: {exc}") from None
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()[-1:] or [f"exit {done.returncode}"]
        raise FleetError(f"{binary} failed on {sql!r}: {detail[0]}")
    try:
        rows = json.loads(done.stdout or "[]")
    except json.JSONDecodeError:
        raise FleetError(f"{binary} did not print JSON for {sql!r}") from None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise FleetError(
            f"{binary} printed JSON that is not a list of rows for {sql!r}"
        )
    return rows
