"""Every finding code: its severity, what it means, and a failing and a passing example.

The examples are executable: a test places each in a minimal inventory and checks
that the failing one reports the code and the passing one does not. ``docs/checks.md``
is generated from this table (``python -m fleet.codes > docs/checks.md``).

``place`` says where an example goes: ``query`` (the body of one query), ``pack`` (a
whole pack file), ``target`` (the body of one target in fleet.yml), ``root`` (all of
fleet.yml), ``files`` (whole files, each after a ``--- path`` line), or ``import`` (a
file given to ``fleet import``; tested with the importers). Codes whose example would
be impractical to print (a 1 MiB config) have prose only and their own tests.
"""

from __future__ import annotations

from dataclasses import dataclass

from fleet.findings import Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741


@dataclass(frozen=True, slots=True)
class Check:
    code: str
    severity: Severity
    summary: str
    place: str
    bad: str
    good: str
    schema: bool = False  # the example needs the osquery schema
    # Where the failing example is reported once placed (file, line, column); the
    # test places it as tests/test_codes.py describes.
    at: tuple[str, int, int] | None = None


Q = "query: SELECT pid FROM processes\n"
T = "platforms: [linux]\npacks: ['*']\n"

CHECKS: tuple[Check, ...] = (
    # loading ---------------------------------------------------------------------
    Check(
        "yaml-syntax",
        E,
        "The file is not valid YAML; the position is where the parser stopped.",
        "query",
        "query: SELECT name FROM users WHERE shell = 'a: b' AND 1\ninterval: [60\n",
        Q + "interval: 60\n",
        at=("packs/g/p.yml", 3, 51),
    ),
    Check(
        "duplicate-key",
        E,
        "A key appears twice in one mapping; YAML would keep one "
        "silently. Both places are named.",
        "query",
        Q + "interval: 60\ninterval: 300\n",
        Q + "interval: 60\n",
        at=("packs/g/p.yml", 5, 5),
    ),
    Check(
        "unknown-key",
        E,
        "A key the format does not know, usually a typo, with a 'did you mean'.",
        "query",
        Q + "interval: 60\nsnapshto: true\n",
        Q + "interval: 60\nsnapshot: true\n",
        at=("packs/g/p.yml", 5, 5),
    ),
    Check(
        "missing-key",
        E,
        "A required key is absent (a query without 'query', a "
        "target without 'platforms').",
        "query",
        "interval: 60\n",
        Q + "interval: 60\n",
        at=("packs/g/p.yml", 2, 3),
    ),
    Check(
        "type",
        E,
        "A value has the wrong type (a list where a number belongs).",
        "query",
        Q + "interval: [60]\n",
        Q + "interval: 60\n",
        at=("packs/g/p.yml", 4, 15),
    ),
    Check(
        "empty",
        E,
        "A value that must hold text is empty.",
        "query",
        "query: ''\ninterval: 60\n",
        Q + "interval: 60\n",
        at=("packs/g/p.yml", 3, 12),
    ),
    Check(
        "control-character",
        E,
        "Text holding control characters (NUL, ESC) or Unicode text-direction "
        "controls (U+202E) that hide what it says; in a flag or option (name or "
        "value), a tab or line break too: it would start another flag.",
        "query",
        Q + 'interval: 60\ndescription: "Finds \\e[8mhidden text"\n',
        Q + "interval: 60\ndescription: Finds hidden text\n",
        at=("packs/g/p.yml", 5, 18),
    ),
    Check(
        "yaml11-type",
        E,
        "A plain word YAML 1.1 turns into another type: "
        "'platform: no' is the boolean false.",
        "query",
        Q + "interval: 60\ndescription: yes\n",
        Q + "interval: 60\ndescription: 'yes'\n",
        at=("packs/g/p.yml", 5, 18),
    ),
    Check(
        "yaml11-number",
        E,
        "A number YAML 1.1 reads differently than it looks: 010 "
        "is octal 8, 1:30 is 90, 1_000 is 1000 (text in YAML 1.2).",
        "query",
        Q + "interval: 010\n",
        Q + "interval: 10\n",
        at=("packs/g/p.yml", 4, 15),
    ),
    Check(
        "yaml11-boolean",
        W,
        "yes/no/on/off are booleans in YAML 1.1 only; other tools read them as text.",
        "query",
        Q + "interval: 60\nsnapshot: yes\n",
        Q + "interval: 60\nsnapshot: true\n",
        at=("packs/g/p.yml", 5, 15),
    ),
    Check(
        "number-string",
        W,
        "A number written as a string; compiled as the number.",
        "query",
        Q + "interval: '3600'\n",
        Q + "interval: 3600\n",
        at=("packs/g/p.yml", 4, 15),
    ),
    Check(
        "bool-string",
        W,
        "A boolean written as a string; compiled as the boolean.",
        "query",
        Q + "interval: 60\nsnapshot: 'true'\n",
        Q + "interval: 60\nsnapshot: true\n",
        at=("packs/g/p.yml", 5, 15),
    ),
    Check(
        "version-number",
        E,
        "A version YAML reads as a number: 5.10 becomes 5.1.",
        "query",
        Q + "interval: 60\nversion: 5.10\n",
        Q + "interval: 60\nversion: '5.10'\n",
        at=("packs/g/p.yml", 5, 14),
    ),
    Check(
        "version-format",
        E,
        "A version that is not dotted numbers.",
        "query",
        Q + "interval: 60\nversion: 'v5'\n",
        Q + "interval: 60\nversion: '5.0.0'\n",
        at=("packs/g/p.yml", 5, 14),
    ),
    Check(
        "yaml-comment-cut",
        W,
        "' #' in an unquoted SQL value starts a YAML comment: "
        "the rest of the line is not part of the query.",
        "query",
        "query: SELECT pid FROM processes WHERE name = 'a' #b'\ninterval: 60\n",
        "query: \"SELECT pid FROM processes WHERE name = 'a #b'\"\ninterval: 60\n",
        at=("packs/g/p.yml", 3, 12),
    ),
    Check(
        "yaml-merge",
        E,
        "YAML merge keys ('<<') hide values from review.",
        "pack",
        "queries:\n  a: &x {query: SELECT 1, interval: 60}\n  b:\n    <<: *x\n",
        "queries:\n  a: {query: SELECT 1, interval: 60}\n",
        at=("packs/g/p.yml", 4, 5),
    ),
    Check(
        "unreadable",
        E,
        "A file that cannot be read (permissions), or a dangling link.",
        "files",
        "",
        "",
    ),
    Check(
        "encoding",
        E,
        "A file that is not UTF-8; the finding points at the first bad byte.",
        "files",
        "",
        "",
    ),
    Check(
        "missing-packs",
        E,
        "There is no packs/ directory beside fleet.yml.",
        "files",
        "",
        "",
    ),
    Check(
        "pack-location",
        E,
        "A pack file outside packs/<group>/, or a file or directory that links "
        "outside the inventory or back into itself (not read).",
        "files",
        "--- packs/loose.yml\nqueries:\n  q: {query: SELECT 1, interval: 60}\n",
        "--- packs/g/loose.yml\nqueries:\n  q: {query: SELECT 1, interval: 60}\n",
        at=("packs/loose.yml", 1, 1),
    ),
    Check(
        "pack-duplicate",
        E,
        "Two groups hold a pack file of the same name; pack names are unique.",
        "files",
        "--- packs/a/web.yml\nqueries:\n  q: {query: SELECT 1, interval: 60}\n"
        "--- packs/b/web.yml\nqueries:\n  r: {query: SELECT 2, interval: 60}\n",
        "--- packs/a/web.yml\nqueries:\n  q: {query: SELECT 1, interval: 60}\n"
        "--- packs/b/web_db.yml\nqueries:\n  r: {query: SELECT 2, interval: 60}\n",
        at=("packs/b/web.yml", 1, 1),
    ),
    Check(
        "yaml-alias",
        E,
        "YAML aliases that expand to more than 100,000 values (a 'billion laughs' "
        "document): refused before anything reads it.",
        "pack",
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
        "f: [*e, *e]\nqueries: {}\n",
        "queries:\n  q:\n    " + Q + "    interval: 60\n",
        at=("packs/g/p.yml", 5, 4),
    ),
    # packs and queries -----------------------------------------------------------
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
    # targets ---------------------------------------------------------------------
    Check(
        "target-none",
        E,
        "fleet.yml declares no targets.",
        "root",
        "version: '1.0.0'\ntargets: {}\n",
        "version: '1.0.0'\ntargets:\n  t: {platforms: [linux], packs: ['*']}\n",
        at=("fleet.yml", 2, 10),
    ),
    Check(
        "target-platform",
        E,
        "A target platform other than darwin, linux, windows.",
        "target",
        "platforms: [macos]\npacks: ['*']\n",
        T,
        at=("fleet.yml", 5, 17),
    ),
    Check(
        "select-none",
        E,
        "A pack selector that selects nothing.",
        "target",
        "platforms: [linux]\npacks: ['group:persistance']\n",
        T,
        at=("fleet.yml", 6, 13),
    ),
    Check(
        "deploy-tool",
        E,
        "A deploy tool other than chef or puppet.",
        "target",
        T + "deploy: {tool: ansible}\n",
        T + "deploy: {tool: puppet}\n",
        at=("fleet.yml", 7, 13),
    ),
    Check(
        "deploy-name",
        E,
        "A cookbook or module name Chef or Puppet would reject.",
        "target",
        T + "deploy: {tool: puppet, name: Osquery-Fleet}\n",
        T + "deploy: {tool: puppet, name: osquery_fleet}\n",
        at=("fleet.yml", 7, 13),
    ),
    Check(
        "deploy-package",
        E,
        "A deployed target pins no osquery package version.",
        "target",
        T + "deploy: {tool: puppet}\n",
        T + "deploy: {tool: puppet, package_version: '5.12.1'}\n",
        at=("fleet.yml", 7, 13),
    ),
    Check(
        "deploy-platform",
        E,
        "The Puppet module deploys Linux servers only.",
        "target",
        "platforms: [linux, windows]\npacks: ['*']\ndeploy: {tool: puppet}\n",
        T + "deploy: {tool: puppet}\n",
        at=("fleet.yml", 5, 16),
    ),
    Check(
        "pack-mode",
        E,
        "pack_mode is unusable: unknown value, no single packs_dir, "
        "or a config plugin that cannot read pack files.",
        "target",
        T + "pack_mode: external\nflags: {config_plugin: tls}\n",
        T + "pack_mode: external\nflags: {config_plugin: filesystem}\n",
        at=("fleet.yml", 8, 13),
    ),
    Check(
        "option-cli-only",
        W,
        "A start-up flag under options: osquery ignores it "
        "there; fleet moves it to the flag file.",
        "target",
        T + "options: {logger_plugin: filesystem}\n",
        T + "flags: {logger_plugin: filesystem}\n",
        at=("fleet.yml", 7, 15),
    ),
    Check(
        "option-unknown",
        W,
        "An option osquery does not know; custom_* is allowed.",
        "target",
        T + "options: {schedule_splay_percnt: 10}\n",
        T + "options: {schedule_splay_percent: 10, custom_team: blue}\n",
        at=("fleet.yml", 7, 15),
    ),
    Check(
        "flag-unknown",
        E,
        "A flag osquery does not define: osqueryd exits at start-up on it.",
        "target",
        T + "flags: {disable_event: false}\n",
        T + "flags: {disable_events: false}\n",
        at=("fleet.yml", 7, 13),
    ),
    Check(
        "platform-flags",
        E,
        "platform_flags names a platform the target does not have.",
        "target",
        T + "platform_flags:\n  darwin: {disable_endpointsecurity: false}\n",
        "platforms: [linux, darwin]\npacks: ['*']\n"
        "platform_flags:\n  darwin: {disable_endpointsecurity: false}\n",
        at=("fleet.yml", 8, 7),
    ),
    Check(
        "setting-secret",
        E,
        "An option or flag holds what looks like a secret: it would be baked into "
        "the compiled files, the cookbook and the module.",
        "target",
        T + "flags: {tls_client_key: ghp16C7e42F292c6912E7710c838}\n",
        T + "flags: {tls_client_key: /etc/osquery/client.key}\n",
        at=("fleet.yml", 7, 13),
    ),
    Check(
        "flag-layout",
        E,
        "A flag that makes osqueryd read something fleet does not deploy: another "
        "config_path, a nested flagfile, an enroll_secret_path fleet sets itself (a "
        "config plugin other than filesystem is a warning).",
        "target",
        T + "flags: {config_path: /tmp/other.conf}\n",
        T + "flags: {config_path: /etc/osquery/osquery.conf}\n",
        at=("fleet.yml", 7, 13),
    ),
    Check(
        "version-floor",
        E,
        "A target pins an osquery package older than the inventory's osquery_version "
        "(a query field newer than it, such as startup_priority before 5.17, is a "
        "warning).",
        "files",
        "--- fleet.yml\nversion: '1.0.0'\nosquery_version: '5.12.1'\ntargets:\n  t:\n"
        "    platforms: [linux]\n    packs: ['*']\n"
        "    deploy: {tool: puppet, package_version: '5.10.2'}\n",
        "--- fleet.yml\nversion: '1.0.0'\nosquery_version: '5.12.1'\ntargets:\n  t:\n"
        "    platforms: [linux]\n    packs: ['*']\n"
        "    deploy: {tool: puppet, package_version: '5.12.1'}\n",
        at=("fleet.yml", 7, 45),
    ),
    Check(
        "flag-whitespace",
        E,
        "A flag value with surrounding white space: osqueryd will not start.",
        "target",
        T + "flags: {audit_allow_config: 'true '}\n",
        T + "flags: {audit_allow_config: true}\n",
        at=("fleet.yml", 7, 13),
    ),
    Check(
        "flag-type",
        E,
        "A flag value of the wrong type (a word for a boolean flag).",
        "target",
        T + "flags: {disable_events: maybe}\n",
        T + "flags: {disable_events: false}\n",
        at=("fleet.yml", 7, 13),
    ),
    Check(
        "setting-conflict",
        E,
        "The same name set as an option and as a flag.",
        "target",
        T + "options: {utc: true}\nflags: {utc: true}\n",
        T + "options: {utc: true}\n",
        at=("fleet.yml", 7, 15),
    ),
    Check(
        "decorator-interval",
        W,
        "An interval decorator key that is not a multiple of "
        "60 (0 and words are errors: osquery would divide by zero).",
        "target",
        T + "decorators:\n  interval:\n    90: [SELECT 1 AS one]\n",
        T + "decorators:\n  interval:\n    120: [SELECT 1 AS one]\n",
        at=("fleet.yml", 9, 9),
    ),
    Check(
        "path-double-backslash",
        W,
        "A doubled backslash in a file_paths entry.",
        "target",
        T + "file_paths: {downloads: ['C:\\\\Users\\\\%%']}\n",
        T + "file_paths: {downloads: ['C:\\Users\\%%']}\n",
        at=("fleet.yml", 7, 17),
    ),
    Check(
        "path-category",
        W,
        "exclude_paths or file_accesses names a category file_paths does not define.",
        "target",
        T + "file_paths: {etc: ['/etc/%%']}\nexclude_paths: {home: ['/home/x']}\n",
        T + "file_paths: {etc: ['/etc/%%']}\nexclude_paths: {etc: ['/etc/mtab']}\n",
        at=("fleet.yml", 8, 20),
    ),
    Check(
        "name-collision",
        E,
        "Two queries of a target log under the same "
        "pack<d>pack<d>query name and would share result state.",
        "files",
        "--- packs/g/net.yml\nqueries:\n  conn_open: {query: SELECT pid FROM "
        "process_open_sockets, interval: 300}\n--- packs/g/net_conn.yml\nqueries:\n"
        "  open: {query: SELECT pid FROM listening_ports, interval: 300}\n",
        "--- packs/g/net.yml\nqueries:\n  conn_open: {query: SELECT pid FROM "
        "process_open_sockets, interval: 300}\n--- packs/g/net_conn.yml\nqueries:\n"
        "  listening: {query: SELECT pid FROM listening_ports, interval: 300}\n",
        at=("packs/g/net.yml", 2, 3),
    ),
    Check(
        "duplicate-query",
        I,
        "The same SQL and interval run in several packs of a target.",
        "files",
        "--- packs/g/a.yml\nqueries:\n  x: {query: SELECT pid FROM processes, "
        "interval: 60}\n--- packs/g/b.yml\nqueries:\n  y: {query: SELECT pid FROM "
        "processes, interval: 60}\n",
        "--- packs/g/a.yml\nqueries:\n  x: {query: SELECT pid FROM processes, "
        "interval: 60}\n--- packs/g/b.yml\nqueries:\n  y: {query: SELECT name FROM "
        "processes, interval: 60}\n",
        at=("packs/g/a.yml", 2, 3),
    ),
    Check(
        "config-size",
        E,
        "A target's osquery.conf over osquery 5.x's 1 MiB limit.",
        "root",
        "",
        "",
    ),
    Check(
        "config-depth",
        E,
        "A target's config nested 32 or more levels deep.",
        "target",
        T + "views: " + "{a: " * 33 + "1" + "}" * 33 + "\n",
        T,
        at=("fleet.yml", 4, 3),
    ),
    Check(
        "target-empty",
        W,
        "A target that gets no queries for its platforms.",
        "files",
        "--- fleet.yml\nversion: '1.0.0'\ntargets:\n  t: {platforms: [windows], "
        "packs: ['*']}\n--- packs/g/p.yml\nqueries:\n  q: {query: SELECT 1, "
        "interval: 60, platform: darwin}\n",
        "--- fleet.yml\nversion: '1.0.0'\ntargets:\n  t: {platforms: [darwin], "
        "packs: ['*']}\n--- packs/g/p.yml\nqueries:\n  q: {query: SELECT 1, "
        "interval: 60, platform: darwin}\n",
        at=("fleet.yml", 3, 36),
    ),
    # import (each example is files given to fleet import, after '--- path' lines) --
    Check(
        "import-json-syntax",
        E,
        "An osquery JSON file does not parse, even with "
        "osquery's comments and line continuations; nothing is imported from it.",
        "import",
        '--- p.conf\n{"queries": {"q": {"query": "SELECT 1", "interval": 60,}}}\n',
        '--- p.conf\n{"queries": {"q": {"query": "SELECT 1", "interval": 60}}}\n',
    ),
    Check(
        "import-depth",
        E,
        "A JSON or YAML file nests a value 32 levels deep: osquery rejects a "
        "config nested that deep. Reported at the first such value; nothing is "
        "imported from the file, however deep it goes.",
        "import",
        '--- osquery.conf\n{"options": {"deep": ' + "[" * 31 + "]" * 31 + "}}\n",
        '--- osquery.conf\n{"options": {"deep": ' + "[" * 30 + "]" * 30 + "}}\n",
        at=("osquery.conf", 1, 52),
    ),
    Check(
        "import-control-character",
        W,
        "Imported text holds control characters (NUL, ESC, a backspace from "
        "'c:\\backup' in JSON) that an inventory cannot hold: each is imported "
        "as the text of its escape (\\b), which the finding names.",
        "import",
        '--- p.conf\n{"queries": {"q": {"query": "SELECT 1", "interval": 60, '
        '"description": "c:\\backup"}}}\n',
        '--- p.conf\n{"queries": {"q": {"query": "SELECT 1", "interval": 60, '
        '"description": "c:\\\\backup"}}}\n',
        at=("p.conf", 1, 72),
    ),
    Check(
        "import-comment",
        W,
        "A '/* */' or trailing '//' comment: older osquery "
        "took it, osquery 5 rejects it. Stripped; strings such as 'http://%' are "
        "left alone.",
        "import",
        '--- p.conf\n{"queries": {"q": {"query": "SELECT 1", /* x */\n'
        '  "interval": 60}}}\n',
        '--- p.conf\n// x\n{"queries": {"q": {"query": "SELECT 1",\n'
        '  "interval": 60}}}\n',
    ),
    Check(
        "import-continuation",
        W,
        "A backslash-newline continuation (osquery's own "
        "packs use it; strict JSON does not). The backslash, newline and indentation "
        "become one space.",
        "import",
        '--- p.conf\n{"queries": {"q": {"query": "SELECT pid \\\n'
        '    FROM processes", "interval": 60}}}\n',
        '--- p.conf\n{"queries": {"q": {"query": "SELECT pid FROM processes", '
        '"interval": 60}}}\n',
    ),
    Check(
        "import-interval",
        W,
        "An interval that is missing, 0 or not a number is "
        "left out, never made up; validation then reports it.",
        "import",
        '--- p.conf\n{"queries": {"q": {"query": "SELECT 1", "interval": "1d"}}}\n',
        '--- p.conf\n{"queries": {"q": {"query": "SELECT 1", "interval": 86400}}}\n',
    ),
    Check(
        "import-converted",
        I,
        "A value converted without guessing: the string "
        '"3600" to 3600, "true" to true.',
        "import",
        '--- p.conf\n{"queries": {"q": {"query": "SELECT 1", "interval": "60"}}}\n',
        '--- p.conf\n{"queries": {"q": {"query": "SELECT 1", "interval": 60}}}\n',
    ),
    Check(
        "import-value",
        W,
        "A value of a type osquery skips (a word for a boolean, "
        "a number in a path list); it is not imported.",
        "import",
        '--- p.conf\n{"queries": {"q": {"query": "SELECT 1", "interval": 60, '
        '"snapshot": "maybe"}}}\n',
        '--- p.conf\n{"queries": {"q": {"query": "SELECT 1", "interval": 60, '
        '"snapshot": true}}}\n',
    ),
    Check(
        "import-version",
        W,
        "A version that is not dotted numbers; imported as "
        "written for validation to reject, or dropped for Fleet's "
        "min_osquery_version.",
        "import",
        '--- p.conf\n{"version": "1.5.1-26", "queries": {}}\n',
        '--- p.conf\n{"version": "1.5.1", "queries": {}}\n',
    ),
    Check(
        "import-blacklist",
        W,
        "'blacklist' was removed in osquery 5; imported as 'denylist'.",
        "import",
        '--- p.conf\n{"queries": {"q": {"query": "SELECT 1", "interval": 60, '
        '"blacklist": false}}}\n',
        '--- p.conf\n{"queries": {"q": {"query": "SELECT 1", "interval": 60, '
        '"denylist": false}}}\n',
    ),
    Check(
        "import-unknown-key",
        W,
        "A key osquery ignores (often a typo); not imported.",
        "import",
        '--- p.conf\n{"queries": {"q": {"query": "SELECT 1", "interval": 60, '
        '"snapshto": true}}}\n',
        '--- p.conf\n{"queries": {"q": {"query": "SELECT 1", "interval": 60, '
        '"snapshot": true}}}\n',
    ),
    Check(
        "import-misplaced",
        W,
        "A configuration block (file_paths) among a pack's "
        "queries: moved to the target, never imported as a query (K04).",
        "import",
        '--- p.conf\n{"queries": {"q": {"query": "SELECT 1", "interval": 60}, '
        '"file_paths": {"ssh": ["/root/.ssh/%%"]}}}\n',
        '--- osquery.conf\n{"file_paths": {"ssh": ["/root/.ssh/%%"]}, "packs": '
        '{"p": {"queries": {"q": {"query": "SELECT 1", "interval": 60}}}}}\n',
    ),
    Check(
        "import-pack-setting",
        W,
        "A setting inside a pack (file_paths, options): "
        "osquery applied it while the pack was active; the target applies it "
        "always.",
        "import",
        '--- p.conf\n{"file_paths": {"etc": ["/etc/%%"]}, "queries": {}}\n',
        '--- osquery.conf\n{"file_paths": {"etc": ["/etc/%%"]}, "packs": '
        '{"p": {"queries": {}}}}\n',
    ),
    Check(
        "import-schedule",
        W,
        "A config's schedule becomes a pack: results are "
        "logged as pack_<pack>_<query> instead of <query>.",
        "import",
        '--- osquery.conf\n{"schedule": {"q": {"query": "SELECT 1", '
        '"interval": 60}}}\n',
        '--- osquery.conf\n{"packs": {"p": {"queries": {"q": {"query": "SELECT 1", '
        '"interval": 60}}}}}\n',
    ),
    Check(
        "import-config-platform",
        W,
        "A top-level 'platform' in a config, which "
        "osquery ignores; imported as the schedule pack's platform.",
        "import",
        '--- osquery.conf\n{"platform": "darwin", "schedule": {}}\n',
        '--- osquery.conf\n{"schedule": {}}\n',
    ),
    Check(
        "import-pack-missing",
        W,
        "A config names a pack file that is not among "
        "the sources; that pack is not imported.",
        "import",
        '--- osquery.conf\n{"packs": {"x": "/etc/osquery/packs/x.conf"}}\n',
        '--- osquery.conf\n{"packs": {"x": "/etc/osquery/packs/x.conf"}}\n'
        '--- x.conf\n{"queries": {}}\n',
    ),
    Check(
        "import-pack-reference",
        I,
        "A pack file named by several configs is imported once.",
        "import",
        '--- a/osquery.conf\n{"packs": {"x": "/p/x.conf"}}\n'
        '--- b/osquery.conf\n{"packs": {"x": "/p/x.conf"}}\n'
        '--- x.conf\n{"queries": {}}\n',
        '--- a/osquery.conf\n{"packs": {"x": "/p/x.conf"}}\n'
        '--- x.conf\n{"queries": {}}\n',
    ),
    Check(
        "import-duplicate-pack",
        I,
        "The same pack, with the same content, found twice: imported once.",
        "import",
        '--- a/x.conf\n{"queries": {}}\n--- b/x.conf\n{"queries": {}}\n',
        '--- a/x.conf\n{"queries": {}}\n',
    ),
    Check(
        "import-pack-renamed",
        W,
        "Two different packs with one name: each gets "
        "its group as a prefix (or a number), which changes its result names.",
        "import",
        '--- a/x.conf\n{"queries": {}}\n--- b/x.conf\n{"platform": "linux", '
        '"queries": {}}\n',
        '--- a/x.conf\n{"queries": {}}\n--- b/y.conf\n{"platform": "linux", '
        '"queries": {}}\n',
    ),
    Check(
        "import-rename",
        W,
        "A pack or query name with characters inventory "
        "names do not take: renamed, which changes its result names.",
        "import",
        '--- p.conf\n{"queries": {"rc.common": {"query": "SELECT 1", '
        '"interval": 60}}}\n',
        '--- p.conf\n{"queries": {"rc_common": {"query": "SELECT 1", '
        '"interval": 60}}}\n',
    ),
    Check(
        "import-group",
        I,
        "A folder name made usable as a group name.",
        "import",
        '--- my.packs/p.conf\n{"queries": {}}\n',
        '--- my-packs/p.conf\n{"queries": {}}\n',
    ),
    Check(
        "import-flag-line",
        W,
        "A flag file line that is not --name=value, or a "
        "nested --flagfile (not followed).",
        "import",
        "--- osquery.flags\nverbose=true\n",
        "--- osquery.flags\n--verbose=true\n",
    ),
    Check(
        "import-setting-conflict",
        W,
        "The same option or flag set to different "
        "values; the later one (in source order) is imported.",
        "import",
        "--- osquery.flags\n--verbose=true\n--verbose=false\n",
        "--- osquery.flags\n--verbose=true\n",
    ),
    Check(
        "import-secret",
        W,
        "A value that looks like a credential: never copied; give it at deploy time.",
        "import",
        "--- default.yml\nagent_options:\n  config:\n    options:\n"
        "      custom_api_token: abc\n",
        "--- default.yml\nagent_options:\n  config:\n    options:\n"
        "      custom_team: blue\n",
    ),
    Check(
        "import-env",
        W,
        "An environment reference ($VAR): held back in settings, "
        "kept as text in SQL and platforms, where osquery does not expand it.",
        "import",
        "--- osquery.flags\n--tls_hostname=$FLEET_HOST\n",
        "--- osquery.flags\n--tls_hostname=fleet.example.com\n",
    ),
    Check(
        "import-legacy-options",
        W,
        "A legacy Fleet 'kind: options' document, which "
        "newer fleetctl rejects; its settings are imported (K07).",
        "import",
        "--- o.yml\napiVersion: v1\nkind: options\nspec:\n  config:\n    options:\n"
        "      distributed_interval: 10\n",
        "--- default.yml\nagent_options:\n  config:\n    options:\n"
        "      distributed_interval: 10\n",
    ),
    Check(
        "import-cli-flag",
        W,
        "A start-up flag under a legacy Fleet options "
        "document: osquery ignores it there; it belongs in flags (K07).",
        "import",
        "--- o.yml\napiVersion: v1\nkind: options\nspec:\n  config:\n    options:\n"
        "      logger_plugin: tls\n",
        "--- o.yml\napiVersion: v1\nkind: options\nspec:\n  config:\n    options:\n"
        "      distributed_interval: 10\n",
    ),
    Check(
        "import-overrides",
        W,
        "Fleet per-platform overrides: one target holds one "
        "set of options, so they are not imported.",
        "import",
        "--- o.yml\napiVersion: v1\nkind: options\nspec:\n  config: {}\n"
        "  overrides:\n    platforms:\n      darwin: {options: {utc: true}}\n",
        "--- o.yml\napiVersion: v1\nkind: options\nspec:\n  config: {}\n"
        "  overrides: {}\n",
    ),
    Check(
        "import-not-osquery",
        I,
        "A Fleet-only key (observers, automations, labels, "
        "teams): not an osquery setting, not imported.",
        "import",
        "--- q.yml\n- name: os\n  query: SELECT 1\n  interval: 60\n"
        "  observer_can_run: true\n",
        "--- q.yml\n- name: os\n  query: SELECT 1\n  interval: 60\n",
    ),
    Check(
        "import-not-schedule",
        W,
        "A Fleet policy, label, team or enroll secret: "
        "not an osquery schedule; skipped by name, values never copied.",
        "import",
        "--- p.yml\napiVersion: v1\nkind: policy\nspec:\n  name: disk\n"
        "  query: SELECT 1\n",
        "--- q.yml\napiVersion: v1\nkind: query\nspec:\n  name: disk\n"
        "  query: SELECT 1\n",
    ),
    Check(
        "import-fleet-kind",
        E,
        "A Fleet document of a kind fleet import does not "
        "know, or without kind and spec.",
        "import",
        "--- w.yml\napiVersion: v1\nkind: widget\nspec:\n  name: x\n",
        "--- q.yml\napiVersion: v1\nkind: query\nspec:\n  name: x\n  query: SELECT 1\n",
    ),
    Check(
        "import-fleet-reference",
        E,
        "A Fleet pack entry names a query no document "
        "defines (K05); every missing one is listed.",
        "import",
        "--- p.yml\napiVersion: v1\nkind: pack\nspec:\n  name: base\n  queries:\n"
        "    - {query: os, interval: 60}\n",
        "--- p.yml\napiVersion: v1\nkind: pack\nspec:\n  name: base\n  queries:\n"
        "    - {query: os, interval: 60}\n---\napiVersion: v1\nkind: query\n"
        "spec:\n  name: os\n  query: SELECT 1\n",
    ),
    Check(
        "import-fleet-duplicate",
        E,
        "Two entries of one Fleet pack under one "
        "scheduled name (K06), or one query name twice.",
        "import",
        "--- p.yml\napiVersion: v1\nkind: pack\nspec:\n  name: perf\n  queries:\n"
        "    - {query: os, interval: 60}\n    - {query: os, interval: 600}\n"
        "---\napiVersion: v1\nkind: query\nspec:\n  name: os\n  query: SELECT 1\n",
        "--- p.yml\napiVersion: v1\nkind: pack\nspec:\n  name: perf\n  queries:\n"
        "    - {query: os, interval: 60}\n    - {query: os, name: os2, "
        "interval: 600}\n---\napiVersion: v1\nkind: query\nspec:\n  name: os\n"
        "  query: SELECT 1\n",
    ),
    Check(
        "import-unscheduled",
        I,
        "Fleet query documents no pack schedules: "
        "imported into a pack named after their file.",
        "import",
        "--- q.yml\napiVersion: v1\nkind: query\nspec:\n  name: os\n"
        "  query: SELECT 1\n",
        "--- q.yml\napiVersion: v1\nkind: pack\nspec:\n  name: base\n  queries:\n"
        "    - {query: os, interval: 60}\n---\napiVersion: v1\nkind: query\n"
        "spec:\n  name: os\n  query: SELECT 1\n",
    ),
    Check(
        "import-missing-file",
        W,
        "A GitOps 'path:' reference to a file that does "
        "not exist; what it holds is not imported.",
        "import",
        "--- default.yml\nqueries:\n  - path: ./lib/q.yml\n",
        "--- default.yml\nqueries:\n  - path: ./lib/q.yml\n"
        "--- lib/q.yml\n- {name: os, query: SELECT 1, interval: 60}\n",
    ),
    Check(
        "import-path-escape",
        E,
        "A GitOps 'path:' reference that leads outside the source tree: not followed.",
        "import",
        "--- default.yml\nqueries:\n  - path: ../q.yml\n",
        "--- default.yml\nqueries:\n  - path: ./q.yml\n"
        "--- q.yml\n- {name: os, query: SELECT 1, interval: 60}\n",
    ),
    Check(
        "import-unknown-file",
        W,
        "A file in no format fleet import reads (documentation is skipped silently).",
        "import",
        "--- notes.txt\nremember the milk\n",
        "--- README.md\nremember the milk\n",
    ),
    Check(
        "import-fragment",
        I,
        "A defense-kit fragments/ snippet: not a query.",
        "import",
        "--- fragments/f.sql\nSELECT pid FROM processes\n",
        "--- detection/f.sql\n-- interval: 60\nSELECT pid FROM processes\n",
    ),
    Check(
        "import-disabled",
        I,
        "A defense-kit query tagged 'disabled' (the kit leaves "
        "it out of its packs); imported with the tag.",
        "import",
        "--- detection/f.sql\n-- interval: 60\n-- tags: persistent disabled\n"
        "SELECT pid FROM processes\n",
        "--- detection/f.sql\n-- interval: 60\n-- tags: persistent\n"
        "SELECT pid FROM processes\n",
    ),
    Check(
        "import-conflict",
        E,
        "The output directory already holds a file the "
        "import would write, or a pack of the same name: nothing is written.",
        "import",
        "",
        "",
    ),
    Check(
        "import-existing",
        I,
        "The output already has this group's runbook or a "
        "fleet.yml; it is kept, and target settings go to fleet.imported.yml.",
        "import",
        "",
        "",
    ),
    # SQL --------------------------------------------------------------------------
    Check(
        "sql-syntax",
        E,
        "SQLite cannot parse the SQL; the position points into it.",
        "query",
        "query: SELECT pid FROM processes WHERE\ninterval: 60\n",
        Q + "interval: 60\n",
        at=("packs/g/p.yml", 3, 43),
    ),
    Check(
        "sql-multiple",
        E,
        "More than one statement: osquery runs them all and mixes their rows.",
        "query",
        "query: SELECT pid FROM processes; SELECT 1\ninterval: 60\n",
        "query: SELECT pid FROM processes;\ninterval: 60\n",
        at=("packs/g/p.yml", 3, 39),
    ),
    Check(
        "sql-empty",
        E,
        "The SQL text holds no statement (only white space or comments).",
        "query",
        "query: '-- nothing here'\ninterval: 60\n",
        Q + "interval: 60\n",
        at=("packs/g/p.yml", 3, 13),
    ),
    Check(
        "sql-invalid",
        E,
        "SQLite rejects the statement for another reason, such as "
        "a UNION of SELECTs with different numbers of columns.",
        "query",
        "query: SELECT pid FROM processes UNION SELECT pid, name FROM processes\n"
        "interval: 60\n",
        "query: SELECT pid FROM processes UNION SELECT pid FROM processes\n"
        "interval: 60\n",
        schema=True,
        at=("packs/g/p.yml", 3, 12),
    ),
    Check(
        "sql-not-select",
        E,
        "Not a read-only query.",
        "query",
        "query: DELETE FROM processes\ninterval: 60\n",
        Q + "interval: 60\n",
        at=("packs/g/p.yml", 3, 12),
    ),
    Check(
        "sql-table",
        E,
        "A table osquery does not have (removed, renamed, misspelled).",
        "query",
        "query: SELECT name FROM opera_extensions\ninterval: 60\n",
        "query: SELECT name FROM chrome_extensions JOIN users USING (uid)\n"
        "interval: 60\n",
        schema=True,
        at=("packs/g/p.yml", 3, 29),
    ),
    Check(
        "sql-column",
        E,
        "A column the table does not have.",
        "query",
        "query: SELECT pid, nam FROM processes\ninterval: 60\n",
        "query: SELECT pid, name FROM processes\ninterval: 60\n",
        schema=True,
        at=("packs/g/p.yml", 3, 24),
    ),
    Check(
        "sql-function",
        E,
        "A function neither SQLite nor osquery provides.",
        "query",
        "query: SELECT regexp_match(name, 'x', 0) FROM processes\ninterval: 60\n",
        "query: SELECT regex_match(name, 'x', 0) FROM processes\ninterval: 60\n",
        schema=True,
        at=("packs/g/p.yml", 3, 19),
    ),
    Check(
        "sql-required-column",
        E,
        "A table that needs a constraint on one of its "
        "required columns is read without one.",
        "query",
        "query: SELECT path, mode FROM file\ninterval: 60\n",
        "query: SELECT path, mode FROM file WHERE path LIKE '/etc/%'\ninterval: 60\n",
        schema=True,
        at=("packs/g/p.yml", 3, 35),
    ),
    Check(
        "sql-user-data",
        W,
        "A per-user table read without a uid constraint returns "
        "only the osquery user's rows.",
        "query",
        "query: SELECT command FROM shell_history\ninterval: 60\nplatform: posix\n",
        "query: SELECT u.username, h.command FROM users u JOIN shell_history h "
        "USING (uid)\ninterval: 60\nplatform: posix\n",
        schema=True,
        at=("packs/g/p.yml", 3, 32),
    ),
    Check(
        "sql-platforms",
        E,
        "The query reads tables that no single platform has.",
        "query",
        "query: SELECT * FROM kernel_extensions, programs\ninterval: 60\n",
        "query: SELECT name FROM kernel_extensions\ninterval: 60\nplatform: darwin\n",
        schema=True,
        at=("packs/g/p.yml", 3, 12),
    ),
    Check(
        "platform-mismatch",
        E,
        "Platform inference: the query would run on a "
        "platform where a table it reads does not exist.",
        "query",
        "query: SELECT name FROM kernel_extensions\ninterval: 60\nplatform: posix\n",
        "query: SELECT name FROM kernel_extensions\ninterval: 60\nplatform: darwin\n",
        schema=True,
        at=("packs/g/p.yml", 5, 15),
    ),
    Check(
        "schema-missing",
        I,
        "No schema was given: tables, columns and platforms were not checked.",
        "root",
        "",
        "",
    ),
)

