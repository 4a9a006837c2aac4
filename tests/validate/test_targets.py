"""Target checks: settings, selection, pack mode, collisions, exact positions."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fleet.cli import app
from fleet.findings import Finding
from fleet.load.inventory import load_inventory
from fleet.validate.run import validate_inventory
from tests.conftest import WriteInventory

HEAD = 'version: "1.0.0"\ntargets:\n'


def root(block: str) -> str:
    """fleet.yml with one target, written at column 3 under 'targets:'."""
    return HEAD + textwrap.indent(textwrap.dedent(block), "  ")


def findings(inv: Path, *codes: str) -> list[Finding]:
    report = validate_inventory(load_inventory(inv), None)
    return [f for f in report.findings if not codes or f.code in codes]


def where(items: list[Finding]) -> list[tuple[str, int, int]]:
    return [(f.code, f.pos.line, f.pos.column) for f in items]


def test_typo_options_and_custom_prefix(write_inventory: WriteInventory) -> None:
    """K13: typos warn with a suggestion; custom_* is osquery's own escape hatch."""
    inv = write_inventory(
        root=root("""\
          t:
            platforms: [linux]
            packs: ['*']
            options:
              log_results_events: true
              schedule_splay_percnt: 10
              custom_team_tag: blue
        """),
    )
    found = findings(inv, "option-unknown")
    assert where(found) == [("option-unknown", 7, 7), ("option-unknown", 8, 7)]
    # log_result_events was removed from osquery long ago, so only the second typo
    # has a real flag to suggest.
    assert found[1].hint == "did you mean 'schedule_splay_percent'?"
    assert "is not an osquery flag" in found[0].message


def test_cli_only_options_move_to_the_flag_file(
    write_inventory: WriteInventory,
) -> None:
    """K14: warned about, and compiled into the flag file, not osquery.conf."""
    inv = write_inventory(
        root=root("""\
          t:
            platforms: [linux]
            packs: ['*']
            options:
              config_plugin: filesystem
              logger_plugin: filesystem
              database_path: /var/osquery/osquery.db
              host_identifier: uuid
        """),
    )
    report = validate_inventory(load_inventory(inv), None)
    assert where([f for f in report.findings if f.code == "option-cli-only"]) == [
        ("option-cli-only", 7, 7),
        ("option-cli-only", 8, 7),
        ("option-cli-only", 9, 7),
    ]
    files = report.compiled["t"].files
    assert b'"options": {\n    "host_identifier": "uuid"\n  }' in files["osquery.conf"]
    assert files["osquery.linux.flags"] == (
        b"--config_plugin=filesystem\n--database_path=/var/osquery/osquery.db\n"
        b"--logger_plugin=filesystem\n"
    )


def test_flag_with_trailing_space(write_inventory: WriteInventory) -> None:
    """K25: a trailing space stops osqueryd; the flag file never has one."""
    inv = write_inventory(
        root=root("""\
          t:
            platforms: [linux]
            packs: ['*']
            flags:
              disable_events: false
              events_max: 50000
              audit_allow_config: "true "
        """),
    )
    assert where(findings(inv, "flag-whitespace")) == [("flag-whitespace", 9, 7)]


def test_control_characters_in_settings_never_compile(
    write_inventory: WriteInventory,
) -> None:
    """NUL, U+202E, a line break (which would start another flag in the flag file)
    or any other C0/C1 character in a flag, platform flag or option is an error at
    the value (or the name), as in queries, and the setting is not compiled."""
    inv = write_inventory(
        root=root("""\
          t:
            platforms: [linux]
            packs: ['*']
            flags:
              tls_hostname: "fleet.example\\0"
              host_identifier: "uuid\\n--config_path=/tmp/evil.conf"
            platform_flags:
              linux: {logger_path: "/var/log/\\u202eosquery"}
            options:
              custom_team: "blue\\x85"
              "custom_\\ttab": blue
              custom_fine: "a\\x7f"
        """),
    )
    report = validate_inventory(load_inventory(inv), None)
    found = [f for f in report.findings if f.code == "control-character"]
    assert [(f.code, f.pos.line, f.pos.column, f.pos.path) for f in found] == [
        ("control-character", 7, 21, "targets.t.flags.tls_hostname"),
        ("control-character", 8, 24, "targets.t.flags.host_identifier"),
        ("control-character", 10, 28, "targets.t.platform_flags.linux.logger_path"),
        ("control-character", 12, 20, "targets.t.options.custom_team"),
        ("control-character", 13, 7, "targets.t.options.custom_\ttab"),
        ("control-character", 14, 20, "targets.t.options.custom_fine"),
    ]
    assert found[1].message == (
        "targets.t.flags.host_identifier holds control or text-direction "
        "characters (\\x0a)"
    )
    assert found[4].message.startswith("targets.t.options.custom_\\x09tab holds")
    assert "\n" not in "".join(f.as_text() for f in found)
    flags = report.compiled["t"].files["osquery.linux.flags"]
    assert b"evil" not in flags and b"tls_hostname" not in flags
    assert b"logger_path" not in flags
    assert b"custom_" not in report.compiled["t"].files["osquery.conf"]


