"""Each input format's mapping, field by field."""

from __future__ import annotations

from pathlib import Path

from fleet.findings import Severity
from fleet.importers.defense_kit import read_sql_file
from fleet.importers.flagfile import read_flagfile
from tests.importers.conftest import WriteSources, only, pack, run, where


def test_flag_file_lines_become_typed_flags() -> None:
    text = (
        "# comment\n--verbose\n--nodisable_events\n--events_max=50000\n"
        "--audit_allow_config=true \n--tls_hostname=h.example.com\n"
        "--database_path=/var/osquery/db\n"
    )
    draft, findings = read_flagfile(text, "osquery.flags")
    assert findings == []
    assert {n: s.value for n, s in draft.flags.items()} == {
        "verbose": True,
        "disable_events": False,
        "events_max": 50000,
        "audit_allow_config": "true ",
        "tls_hostname": "h.example.com",
        "database_path": "/var/osquery/db",
    }
    assert (
        draft.flags["events_max"].pos.line,
        draft.flags["events_max"].pos.column,
    ) == (
        4,
        14,
    )


def test_flag_file_problems_are_reported_per_line() -> None:
    text = (
        "--verbose=true\nverbose=false\n--flagfile=/etc/more.flags\n--verbose=false\n"
    )
    draft, findings = read_flagfile(text, "osquery.flags")
    assert [(f.code, f.pos.line) for f in findings] == [
        ("import-flag-line", 2),
        ("import-flag-line", 3),
        ("import-setting-conflict", 4),
    ]
    assert draft.flags["verbose"].value is False


DEFENSE_KIT = """\
-- Programs which claim to be from the future,
-- based on (btime,ctime,mtime)
--
-- references:
--   * https://attack.mitre.org/techniques/T1070/006/ (Timestomp)
--   *https://attack.mitre.org/tactics/TA0005/
--
-- false positives:
--   * Badly distributed software
--
-- NOTE: runs often
--
-- tags: persistent state process
-- platform: darwin
-- interval: 600
SELECT p.pid,
\tp.path -- the binary; keep 'it'
FROM processes p
WHERE p.name != '--x'
"""


def test_defense_kit_header_and_sql() -> None:
    query, findings = read_sql_file(DEFENSE_KIT, "f.sql", "2-future")
    assert findings == []
    assert query is not None
    assert query.ordered() == {
        "query": "SELECT p.pid,\n\tp.path -- the binary; keep 'it'\nFROM processes p\n"
        "WHERE p.name != '--x'\n",
        "interval": 600,
        "platform": "darwin",
        "description": "Programs which claim to be from the future, based on "
        "(btime,ctime,mtime)\n\nNOTE: runs often",
        "tags": ["persistent", "state", "process"],
        "attack": {"tactics": ["TA0005"], "techniques": ["T1070.006"]},
        "references": [
            "https://attack.mitre.org/techniques/T1070/006/ (Timestomp)",
            "https://attack.mitre.org/tactics/TA0005/",
        ],
        "false_positives": ["Badly distributed software"],
    }


def test_defense_kit_without_interval_is_left_without_one() -> None:
    query, findings = read_sql_file(
        "-- Something\n-- platform: Linux\nSELECT 1\n", "f.sql", "f"
    )
    assert query is not None and "interval" not in query.fields
    assert query.fields["platform"] == "Linux"
    assert [(f.code, f.severity) for f in findings] == [
        ("import-interval", Severity.WARNING)
    ]


def test_defense_kit_folders_become_packs(write_sources: WriteSources) -> None:
    root = write_sources(
        {
            "detection/c2/a.sql": "-- A\n-- interval: 60\nSELECT 1\n",
            "detection/c2/b.sql": "-- B\n-- interval: 60\nSELECT 2\n",
            "policy/c.sql": "-- C\n-- interval: 60\nSELECT 3\n",
            "fragments/f.sql": "SELECT\n",
        }
    )
    result = run(root)
    assert sorted((p.group, p.name, sorted(p.queries)) for p in result.packs) == [
        ("c2", "c2", ["a", "b"]),
        ("policy", "policy", ["c"]),
    ]
    assert where(result.findings, "import-fragment") == [("f.sql", 1, 1)]


def test_fleet_query_fields_map_to_osquery_meaning(write_sources: WriteSources) -> None:
    lib = """\
        - name: Scheduled query stats
          description: Collect osquery performance stats
          query: SELECT * FROM osquery_schedule;
          interval: 600
          platform: darwin, linux,windows
          min_osquery_version: all
          observer_can_run: false
          logging: snapshot
          tags: fleet, osquery,
        - name: diff
          query: SELECT 1
          interval: 60
          min_osquery_version: "5.10"
          logging: differential_ignore_removals
        """
    result = run(write_sources({"lib/queries/all.yml": lib}))
    assert pack(result, "all")["queries"] == {
        "Scheduled_query_stats": {
            "query": "SELECT * FROM osquery_schedule;",
            "interval": 600,
            "platform": "darwin,linux,windows",
            "snapshot": True,
            "description": "Collect osquery performance stats",
            "tags": ["fleet", "osquery"],
        },
        "diff": {
            "query": "SELECT 1",
            "interval": 60,
            "version": "5.10",
            "removed": False,
        },
    }
    assert where(result.findings, "import-not-osquery") == [("all.yml", 7, 21)]
    assert where(result.findings, "import-rename") == [("all.yml", 1, 3)]