BY_CODE = {check.code: check for check in CHECKS}


def markdown() -> str:
    """docs/checks.md: one section per code with its examples."""
    names = {
        "query": "a query",
        "pack": "a pack file",
        "target": "a target in fleet.yml",
        "root": "fleet.yml",
        "files": "these files",
        "import": "an imported file",
    }
    lines = [
        "# Checks",
        "",
        "Generated from `fleet/codes.py` by `python -m fleet.codes`; do not edit.",
        "Each code is stable. Severity `error` fails `fleet validate`; `warning`",
        "fails it",
        "with `--strict`; `info` never fails it.",
        "",
        "| code | severity | meaning |",
        "| --- | --- | --- |",
    ]
    lines += [
        f"| [`{c.code}`](#{c.code}) | {c.severity.value} | {c.summary} |"
        for c in CHECKS
    ]
    for check in CHECKS:
        lines += [
            "",
            f"## {check.code}",
            "",
            f"{check.severity.value}: {check.summary}",
        ]
        if check.bad:
            lines += [
                "",
                f"Reported, in {names[check.place]}:",
                "",
                "```yaml",
                check.bad.rstrip("\n"),
                "```",
            ]
        if check.good:
            lines += [
                "",
                "Not reported:",
                "",
                "```yaml",
                check.good.rstrip("\n"),
                "```",
            ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
