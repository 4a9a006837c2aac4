"""Codes of fleet import (each example is files given to it, after '--- path' lines)."""

from __future__ import annotations

from fleet.codes.check import Check, E, I, W

CHECKS: tuple[Check, ...] = (
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
    Check(
        "import-selected",
        W,
        "Packs imported into an existing inventory are selected at once by a "
        "target of its fleet.yml ('*', a group:, tag: or name selector reaching "
        "them), and its next compile ships them. Reported at the selector, with "
        "the target's query count before and after; the fix is to select the "
        "target's own packs by group:NAME, or to import under another --group.",
        "import",
        "",
        "",
    ),
)
