"""The known problems (../shared/cases/known-problems.md) that concern import.

Each test takes the case's minimal input as written there.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from fleet.compile.config import compile_inventory
from fleet.findings import Severity
from fleet.importers import save
from fleet.load.inventory import load_inventory
from tests.importers.conftest import WriteSources, only, pack, run, where

K01_CONF = """\
{"queries": {"q1": {"query": "SELECT 1;", "interval": 60},
             "q1": {"query": "SELECT 2;", "interval": 60}}}
"""
K02_CONF = """\
{
  // proxy checks for the web tier
  "queries": {
    "proxy_env": {
      /* proxies set in process environments */
      "query": "SELECT pid, value FROM process_envs WHERE key = 'http_proxy' AND value LIKE 'http://%';",
      "interval": 600
    }
  }
}
"""  # noqa: E501 - the case's input, verbatim
K03_CONF = """\
{
  "queries": {
    "tmp_exec": {
      "query": "SELECT p.pid, p.path \\
        FROM processes p \\
        WHERE p.path LIKE '/tmp/%' \\
          AND (p.on_disk = 0 OR p.name != '');",
      "interval": 900
    }
  }
}
"""
K04_CONF = """\
{
  "queries": {
    "fim": {"query": "SELECT target_path, action FROM file_events;", "interval": 300},
    "file_paths": {"ssh": ["/root/.ssh/%%"]}
  }
}
"""
K05_YAML = """\
---
apiVersion: v1
kind: pack
spec:
  name: baseline
  queries:
    - query: os_info
      interval: 3600
    - query: kernel_mods
      interval: 3600
---
apiVersion: v1
kind: query
spec:
  name: os_info
  query: SELECT name, version FROM os_version;
"""
K06_YAML = """\
---
apiVersion: v1
kind: pack
spec:
  name: perf
  queries:
    - query: sched_stats
      interval: 3600
    - query: sched_stats
      interval: 60
      snapshot: true
---
apiVersion: v1
kind: query
spec:
  name: sched_stats
  query: SELECT name, executions, wall_time FROM osquery_schedule;
"""
K07_YAML = """\
---
apiVersion: v1
kind: options
spec:
  config:
    options:
      distributed_interval: 10
      logger_plugin: tls
    decorators:
      load:
        - SELECT uuid AS host_uuid FROM system_info;