def test_gitops_references_resolve_relative_to_the_referencing_file(
    write_sources: WriteSources,
) -> None:
    root = write_sources(
        {
            "teams/workstations.yml": """\
            name: $TEAM_NAME
            team_settings:
              secrets:
                - secret: $ENROLL_SECRET
            queries:
              - path: ../lib/q.yml
              - name: inline
                query: SELECT 2
                interval: 60
            policies:
              - name: Disk encrypted
                query: SELECT 1
            agent_options:
              config:
                options:
                  distributed_interval: 10
                  custom_token: $FLEET_TOKEN
              command_line_flags:
                disable_events: false
            """,
            "lib/q.yml": "- {name: from_lib, query: SELECT 1, interval: 60}\n",
        }
    )
    result = run(root)
    assert [p.name for p in result.packs] == ["workstations"]
    assert list(pack(result, "workstations")["queries"]) == ["from_lib", "inline"]  # type: ignore[call-overload]
    assert {n: s.value for n, s in result.settings.options.items()} == {
        "distributed_interval": 10
    }
    assert {n: s.value for n, s in result.settings.flags.items()} == {
        "disable_events": False
    }
    assert only(result, "import-not-schedule").message == (
        "policy `Disk encrypted` is not an osquery schedule; not imported"
    )
    assert where(result.findings, "import-secret") == [("workstations.yml", 17, 21)]
    text = "\n".join(f.as_text() for f in result.findings)
    assert "$ENROLL_SECRET" not in text and "$FLEET_TOKEN" not in text
    assert "$TEAM_NAME" not in text


def test_env_references_in_sql_are_kept_and_reported(
    write_sources: WriteSources,
) -> None:
    lib = (
        "- {name: q, query: \"SELECT * FROM users WHERE shell = '$SHELL'\", "
        "interval: 60, platform: 'darwin,$LINUX_OS'}\n"
    )
    result = run(write_sources({"lib/q.yml": lib}))
    query = pack(result, "q")["queries"]["q"]  # type: ignore[index]
    assert query["query"] == "SELECT * FROM users WHERE shell = '$SHELL'"
    assert query["platform"] == "darwin,$LINUX_OS"
    assert len(where(result.findings, "import-env")) == 2


def test_yaml_duplicate_keys_fail_the_file(write_sources: WriteSources) -> None:
    lib = "- name: q\n  query: SELECT 1\n  query: SELECT 2\n  interval: 60\n"
    result = run(write_sources({"lib/q.yml": lib}))
    assert where(result.findings, "duplicate-key") == [("q.yml", 3, 3)]
    assert result.packs == []


def test_config_pack_paths_resolve_to_the_nearest_file(
    write_sources: WriteSources,
) -> None:
    root = write_sources(
        {
            "mac/osquery.conf": '{"packs": {"web": "/etc/osquery/packs/web.conf",\n'
            '           "*": "/etc/osquery/extra/*.json"}}\n',
            "mac/packs/web.conf": '{"queries": {"near": {"query": "SELECT 1", '
            '"interval": 1}}}',
            "zzz/web.conf": '{"queries": {"far": {"query": "SELECT 1", '
            '"interval": 1}}}',
            "mac/extra/one.json": '{"queries": {}}',
        }
    )
    result = run(root)
    names = {p.name: sorted(p.queries) for p in result.packs}
    assert names == {"packs_web": ["near"], "zzz_web": ["far"], "one": []}


def test_osquery_value_and_blacklist(write_sources: WriteSources) -> None:
    conf = (
        '{"queries": {"q": {"query": "SELECT 1", "interval": 60, '
        '"description": "Lists", "value": "Finds X", "blacklist": "false", '
        '"snapshot": 1}}}'
    )
    result = run(write_sources({"g/p.conf": conf}))
    assert pack(result, "p")["queries"] == {
        "q": {
            "query": "SELECT 1",
            "interval": 60,
            "snapshot": True,
            "denylist": False,
            "description": "Lists Why: Finds X",
        }
    }
    assert where(result.findings, "import-blacklist") == [("p.conf", 1, 114)]


def test_a_file_given_directly_is_read_by_its_content(tmp_path: Path) -> None:
    conf = tmp_path / "cfg" / "test.config"
    conf.parent.mkdir()
    conf.write_text('// c\n{"schedule": {"t": {"query": "SELECT 1", "interval": 1}}}\n')
    result = run(conf)
    assert [(p.group, p.name) for p in result.packs] == [("cfg", "test_schedule")]
