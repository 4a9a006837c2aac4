"""Codes of packs and queries: fields, names, platforms, intervals, ATT&CK."""

from __future__ import annotations

from fleet.codes.check import Check, E, I, Q, W

CHECKS: tuple[Check, ...] = (
    Check(
        "interval-missing",
        E,
        "A query with no interval and no default: osquery "
        "would use its own default of 3600 s silently.",
        "query",
        Q,
        Q + "interval: 60\n",
        at=("packs/g/p.yml", 2, 3),
    ),
    Check(
        "interval-range",
        E,
        "An interval outside 1..604800; osquery drops the query.",
        "query",
        Q + "interval: 7776000\n",
        Q + "interval: 604800\n",
        at=("packs/g/p.yml", 4, 15),
    ),
    Check(
        "shard-range",
        E,
        "A shard outside 1..100.",
        "query",
        Q + "interval: 60\nshard: 0\n",
        Q + "interval: 60\nshard: 10\n",
        at=("packs/g/p.yml", 5, 12),
    ),
    Check(
        "platform-unknown",
        E,
        "A platform osquery never matches (macos, Linux, "
        "win), or one that matches everything by accident.",
        "query",
        Q + "interval: 60\nplatform: macos\n",
        Q + "interval: 60\nplatform: darwin\n",
        at=("packs/g/p.yml", 5, 15),
    ),
    Check(
        "platform-disjoint",
        E,
        "A query platform that shares no platform with its pack's: osquery checks "
        "the pack's platform, then the query's, so the query never runs anywhere.",
        "pack",
        "platform: linux\nqueries:\n  q:\n    " + Q + "    interval: 60\n"
        "    platform: darwin\n",
        "platform: posix\nqueries:\n  q:\n    " + Q + "    interval: 60\n"
        "    platform: darwin\n",
        at=("packs/g/p.yml", 6, 15),
    ),
    Check(
        "platform-distro",
        W,
        "A distribution name: osquery treats ubuntu and centos "
        "as any Linux and never matches the others.",
        "query",
        Q + "interval: 60\nplatform: centos\n",
        Q + "interval: 60\nplatform: linux\n",
        at=("packs/g/p.yml", 5, 15),
    ),
    Check(
        "name-unsafe",
        E,
        "A name with characters other than letters, digits, '_' "
        "and '-' (names become file names and identifiers).",
        "pack",
        "queries:\n  'bad name':\n    " + Q + "    interval: 60\n",
        "queries:\n  good_name:\n    " + Q + "    interval: 60\n",
        at=("packs/g/p.yml", 2, 3),
    ),
    Check(
        "name-reserved",
        E,
        "A name osquery drops: starting with query., cache., "
        "config_views. or ending in epoch or counter.",
        "pack",
        "queries:\n  login_counter:\n    " + Q + "    interval: 60\n",
        "queries:\n  login_count:\n    " + Q + "    interval: 60\n",
        at=("packs/g/p.yml", 2, 3),
    ),
    Check(
        "removed-with-snapshot",
        I,
        "'removed' does nothing on a snapshot query.",
        "query",
        Q + "interval: 60\nsnapshot: true\nremoved: false\n",
        Q + "interval: 60\nsnapshot: true\n",
        at=("packs/g/p.yml", 6, 14),
    ),
    Check(
        "severity",
        E,
        "Severity is not info, low, medium, high or critical.",
        "query",
        Q + "interval: 60\nseverity: urgent\n",
        Q + "interval: 60\nseverity: high\n",
        at=("packs/g/p.yml", 5, 15),
    ),
    Check(
        "attack-id",
        E,
        "An ATT&CK ID that is malformed or not an Enterprise tactic.",
        "query",
        Q + "interval: 60\nattack: {tactics: [T1543]}\n",
        Q + "interval: 60\nattack: {tactics: [TA0003], techniques: [T1543.002]}\n",
        at=("packs/g/p.yml", 5, 24),
    ),
    Check(
        "sql-double-backslash",
        W,
        "A doubled backslash in an SQL string: in YAML "
        "one backslash is one path separator.",
        "query",
        "query: SELECT pid FROM processes WHERE path = 'C:\\\\Windows\\\\x.exe'\n"
        "interval: 60\nplatform: windows\n",
        "query: SELECT pid FROM processes WHERE path = 'C:\\Windows\\x.exe'\n"
        "interval: 60\nplatform: windows\n",
        at=("packs/g/p.yml", 3, 12),
    ),
    Check(
        "pack-main",
        E,
        "A pack named main silently replaces osquery's schedule.",
        "files",
        "--- packs/g/main.yml\nqueries:\n  q: {query: SELECT 1, interval: 60}\n",
        "--- packs/g/baseline.yml\nqueries:\n  q: {query: SELECT 1, interval: 60}\n",
        at=("packs/g/main.yml", 1, 1),
    ),
    Check(
        "group-readme",
        W,
        "A pack group without a README.md runbook.",
        "files",
        "",
        "",
    ),
    Check(
        "pack-empty",
        W,
        "A pack without queries.",
        "pack",
        "queries: {}\n",
        "queries:\n  q:\n    " + Q + "    interval: 60\n",
        at=("packs/g/p.yml", 1, 10),
    ),
    Check(
        "discovery-and",
        I,
        "Several discovery queries: every one must return rows.",
        "pack",
        "discovery:\n  - SELECT 1 FROM processes WHERE name = 'nginx'\n"
        "  - SELECT 1 FROM listening_ports WHERE port = 80\n"
        "queries:\n  q:\n    " + Q + "    interval: 60\n",
        "discovery:\n  - SELECT 1 FROM processes WHERE name = 'nginx'\n"
        "queries:\n  q:\n    " + Q + "    interval: 60\n",
        at=("packs/g/p.yml", 2, 3),
    ),
    Check(
        "discovery-exclusive",
        W,
        "Discovery queries that cannot all return rows on "
        "one host (Debian and Red Hat package tables): the pack never runs.",
        "pack",
        "discovery:\n  - SELECT 1 FROM rpm_packages WHERE name = 'nginx'\n"
        "  - SELECT 1 FROM deb_packages WHERE name = 'nginx'\n"
        "queries:\n  q:\n    " + Q + "    interval: 300\n",
        "discovery:\n  - SELECT 1 FROM processes WHERE name = 'nginx'\n"
        "queries:\n  q:\n    " + Q + "    interval: 300\n",
        schema=True,
        at=("packs/g/p.yml", 3, 5),
    ),
)