def test_external_packs_need_the_filesystem_plugin(
    write_inventory: WriteInventory,
) -> None:
    """K21: pack paths only work with the filesystem config plugin."""
    inv = write_inventory(
        root=root("""\
          t:
            platforms: [linux]
            packs: ['*']
            pack_mode: external
            flags:
              config_plugin: tls
        """),
    )
    found = findings(inv, "pack-mode")
    assert where(found) == [("pack-mode", 8, 7)]
    assert "config_plugin is 'tls'" in found[0].message


def test_external_packs_need_the_filesystem_plugin_on_every_platform(
    write_inventory: WriteInventory,
) -> None:
    """K21 via platform_flags: the same error, at the platform's config_plugin, and
    fleet validate fails; a platform that overrides tls with filesystem is fine."""
    inv = write_inventory(
        root=root("""\
          t:
            platforms: [linux, darwin]
            packs: ['*']
            pack_mode: external
            packs_dir: /etc/osquery/packs
            flags: {config_plugin: tls}
            platform_flags:
              linux: {config_plugin: tls}
              darwin: {config_plugin: filesystem}
          u:
            platforms: [linux]
            packs: ['*']
            pack_mode: external
            flags: {config_plugin: tls}
            platform_flags:
              linux: {config_plugin: filesystem}
        """),
    )
    found = findings(inv, "pack-mode")
    assert where(found) == [("pack-mode", 10, 15)]
    assert found[0].severity.value == "error"
    assert found[0].message == (
        "external packs are read from disk, but config_plugin is 'tls' on linux: "
        "osquery would fail to load every pack"
    )
    result = CliRunner().invoke(app, ["validate", "-i", str(inv)])
    assert result.exit_code == 1
    assert "fleet.yml:10:15: error pack-mode external packs" in result.output


@pytest.mark.parametrize(
    ("packs_dir", "mode", "problem"),
    [
        ("/etc/osquery/packs", "external", ""),
        ("/srv/osquery/packs", "inline", ""),
        ("/etc", "external", "is a top-level directory"),
        ("/etc/osquery", "external", "its name has no 'pack'"),
        ("/etc/osquery/..", "external", "is not a normalised path"),
        ("/etc/osquery/packs/../../..", "external", "is not a normalised path"),
        ("/etc//osquery/packs", "external", "is not a normalised path"),
        ("/etc/osquery/packs/", "external", "is not a normalised path"),
        ("/var/lib", "external", "its name has no 'pack'"),
        ("/root/.ssh", "inline", "its name has no 'pack'"),
        ("/opt/osquery/share/osquery/packs", "external", "example packs"),
        ("packs", "external", "is not an absolute path"),
    ],
)
def test_packs_dir_must_be_a_directory_of_its_own(
    write_inventory: WriteInventory, packs_dir: str, mode: str, problem: str
) -> None:
    """Renderers delete what fleet does not manage in packs_dir, inline mode
    included (the cookbook clears leftovers), so it must be a directory of its own."""
    inv = write_inventory(
        root=root(
            f"""\
            t:
              platforms: [linux]
              packs: ['*']
              pack_mode: {mode}
              packs_dir: {packs_dir}
            """
        )
    )
    found = findings(inv, "pack-mode")
    if not problem:
        assert found == []
    else:
        assert where(found) == [("pack-mode", 7, 16)]
        assert problem in found[0].message


def test_pack_delimiter_is_compiled_and_checked(
    write_inventory: WriteInventory,
) -> None:
    """K17 with another delimiter: osquery must log with the delimiter the names
    were checked with, so compile writes it into every target's options."""
    inv = write_inventory(
        root='version: "1.0.0"\npack_delimiter: "/"\ndefaults: {interval: 300}\n'
        "targets:\n  t: {platforms: [linux], packs: ['*']}\n"
        "  u: {platforms: [linux], packs: ['*'], options: {pack_delimiter: _}}\n",
        files={
            "packs/g/net.yml": "queries:\n  conn_open: {query: SELECT 1}\n",
            "packs/g/net_conn.yml": "queries:\n  open: {query: SELECT 2}\n",
        },
    )
    report = validate_inventory(load_inventory(inv), None)
    conf = report.compiled["t"].files["osquery.conf"]
    assert b'"pack_delimiter": "/"' in conf
    codes = [
        (f.code, f.pos.line) for f in report.findings if f.severity.value != "info"
    ]
    # t logs pack/net/conn_open and pack/net_conn/open: no collision; u uses '_'
    # (against fleet.yml): a conflict, and then the collision osquery would see.
    assert ("setting-conflict", 6) in codes
    assert sum(1 for c, _ in codes if c == "name-collision") == 2


