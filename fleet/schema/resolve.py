"""Which schema a run uses: --schema, else fleet.yml ``schema:``, else none."""

from __future__ import annotations

from pathlib import Path

from fleet.errors import FleetError
from fleet.model import Inventory
from fleet.schema.cache import cached_schema_path, is_version
from fleet.schema.load import load_schema_file
from fleet.schema.model import Schema


def resolve_schema(option: str | None, inventory: Inventory) -> Schema | None:
    """The schema named by --schema (``option``) or by the inventory, or None.

    A value is a path (--schema: relative to the working directory; ``schema:``:
    relative to the inventory) or, when no such file exists, a version such as
    5.23.1 that 'fleet schema fetch' put in the cache.
    """
    if option:
        return _load(option, Path(option), "--schema")
    if inventory.schema:
        path = Path(inventory.schema)
        if not path.is_absolute():
            path = inventory.root / path
        return _load(inventory.schema, path, f"schema: in {inventory.root_file}")
    return None


def _load(value: str, path: Path, origin: str) -> Schema:
    if path.is_file() or not is_version(value):
        if not path.exists():
            raise FleetError(
                f"schema file {path} not found (from {origin})",
                "give a JSON file in osquery's published schema format, or a "
                "version such as 5.23.1 fetched with 'fleet schema fetch VERSION'",
            )
        return load_schema_file(path)
    cached = cached_schema_path(value)
    if not cached.is_file():
        raise FleetError(
            f"osquery schema {value} (from {origin}) is not in the cache ({cached})",
            f"run 'fleet schema fetch {value}'",
        )
    return load_schema_file(cached)
