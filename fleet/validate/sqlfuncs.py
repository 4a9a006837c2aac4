"""The SQL functions and collations osquery adds to SQLite, as prepare-only stubs.

osquery registers these in ``openOptimized`` (``osquery/sql/sqlite_util.cpp``) on
its bundled SQLite 3.42. The checker only prepares statements, so a stub needs the
right name and number of arguments, never a body that runs.
"""

from __future__ import annotations

from collections.abc import Callable

import apsw

VARIADIC = -1

# name -> the argument counts osquery accepts (VARIADIC: any).
OSQUERY_FUNCTIONS: dict[str, tuple[int, ...]] = {
    **dict.fromkeys(
        [
            "sqrt",
            "acos",
            "asin",
            "atan",
            "cos",
            "sin",
            "tan",
            "cot",
            "exp",
            "log",
            "log10",
            "ceil",
            "floor",
            "degrees",
            "radians",
        ],
        (1,),
    ),
    "power": (2,),
    "pi": (0,),
    "split": (3,),
    "regex_split": (3,),
    "regex_match": (3,),
    "inet_aton": (1,),
    "concat": (VARIADIC,),
    "concat_ws": (VARIADIC,),
    "version_compare": (2, 3),  # registered variadic; fewer than 2 fails at run time
    "md5": (1,),
    "sha1": (1,),
    "sha256": (1,),
    "community_id_v1": (5, 6),
    "community_id_v1_strict": (5, 6),
    "to_base64": (1,),
    "from_base64": (1,),
    "conditional_to_base64": (1,),
    "in_cidr_block": (2,),
    "parent_directory": (1,),
    "find_file_path_in_cmd": (1, 2, 3),
    "is_path_deterministic": (1, 2, 3),
    "sleep": (1,),
    "soundex": (1,),  # SQLITE_SOUNDEX is compiled into osquery's SQLite
}
OSQUERY_AGGREGATES: dict[str, tuple[int, ...]] = {"carve": (1,)}
COLLATIONS = ("version", "version_arch", "version_dpkg", "version_rhel")

# Functions of the SQLite that APSW bundles which osquery's SQLite 3.42 lacks: the
# optional math and percentile extensions, and functions added in 3.43 to 3.50.
# The two-argument log(B, X) of the math extension cannot be told apart by name.
SQLITE_ONLY: frozenset[str] = frozenset(
    [
        "acosh",
        "asinh",
        "atanh",
        "atan2",
        "ceiling",
        "cosh",
        "ln",
        "log2",
        "mod",
        "pow",
        "sinh",
        "tanh",
        "trunc",
        "median",
        "percentile",
        "percentile_cont",
        "percentile_disc",
        "timediff",
        "octet_length",
        "string_agg",
        "json_pretty",
        "json_array_insert",
        "jsonb",
        "jsonb_array",
        "jsonb_array_insert",
        "jsonb_extract",
        "jsonb_group_array",
        "jsonb_group_object",
        "jsonb_insert",
        "jsonb_object",
        "jsonb_patch",
        "jsonb_remove",
        "jsonb_replace",
        "jsonb_set",
        "if",
        "unistr",
        "unistr_quote",
    ]
)

# What to write instead of a SQLITE_ONLY function, where osquery has an equivalent.
INSTEAD: dict[str, str] = {
    "ln": "use log(): osquery's log is the natural logarithm",
    "pow": "use power()",
    "ceiling": "use ceil()",
    "mod": "use the % operator",
    "string_agg": "use group_concat()",
    "if": "use iif()",
}


def _stub(*_args: apsw.SQLiteValue) -> None:
    return None


class _StubAggregate:
    def step(self, *_args: apsw.SQLiteValue) -> None:
        return None

    def final(self) -> None:
        return None


def _compare(_left: str, _right: str) -> int:
    return 0


def register_functions(connection: apsw.Connection) -> None:
    """Add osquery's functions and collations to a connection."""
    for name, counts in OSQUERY_FUNCTIONS.items():
        for count in counts:
            connection.create_scalar_function(name, _stub, count)
    for name, counts in OSQUERY_AGGREGATES.items():
        factory: Callable[[], _StubAggregate] = _StubAggregate
        for count in counts:
            connection.create_aggregate_function(name, factory, count)
    for name in COLLATIONS:
        connection.create_collation(name, _compare)


def arity_text(name: str) -> str:
    """How many arguments osquery's function ``name`` takes, in words."""
    counts = OSQUERY_FUNCTIONS.get(name) or OSQUERY_AGGREGATES.get(name) or ()
    if not counts or VARIADIC in counts:
        return ""
    words = " or ".join(str(c) for c in counts)
    return f"{name}() takes {words} argument{'' if counts == (1,) else 's'}"


def known_functions(connection: apsw.Connection) -> set[str]:
    """Every function name a query may call in osquery."""
    listed = {str(row[0]) for row in connection.execute("PRAGMA function_list")}
    return (listed | set(OSQUERY_FUNCTIONS) | set(OSQUERY_AGGREGATES)) - SQLITE_ONLY