def test_flags_that_lead_osquery_elsewhere(write_inventory: WriteInventory) -> None:
    inv = write_inventory(
        root=root(
            """\
            t:
              platforms: [linux]
              packs: ['*']
              enroll_secret: true
              flags:
                config_path: /tmp/evil.conf
                flagfile: /tmp/more.flags
                enroll_secret_path: /etc/shadow
                config_plugin: tls
            """
        )
    )
    found = findings(inv, "flag-layout")
    assert [(f.pos.line, f.severity.value) for f in found] == [
        (8, "error"),
        (9, "error"),
        (10, "error"),
        (11, "warning"),
    ]


def test_secrets_never_reach_the_inventory(write_inventory: WriteInventory) -> None:
    """A credential in flags or options would be baked into every artifact."""
    token = "ghp16C7e42F292c6912E7710c838347Ae178"
    inv = write_inventory(
        root=root(
            f"""\
            t:
              platforms: [linux]
              packs: ['*']
              options: {{custom_secret_token: abc}}
              flags:
                tls_client_key: /etc/osquery/client.key
                aws_secret_access_key: {token}
                enroll_secret_env: OSQ_ENROLL
            """
        )
    )
    found = findings(inv, "setting-secret")
    assert where(found) == [("setting-secret", 6, 15), ("setting-secret", 9, 7)]
    assert all(token not in f.message and "abc" not in f.message for f in found)


@pytest.mark.parametrize(
    ("value", "secret"),
    [
        ("https://svc:pw-1@fleet.example:8080", True),
        ("svc:pw-1@fleet.example", True),
        ("https://fleet.example:8080/enroll", False),
        ("fleet.example:8080", False),
    ],
)
def test_a_password_inside_a_url_is_a_secret(
    write_inventory: WriteInventory, value: str, secret: bool
) -> None:
    inv = write_inventory(
        root=root(
            f"""\
            t:
              platforms: [linux]
              packs: ['*']
              flags:
                tls_hostname: "{value}"
            """
        )
    )
    found = findings(inv, "setting-secret")
    assert where(found) == ([("setting-secret", 7, 7)] if secret else [])
    assert all("pw-1" not in f.message for f in found)


def test_platform_flags_go_to_their_platform_only(
    write_inventory: WriteInventory,
) -> None:
    inv = write_inventory(
        root=root("""\
          t:
            platforms: [darwin, windows]
            packs: ['*']
            flags: {disable_events: false}
            platform_flags:
              darwin: {disable_endpointsecurity: false}
              linux: {enable_file_events: true}
        """),
    )
    report = validate_inventory(load_inventory(inv), None)
    assert where([f for f in report.findings if f.code == "platform-flags"]) == [
        ("platform-flags", 9, 7)
    ]
    files = report.compiled["t"].files
    assert b"--disable_endpointsecurity=false\n" in files["osquery.darwin.flags"]
    assert b"endpointsecurity" not in files["osquery.windows.flags"]


def test_name_collision_lists_every_source(write_inventory: WriteInventory) -> None:
    """K17: two pack/query pairs that log under one name, with the delimiter used."""
    inv = write_inventory(
        root='version: "1.0.0"\npack_delimiter: "-"\ndefaults: {interval: 300}\n'
        "targets:\n"
        "  t: {platforms: [linux], packs: ['*']}\n",
        files={
            "packs/g/net.yml": "queries:\n  conn-open: {query: SELECT 1}\n",
            "packs/g/net-conn.yml": "queries:\n  open: {query: SELECT 2}\n",
        },
    )
    found = findings(inv, "name-collision")
    assert where(found) == [("name-collision", 2, 3), ("name-collision", 2, 3)]
    assert {f.pos.file.split("/")[-1] for f in found} == {"net.yml", "net-conn.yml"}
    assert "all log as 'pack-net-conn-open'" in found[0].message


