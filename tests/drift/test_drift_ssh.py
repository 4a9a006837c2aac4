"""Drift over a real sshd on 127.0.0.1: ssh://, paramiko://, ansible://.

The host's osquery files live under a root in tmp (``root=``), never in this
machine's /etc. osquery's view comes from a stand-in ``osqueryi`` under the root
that prints fixed JSON, since osquery itself cannot be installed here.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from fleet.compile.config import CompiledTarget
from fleet.drift.model import ERROR, IN_SYNC
from tests.drift.conftest import CheckHost, Sshd, codes, fleet
from tests.drift.deploy import deploy

pytestmark = pytest.mark.ssh

CONF = "/etc/osquery/osquery.conf"
FLAGS = "/etc/osquery/osquery.flags"
WEB = "/etc/osquery/packs/web.conf"
SCHEMES = ["ssh", "paramiko"]

FAKE_OSQUERYI = """#!/bin/sh
for last; do :; done
case "$last" in
  *osquery_info*) f=info ;; *osquery_schedule*) f=schedule ;;
  *osquery_packs*) f=packs ;; *osquery_flags*) f=flags ;;
esac
cat "$0.d/$f.json"
"""


def tamper(root: Path) -> None:
    """One of each kind: interval, extra pack file, world-readable config, trailing
    space in the flag file, changed option, removed query."""
    web = root / WEB.lstrip("/")
    pack = json.loads(web.read_text())
    pack["queries"]["procs"]["interval"] = 60
    del pack["queries"]["ports"]
    web.write_text(json.dumps(pack))
    (root / "etc/osquery/packs/db.conf").write_text('{"queries": {}}')
    conf = root / CONF.lstrip("/")
    conf.write_text(
        conf.read_text().replace(
            '"schedule_splay_percent": 10', '"schedule_splay_percent": 50'
        )
    )
    os.chmod(conf, 0o644)
    flags = root / FLAGS.lstrip("/")
    flags.write_text(
        flags.read_text().replace("=filesystem\n--disable", "=filesystem \n--disable")
    )


TAMPERED = [
    ("file-mode", CONF, ""),
    ("option-changed", CONF, "/options/schedule_splay_percent"),
    ("flag-changed", FLAGS, "--config_plugin"),
    ("pack-file-unexpected", "/etc/osquery/packs/db.conf", ""),
    ("query-missing", WEB, "/queries/ports"),
    ("query-changed", WEB, "/queries/procs/interval"),
]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_clean_then_tampered(
    scheme: str, sshd: Sshd, host_root: Path, check: CheckHost
) -> None:
    clean = check(sshd.address(scheme, host_root))
    assert (clean.status, clean.error, clean.source) == (IN_SYNC, "", scheme)
    assert [(f.code, f.message) for f in clean.findings] == [
        (
            "osquery-version-unknown",
            "the osquery version could not be read; the "
            "inventory needs 5.12.1 or later",
        ),
        ("view-not-read", "osqueryi is not installed: osquery's view not read"),
    ]

    tamper(host_root)
    assert codes(check(sshd.address(scheme, host_root))) == TAMPERED


def test_same_answer_as_the_directory_reader(
    sshd: Sshd, host_root: Path, check: CheckHost
) -> None:
    tamper(host_root)
    os.chown(host_root / FLAGS.lstrip("/"), 65534, 65534)
    remote = check(sshd.address("paramiko", host_root))
    local = check(host_root)
    assert [f.as_dict() for f in remote.findings if f.code != "view-not-read"] == [
        f.as_dict() for f in local.findings
    ]


def test_unreachable_host_is_exit_3(
    sshd: Sshd, servers_inventory: Path, host_root: Path
) -> None:
    closed = f"ssh://closedhost?ssh_config={sshd.ssh_config}"
    good = sshd.address("paramiko", host_root)
    code, out, err = fleet(
        "drift",
        "-i",
        servers_inventory,
        "--target",
        "servers",
        "--format",
        "json",
        good,
        closed,
        "--timeout",
        "5",
    )
    assert code == 3, err
    hosts = {h["host"]: h for h in json.loads(out)["hosts"]}
    assert hosts["testhost"]["status"] == "in-sync"
    assert hosts["closedhost"]["status"] == "error"
    assert "Connection refused" in hosts["closedhost"]["error"]
    assert err.strip().endswith("2 host(s): 1 in sync, 0 with drift, 1 unreadable")


def test_parallel_hosts_file_with_jobs(
    sshd: Sshd,
    servers_inventory: Path,
    compiled: dict[str, CompiledTarget],
    tmp_path: Path,
) -> None:
    roots = [deploy(compiled["servers"], tmp_path / f"h{i}") for i in range(4)]
    tamper(roots[2])
    lines = ["servers:"] + [
        f"  - {{address: '{sshd.address('paramiko', r)}', name: web-{i}}}"
        for i, r in enumerate(roots)
    ]
    (tmp_path / "hosts.yml").write_text("\n".join(lines) + "\n")
    code, out, _ = fleet(
        "drift",
        "-i",
        servers_inventory,
        "--hosts",
        tmp_path / "hosts.yml",
        "--jobs",
        "4",
        "--format",
        "json",
    )
    assert code == 1
    status = {h["host"]: h["status"] for h in json.loads(out)["hosts"]}
    assert status == {
        "web-0": "in-sync",
        "web-1": "in-sync",
        "web-2": "drift",
        "web-3": "in-sync",
    }


def fake_osquery(
    root: Path,
    info: dict[str, str],
    schedule: list[dict[str, str]],
    packs: list[dict[str, str]],
    flags: list[dict[str, str]],
) -> None:
    tool = root / "usr/bin/osqueryi"
    tool.parent.mkdir(parents=True)
    tool.write_text(FAKE_OSQUERYI)
    os.chmod(tool, 0o755)
    answers = root / "usr/bin/osqueryi.d"
    answers.mkdir()
    for name, rows in (
        ("info", [info]),
        ("schedule", schedule),
        ("packs", packs),
        ("flags", flags),
    ):
        (answers / f"{name}.json").write_text(json.dumps(rows))
    socket = root / "var/osquery/osquery.em"
    socket.parent.mkdir(parents=True)
    socket.touch()


def running(
    compiled: CompiledTarget, **overrides: dict[str, str]
) -> list[dict[str, str]]:
    rows = []
    for pack, body in sorted(compiled.packs.items()):
        for name, query in sorted(body["queries"].items()):  # type: ignore[attr-defined]
            full = f"pack_{pack}_{name}"
            rows.append(
                {
                    "name": full,
                    "query": query["query"],
                    "interval": str(query["interval"]),
                    "denylisted": "0",
                    **overrides.get(full, {}),
                }
            )
    return rows


def test_osquery_view_over_ssh(
    sshd: Sshd, host_root: Path, compiled: dict[str, CompiledTarget], check: CheckHost
) -> None:
    servers = compiled["servers"]
    fake_osquery(
        host_root,
        {"version": "5.12.1", "config_hash": servers.config_hash, "config_valid": "1"},
        running(servers),
        [{"name": "web", "active": "1"}, {"name": "cron", "active": "1"}],
        [{"name": "disable_events", "value": "false", "default_value": "true"}],
    )
    result = check(sshd.address("ssh", host_root))
    assert (result.status, codes(result, drift_only=False)) == (IN_SYNC, [])

    fake_osquery_files = host_root / "usr/bin/osqueryi.d"
    (fake_osquery_files / "info.json").write_text(
        json.dumps(
            [{"version": "5.10.0", "config_hash": "0" * 40, "config_valid": "1"}]
        )
    )
    (fake_osquery_files / "schedule.json").write_text(
        json.dumps(
            running(
                servers,
                pack_web_procs={"denylisted": "1", "interval": "60"},
                pack_cron_crontab={"name": "pack_cron_old"},
            )
        )
    )
    (fake_osquery_files / "packs.json").write_text(
        json.dumps([{"name": "web", "active": "1"}, {"name": "cron", "active": "0"}])
    )
    (fake_osquery_files / "flags.json").write_text(
        json.dumps(
            [{"name": "disable_events", "value": "true", "default_value": "true"}]
        )
    )
    result = check(sshd.address("ssh", host_root))
    found = sorted((f.code, f.subject) for f in result.findings if f.is_drift)
    assert found == [
        ("config-hash", "osquery_info.config_hash"),
        ("flag-not-applied", "flag disable_events"),
        ("osquery-outdated", "osquery version"),
        ("pack-inactive", "pack cron"),
        ("query-denylisted", "pack_web_procs"),
        ("query-schedule-differs", "pack_web_procs interval"),
        ("query-unexpected-scheduled", "pack_cron_old"),
    ]
    hint = next(f.hint for f in result.findings if f.code == "config-hash")
    assert hint.startswith("osqueryd has not loaded the osquery.conf")


def test_host_that_hangs_times_out(
    sshd: Sshd, host_root: Path, compiled: dict[str, CompiledTarget], check: CheckHost
) -> None:
    fake_osquery(host_root, {}, [], [], [])
    (host_root / "usr/bin/osqueryi").write_text("#!/bin/sh\nsleep 20\n")
    result = check(sshd.address("paramiko", host_root), timeout=2)
    assert (result.status, result.error) == (ERROR, "timed out after 2 s")


def test_ansible_inventory_fans_out(
    sshd: Sshd,
    servers_inventory: Path,
    compiled: dict[str, CompiledTarget],
    tmp_path: Path,
) -> None:
    good = deploy(compiled["servers"], tmp_path / "a")
    bad = deploy(compiled["servers"], tmp_path / "b")
    tamper(bad)
    common = (
        f"ansible_host=127.0.0.1 ansible_port={sshd.port} ansible_user=root "
        f"ansible_ssh_private_key_file={sshd.key} "
        "ansible_ssh_common_args='-o StrictHostKeyChecking=no "
        "-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR'"
    )
    inventory = tmp_path / "inventory.ini"
    inventory.write_text(
        "[servers]\n"
        f"web-a {common} fleet_drift_root={good}\n"
        f"web-b {common} fleet_drift_root={bad}\n"
        "[other]\nunrelated ansible_host=192.0.2.1\n"
    )
    code, out, err = fleet(
        "drift",
        "-i",
        servers_inventory,
        "--ansible-inventory",
        inventory,
        "--format",
        "json",
    )
    assert code == 1, err
    hosts = {h["host"]: h for h in json.loads(out)["hosts"]}
    assert sorted(hosts) == ["web-a", "web-b"]
    assert (hosts["web-a"]["status"], hosts["web-b"]["status"]) == ("in-sync", "drift")
    assert hosts["web-a"]["source"] == "ansible"
    assert [
        (f["code"], f["file"], f["pointer"])
        for f in hosts["web-b"]["findings"]
        if f["severity"] == "error"
    ] == TAMPERED