"""
K20_INVENTORY = {
    "fleet.yml": """\
        version: "1.0.0"
        targets:
          t:
            platforms: [windows]
            packs: ["*"]
            file_paths:
              downloads:
                - 'C:\\Users\\%\\Downloads\\%%'
        """,
    "packs/g/win_masquerade.yml": """\
        platform: windows
        queries:
          odd_lsass:
            query: >-
              SELECT pid, path FROM processes
              WHERE lower(name) = 'lsass.exe'
              AND lower(path) != 'c:\\windows\\system32\\lsass.exe'
            interval: 600
        """,
    "packs/g/README.md": "# runbook\n",
}


def test_k01_duplicate_key_fails_the_file_and_names_both_lines(
    write_sources: WriteSources,
) -> None:
    result = run(write_sources({"pack.conf": K01_CONF}))
    finding = only(result, "duplicate-key")
    assert (Path(finding.pos.file).name, finding.pos.line, finding.pos.column) == (
        "pack.conf",
        2,
        14,
    )
    assert finding.severity is Severity.ERROR
    assert finding.message == "duplicate key `q1` at line 2, first defined at line 1"
    assert finding.related[0].line == 1
    assert result.packs == []
    assert [Path(f).name for f in result.failed] == ["pack.conf"]


def test_k02_comments_are_stripped_but_strings_are_not(
    write_sources: WriteSources, tmp_path: Path
) -> None:
    result = run(write_sources({"web/proxy.conf": K02_CONF}))
    assert where(result.findings, "import-comment") == [("proxy.conf", 5, 7)]
    assert pack(result, "proxy")["queries"] == {
        "proxy_env": {
            "query": "SELECT pid, value FROM process_envs WHERE key = 'http_proxy' "
            "AND value LIKE 'http://%';",
            "interval": 600,
        }
    }
    config = _compiled(result, tmp_path)
    assert "/*" not in config and "//" not in config.replace("http://", "")
    json.loads(config)


def test_k03_continuation_collapses_to_one_space(
    write_sources: WriteSources, tmp_path: Path
) -> None:
    result = run(write_sources({"g/tmp.conf": K03_CONF}))
    finding = only(result, "import-continuation")
    assert (finding.pos.line, finding.pos.column) == (4, 38)
    assert finding.message == "non-standard line continuation at line 4"
    query = pack(result, "tmp")["queries"]["tmp_exec"]  # type: ignore[index]
    assert query["query"] == (
        "SELECT p.pid, p.path FROM processes p WHERE p.path LIKE '/tmp/%' "
        "AND (p.on_disk = 0 OR p.name != '');"
    )
    compiled = json.loads(_compiled(result, tmp_path))
    assert "\\\n" not in json.dumps(compiled)


def test_k04_file_paths_among_queries_moves_to_the_target(
    write_sources: WriteSources,
) -> None:
    result = run(write_sources({"g/fim.conf": K04_CONF}))
    assert where(result.findings, "import-misplaced") == [("fim.conf", 4, 19)]
    assert list(pack(result, "fim")["queries"]) == ["fim"]  # type: ignore[call-overload]
    assert result.settings.file_paths == {"ssh": ["/root/.ssh/%%"]}


def test_k05_every_missing_reference_is_listed(write_sources: WriteSources) -> None:
    result = run(write_sources({"fleet/baseline.yml": K05_YAML}))
    finding = only(result, "import-fleet-reference")
    assert (finding.pos.line, finding.pos.column) == (9, 14)
    assert finding.message == (
        "pack `baseline` entry 2 references query `kernel_mods`, not defined in the "
        "input"
    )
    assert result.packs == []


def test_k05_documents_resolve_in_any_order_once_complete(
    write_sources: WriteSources,
) -> None:
    extra = (
        "---\napiVersion: v1\nkind: query\nspec:\n  name: kernel_mods\n"
        "  query: SELECT name FROM kernel_modules;\n  observer_can_run: true\n"
    )
    result = run(
        write_sources({"fleet/baseline.yml": K05_YAML, "other/more.yml": extra})
    )
    assert [f for f in result.findings if f.severity is Severity.ERROR] == []
    assert pack(result, "baseline")["queries"] == {
        "os_info": {"query": "SELECT name, version FROM os_version;", "interval": 3600},
        "kernel_mods": {"query": "SELECT name FROM kernel_modules;", "interval": 3600},
    }
    # a finding about the query document points into the file it is in
    assert where(result.findings, "import-not-osquery") == [("more.yml", 7, 21)]


def test_k06_scheduled_names_collide_without_name(write_sources: WriteSources) -> None:
    result = run(write_sources({"fleet/perf.yml": K06_YAML}))
    finding = only(result, "import-fleet-duplicate")
    assert (finding.pos.line, finding.pos.column) == (9, 7)
    assert finding.message == (
        "pack `perf`: scheduled name `sched_stats` used by entries 1 and 2; add `name:`"
    )
    assert result.packs == []


def test_k06_distinct_names_import_two_queries(write_sources: WriteSources) -> None:
    named = K06_YAML.replace(
        "      interval: 60\n", "      name: sched_stats_snap\n      interval: 60\n"
    )
    result = run(write_sources({"fleet/perf.yml": named}))
    sql = "SELECT name, executions, wall_time FROM osquery_schedule;"
    assert pack(result, "perf")["queries"] == {
        "sched_stats": {"query": sql, "interval": 3600},
        "sched_stats_snap": {"query": sql, "interval": 60, "snapshot": True},
    }


def test_k07_legacy_options_are_mapped_with_warnings(
    write_sources: WriteSources,
) -> None:
    result = run(write_sources({"fleet/options.yml": K07_YAML}))
    assert where(result.findings, "import-legacy-options") == [("options.yml", 3, 7)]
    cli = only(result, "import-cli-flag")
    assert (cli.pos.line, cli.pos.column) == (8, 22)
    assert "logger_plugin" in cli.message
    assert "command_line_flags" in cli.hint
    assert {n: s.value for n, s in result.settings.options.items()} == {
        "distributed_interval": 10,
        "logger_plugin": "tls",
    }
    assert result.settings.decorators == {
        "load": ["SELECT uuid AS host_uuid FROM system_info;"]
    }


def test_k08_interval_strings(write_sources: WriteSources) -> None:
    conf = """\
        {"queries": {
          "rpm_list": {"query": "SELECT name, version FROM rpm_packages",
                       "interval": "86400"},
          "deb_list": {"query": "SELECT name, version FROM deb_packages",
                       "interval": "1d"}}}
        """
    result = run(write_sources({"g/inventory.conf": conf}))
    assert where(result.findings, "import-converted") == [("inventory.conf", 3, 28)]
    assert where(result.findings, "import-interval") == [("inventory.conf", 5, 28)]
    queries = pack(result, "inventory")["queries"]
    assert queries == {
        "rpm_list": {
            "query": "SELECT name, version FROM rpm_packages",
            "interval": 86400,
        },
        "deb_list": {"query": "SELECT name, version FROM deb_packages"},
    }


def test_k11_no_interval_is_made_up(
    write_sources: WriteSources, tmp_path: Path
) -> None:
    conf = """\
        {"schedule": {
          "agent_perf": {"query": "SELECT name, interval, executions FROM osquery_schedule",
                         "interval": 0},
          "heartbeat": {"query": "SELECT version FROM osquery_info"}}}
        """  # noqa: E501
    result = run(write_sources({"g/osquery.conf": conf}))
    assert where(result.findings, "import-interval") == [
        ("osquery.conf", 3, 30),
        ("osquery.conf", 4, 16),
    ]
    saved = save(result, tmp_path / "out")
    text = (tmp_path / "out" / "packs/g/osquery_schedule.yml").read_text()
    assert "interval:" not in text
    inventory = load_inventory(tmp_path / "out")
    assert inventory.findings == []
    assert saved.files


def test_k14_cli_only_options_stay_where_they_were(write_sources: WriteSources) -> None:
    conf = '{"options": {"logger_plugin": "filesystem", "host_identifier": "uuid"}}\n'
    result = run(write_sources({"g/osquery.conf": conf}))
    assert set(result.settings.options) == {"logger_plugin", "host_identifier"}
    assert result.settings.flags == {}


def test_k15_fleet_platform_lists_become_one_string(
    write_sources: WriteSources,
) -> None:
    lib = """\
        - {name: mac, query: SELECT 1, interval: 60, platform: macos}
        - {name: unix, query: SELECT 1, interval: 60, platform: "darwin, linux"}
        - {name: both, query: SELECT 1, interval: 60, platform: [darwin, linux]}
        """
    result = run(write_sources({"lib/queries.yml": lib}))
    queries = pack(result, "queries")["queries"]
    assert {n: q["platform"] for n, q in queries.items()} == {  # type: ignore[attr-defined]
        "mac": "macos",
        "unix": "darwin,linux",
        "both": "darwin,linux",
    }


def test_k20_round_trip_gives_back_the_inventory_string(
    write_sources: WriteSources, tmp_path: Path
) -> None:
    inv = write_sources({k: textwrap.dedent(v) for k, v in K20_INVENTORY.items()})
    inventory = load_inventory(inv)
    assert inventory.findings == []
    compiled = compile_inventory(inventory)["t"].files["osquery.conf"]
    assert b"c:\\\\windows\\\\system32\\\\lsass.exe" in compiled
    (tmp_path / "deployed").mkdir()
    (tmp_path / "deployed" / "osquery.conf").write_bytes(compiled)

    result = run(tmp_path / "deployed")
    original = inventory.packs["win_masquerade"].queries["odd_lsass"].sql.text
    assert pack(result, "win_masquerade")["queries"] == {
        "odd_lsass": {"query": original, "interval": 600}
    }
    assert result.settings.file_paths == {"downloads": ["C:\\Users\\%\\Downloads\\%%"]}
    save(result, tmp_path / "back")
    back = load_inventory(tmp_path / "back")
    assert back.packs["win_masquerade"].queries["odd_lsass"].sql.text == original


def _compiled(result: object, tmp_path: Path) -> str:
    from fleet.importers.model import ImportResult

    assert isinstance(result, ImportResult)
    out = tmp_path / "inventory"
    save(result, out)
    inventory = load_inventory(out)
    assert inventory.findings == []
    return compile_inventory(inventory)["imported"].files["osquery.conf"].decode()
