"""Names osquery treats specially."""

from __future__ import annotations

import re

# osquery drops scheduled queries whose names start or end like its own database
# keys (kReservedDbPrefixes / kReservedDbSuffixes).
RESERVED_PREFIXES = ("query.", "cache.", "config_views.")
RESERVED_SUFFIXES = ("epoch", "counter")

# Names become file names, Puppet titles, Chef resource names and log keys.
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}")


def unsafe_reason(name: str) -> str:
    """Why ``name`` cannot name a group, pack or query, or an empty string."""
    if SAFE_NAME.fullmatch(name):
        return ""
    return (
        "must start with a letter or digit and hold only letters, digits, '_' and "
        "'-' (at most 128)"
    )


def reserved_reason(name: str) -> str:
    for prefix in RESERVED_PREFIXES:
        if name.startswith(prefix):
            return f"starts with '{prefix}'"
    for suffix in RESERVED_SUFFIXES:
        if name.endswith(suffix):
            return f"ends with '{suffix}'"
    return ""


def full_name(pack: str, query: str, delimiter: str) -> str:
    """The name osquery logs results under (``pack<d>pack<d>query``)."""
    return f"pack{delimiter}{pack}{delimiter}{query}"
