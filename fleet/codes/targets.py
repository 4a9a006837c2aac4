"""Codes of targets: selection, settings, flags, pack mode, compiled size."""

from __future__ import annotations

from fleet.codes.check import Check, E, I, T, W

CHECKS: tuple[Check, ...] = (
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
        at=("fleet.yml", 7, 30),
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
)
