"""Checks on packs and their queries that need nothing but the pack itself."""

from __future__ import annotations

import re
from collections.abc import Iterator

from fleet.findings import Finding, Pos, error, info, warning
from fleet.load.yamldoc import one_line
from fleet.model import Inventory, Pack, Query
from fleet.osquery.names import reserved_reason, unsafe_reason
from fleet.osquery.platforms import matches
from fleet.osquery.platforms import problems as platform_problems
from fleet.osquery.version import older

MAX_INTERVAL = 604800
SEVERITIES = ("info", "low", "medium", "high", "critical")
TACTICS = {
    "TA0001": "Initial Access",
    "TA0002": "Execution",
    "TA0003": "Persistence",
    "TA0004": "Privilege Escalation",
    "TA0005": "Defense Evasion",
    "TA0006": "Credential Access",
    "TA0007": "Discovery",
    "TA0008": "Lateral Movement",
    "TA0009": "Collection",
    "TA0010": "Exfiltration",
    "TA0011": "Command and Control",
    "TA0040": "Impact",
    "TA0042": "Resource Development",
    "TA0043": "Reconnaissance",
}
TECHNIQUE = re.compile(r"T\d{4}(\.\d{3})?")


def check_packs(inventory: Inventory) -> Iterator[Finding]:
    for pack in inventory.packs.values():
        yield from check_pack(pack)
        for query in pack.queries.values():
            yield from check_query(query, pack)
            if query.startup_priority is not None and older(
                inventory.osquery_version or "0", "5.17"
            ):
                yield warning(
                    "version-floor",
                    query.at("startup_priority"),
                    "startup_priority needs osquery 5.17 or later; the inventory's "
                    f"osquery_version is {inventory.osquery_version or 'not set'}",
                    "older hosts ignore it; raise osquery_version or remove it",
                )


def check_name(kind: str, name: str, pos: Pos) -> Iterator[Finding]:
    unsafe = unsafe_reason(name)
    if unsafe:
        yield error(
            "name-unsafe",
            pos,
            f"{kind} name '{one_line(name)}' {unsafe}",
            "names become file names, resource titles and log keys",
        )
    reason = reserved_reason(name)
    if reason:
        yield error(
            "name-reserved",
            pos,
            f"{kind} name '{one_line(name)}' {reason}: osquery drops it as a reserved "
            "database key",
            "rename it",
        )


def check_pack(pack: Pack) -> Iterator[Finding]:
    yield from check_name("pack", pack.name, Pos(pack.file, 1, 1, ""))
    if pack.name == "main":
        yield error(
            "pack-main",
            Pos(pack.file, 1, 1, ""),
            "a pack named 'main' silently replaces osquery's schedule",
            "rename the pack",
        )
    if pack.platform is not None:
        yield from _platform(pack.platform, pack.at("platform"))
    if pack.shard is not None:
        yield from _shard(pack.shard, pack.at("shard"))
    if not pack.declared and "queries" in pack.where:
        yield warning(
            "pack-empty", pack.at("queries"), f"pack '{pack.name}' has no queries"
        )
    if len(pack.discovery) > 1:
        yield info(
            "discovery-and",
            pack.at("discovery"),
            f"pack '{pack.name}' runs only if every one of its {len(pack.discovery)} "
            "discovery queries returns rows (they are AND-ed, in order)",
            "to mean 'any of these', write one query with UNION",
        )


def _platform(value: str, pos: Pos) -> Iterator[Finding]:
    for problem in platform_problems(value):
        make = error if problem.severity == "error" else warning
        yield make(problem.code, pos, problem.message, problem.hint)


def _disjoint(query: Query, pack: Pack) -> Iterator[Finding]:
    """osquery checks the pack's platform, then the query's: a query whose platform
    shares no build platform with its pack's never runs anywhere."""
    own, packs = matches(query.platform), matches(pack.platform)
    if not own or not packs or own & packs:
        return  # a platform that matches nothing is reported as platform-unknown
    yield error(
        "platform-disjoint",
        query.at("platform"),
        f"query platform '{query.platform}' ({', '.join(sorted(own))}) shares "
        f"nothing with pack '{pack.name}' platform '{pack.platform}' "
        f"({', '.join(sorted(packs))}): the query never runs anywhere",
        "move the query into a pack for "
        f"{','.join(sorted(own)) if own != {'darwin', 'linux'} else 'posix'}, "
        "or change one of the two platforms",
    )


def _shard(value: int, pos: Pos) -> Iterator[Finding]:
    if not 1 <= value <= 100:
        yield error(
            "shard-range",
            pos,
            f"shard {value} is outside 1..100",
            "shard N runs on about N% of hosts; leave it out to run everywhere",
        )


def check_query(query: Query, pack: Pack) -> Iterator[Finding]:
    yield from check_name("query", query.name, query.pos)
    if query.interval is None:
        if "interval" not in query.where:
            yield error(
                "interval-missing",
                query.pos,
                f"query '{query.name}' has no interval",
                "set one, or set defaults.interval in fleet.yml",
            )
    elif not 1 <= query.interval <= MAX_INTERVAL:
        yield error(
            "interval-range",
            query.at("interval"),
            f"interval {query.interval} is outside 1..{MAX_INTERVAL}: "
            "osquery drops the query",
            "the most osquery accepts is one week (604800 s)",
        )
    if query.platform is not None:
        yield from _platform(query.platform, query.at("platform"))
        yield from _disjoint(query, pack)
    if query.shard is not None:
        yield from _shard(query.shard, query.at("shard"))
    if query.snapshot and query.removed is not None and "removed" in query.where:
        yield info(
            "removed-with-snapshot",
            query.at("removed"),
            "'removed' has no effect on a snapshot query",
            "remove it",
        )
    if query.severity is not None and query.severity not in SEVERITIES:
        yield error(
            "severity",
            query.at("severity"),
            f"severity '{query.severity}' is not one of {', '.join(SEVERITIES)}",
        )
    yield from _attack(query)
    yield from _doubled_backslash(query)


def _attack(query: Query) -> Iterator[Finding]:
    for i, tactic in enumerate(query.attack.tactics):
        pos = query.at(f"attack.tactics[{i}]", "attack")
        if not re.fullmatch(r"TA\d{4}", tactic):
            yield error(
                "attack-id",
                pos,
                f"'{tactic}' is not an ATT&CK tactic ID",
                "tactics look like TA0003"
                + (
                    "; this is a technique ID, list it under techniques"
                    if TECHNIQUE.fullmatch(tactic)
                    else ""
                ),
            )
        elif tactic not in TACTICS:
            yield error(
                "attack-id", pos, f"'{tactic}' is not an ATT&CK Enterprise tactic"
            )
    for i, technique in enumerate(query.attack.techniques):
        pos = query.at(f"attack.techniques[{i}]", "attack")
        if not TECHNIQUE.fullmatch(technique):
            yield error(
                "attack-id",
                pos,
                f"'{technique}' is not an ATT&CK technique ID",
                "techniques look like T1543 or T1543.001",
            )


def _doubled_backslash(query: Query) -> Iterator[Finding]:
    for literal in re.findall(r"'((?:[^']|'')*)'", query.sql.text):
        if "\\\\" in literal:
            yield warning(
                "sql-double-backslash",
                query.at("query"),
                f"the SQL string '{literal}' holds a doubled backslash",
                "in YAML and SQL one backslash is one separator: write C:\\Windows, "
                "not C:\\\\Windows",
            )
            return