def test_duplicate_work_only_where_platforms_overlap(
    write_inventory: WriteInventory,
) -> None:
    inv = write_inventory(
        files={
            f"packs/g/{pack}.yml": f"queries:\n  {query}: "
            f"{{query: SELECT 1, interval: 60, platform: {platform}}}\n"
            for pack, query, platform in (
                ("a", "x", "darwin"),
                ("b", "y", "windows"),
                ("c", "z", "posix"),
            )
        }
    )
    found = findings(inv, "duplicate-query")
    assert len(found) == 1
    assert "a/x, c/z" in found[0].message


def test_inventory_version_is_three_numbers(write_inventory: WriteInventory) -> None:
    inv = write_inventory(
        root="version: \"1.2\"\ntargets:\n  t: {platforms: [linux], packs: ['*']}\n"
    )
    assert where(findings(inv, "version-format")) == [("version-format", 1, 10)]


def test_interval_above_one_week(write_inventory: WriteInventory) -> None:
    """K10: a 90-day snapshot interval; osquery drops the query."""
    inv = write_inventory(
        files={
            "packs/g/p.yml": """\
            queries:
              pkg_snapshot:
                query: SELECT name, version FROM rpm_packages
                interval: 7776000
                snapshot: true
            """
        }
    )
    found = findings(inv, "interval-range")
    assert where(found) == [("interval-range", 4, 15)]
    assert found[0].message == (
        "interval 7776000 is outside 1..604800: osquery drops the query"
    )


def test_discovery_queries_from_two_distro_families(
    write_inventory: WriteInventory, schema_file: Path
) -> None:
    """K16: discovery queries are AND-ed; Debian and Red Hat package tables are
    never both filled, so the pack never runs."""
    from fleet.schema import load_schema_file

    inv = write_inventory(
        files={
            "packs/g/nginx.yml": """\
            discovery:
              - SELECT 1 FROM rpm_packages WHERE name = 'nginx'
              - SELECT 1 FROM deb_packages WHERE name = 'nginx'
            queries:
              nginx_procs:
                query: SELECT pid, cmdline FROM processes WHERE name = 'nginx'
                interval: 300
            """
        }
    )
    inventory = load_inventory(inv)
    report = validate_inventory(inventory, load_schema_file(schema_file))
    found = [f for f in report.findings if f.code.startswith("discovery")]
    assert where(found) == [("discovery-and", 2, 3), ("discovery-exclusive", 3, 5)]
    assert "Debian" in found[1].message and "Red Hat" in found[1].message
    pack = report.compiled["t"].packs["nginx"]
    assert pack["discovery"] == [
        "SELECT 1 FROM rpm_packages WHERE name = 'nginx'",
        "SELECT 1 FROM deb_packages WHERE name = 'nginx'",
    ]


def _big_pack(queries: int) -> str:
    """A pack whose queries compile to about 400 bytes each."""
    pad = " AND ".join(f"name != 'padding-{i:03d}'" for i in range(14))
    return "queries:\n" + "".join(
        f"  q{n:05d}:\n    query: SELECT pid FROM processes WHERE {pad}\n"
        "    interval: 3600\n"
        for n in range(queries)
    )


@pytest.mark.parametrize(
    ("mode", "expected"),
    [("inline", [("config-size", 3, 3)]), ("external", [])],
)
def test_config_over_one_mebibyte(
    write_inventory: WriteInventory,
    mode: str,
    expected: list[tuple[str, int, int]],
) -> None:
    """osquery 5.x refuses a config over 1 MiB; external packs keep it small."""
    inv = write_inventory(
        root=root(f"""\
          t:
            platforms: [linux]
            packs: ['*']
            pack_mode: {mode}
        """),
        files={"packs/g/big.yml": _big_pack(3000)},
    )
    found = findings(inv, "config-size")
    assert where(found) == expected
    if found:
        size = int(found[0].message.split("compiles to ")[1].split(" ")[0])
        assert size > 1024 * 1024
        assert "refuses configs over 1048576 bytes" in found[0].message


def test_doubled_backslashes_are_reported_at_each_entry(
    write_inventory: WriteInventory,
) -> None:
    inv = write_inventory(
        root=root("""\
          t:
            platforms: [windows]
            packs: ['*']
            file_paths:
              fine:
                - 'C:\\Users\\%%'
              downloads:
                - 'C:\\\\Users\\\\%%'
                - 'D:\\\\Data\\\\%%'
        """),
    )
    found = findings(inv, "path-double-backslash")
    assert [(f.pos.line, f.pos.column, f.pos.path) for f in found] == [
        (10, 11, "targets.t.file_paths.downloads[0]"),
        (11, 11, "targets.t.file_paths.downloads[1]"),
    ]
