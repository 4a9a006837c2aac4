"""The osquery table schema: the model, reading it, the user's cache, osqueryi dumps."""

from fleet.schema.cache import DEFAULT_SCHEMA_URL, cache_dir, fetch_schema
from fleet.schema.dump import dump_schema
from fleet.schema.load import load_schema_file
from fleet.schema.model import Column, Schema, Table
from fleet.schema.resolve import resolve_schema

__all__ = [
    "DEFAULT_SCHEMA_URL",
    "Column",
    "Schema",
    "Table",
    "cache_dir",
    "dump_schema",
    "fetch_schema",
    "load_schema_file",
    "resolve_schema",
]
