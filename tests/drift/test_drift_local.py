"""Drift over testinfra's local backend: ``local://``, with and without ``root=``."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from fleet.compile.config import CompiledTarget
from fleet.drift.desired import Desired
from fleet.drift.model import HostResult, HostSpec
from fleet.drift.plan import plan_for
from fleet.drift.read import reader_for
from fleet.drift.read.base import split_root
from fleet.drift.read.remote import parse_output, script_args
from fleet.drift.read.script import SCRIPT
from fleet.drift.rules import check_host
from fleet.errors import UsageError
from tests.drift.conftest import drift_host, fleet
from tests.drift.deploy import deploy
from tests.drift.test_drift_ssh import fake_osquery, running


def test_local_addresses_keep_their_slashes() -> None:
    assert split_root("local://?root=/srv/img/") == ("local://", "/srv/img")
    assert split_root("local:///?root=/srv/img") == ("local:///", "/srv/img")
    assert split_root("local://") == ("local://", "")
    assert split_root("local:///") == ("local:///", "")
    assert split_root("ssh://u@h:22?a=1&root=/r#f") == ("ssh://u@h:22?a=1#f", "/r")


@pytest.mark.parametrize("form", ["local://?root={}", "local:///?root={}/"])
def test_local_with_root_reads_under_the_root(
    servers_inventory: Path, host_root: Path, form: str
) -> None:
    code, host, _ = drift_host(servers_inventory, form.format(host_root))
    assert (code, host["status"], host["source"], host["error"]) == (
        0,
        "in-sync",
        "local",
        None,
    )
    (host_root / "etc/osquery/osquery.flags").write_text("--verbose=true\n")
    code, host, _ = drift_host(servers_inventory, form.format(host_root))
    assert code == 1
    assert ("flag-extra", "/etc/osquery/osquery.flags") in [
        (f["code"], f["file"])
        for f in host["findings"]  # type: ignore[attr-defined]
    ]


@pytest.mark.parametrize("address", ["local://", "local:///"])
def test_local_without_root_reads_this_machine(
    servers_inventory: Path, address: str
) -> None:
    code, host, _ = drift_host(servers_inventory, address)
    assert host["source"] == "local"
    if not Path("/etc/osquery/osquery.conf").exists():
        assert (code, host["error"]) == (
            3,
            "no osquery files on the host: /etc/osquery/osquery.conf is missing "
            "(osquery is not deployed there, or the address or root= is wrong)",
        )
    else:  # the machine's own files were read: reached, whatever they hold
        assert not str(host["error"] or "").startswith("cannot reach")


def test_a_path_in_a_testinfra_address_is_a_usage_error(
    servers_inventory: Path, host_root: Path
) -> None:
    code, out, err = fleet(
        "drift", "-i", servers_inventory, "--target", "servers", f"local://{host_root}"
    )
    assert (code, out) == (2, "")
    assert err == (
        f"fleet: error: address 'local://{host_root}' has a path, which local:// "
        f"ignores (to read the files under {host_root} on the host, add "
        f"?root={host_root})\n"
    )
    with pytest.raises(UsageError, match="is not an absolute path"):
        reader_for("ssh://h?root=relative/dir")


def test_a_table_osqueryi_could_not_read_makes_the_host_an_error(
    servers_inventory: Path, host_root: Path, compiled: dict[str, CompiledTarget]
) -> None:
    servers = compiled["servers"]
    fake_osquery(
        host_root,
        {"version": "5.12.1", "config_hash": servers.config_hash, "config_valid": "1"},
        running(servers),
        [{"name": "web", "active": "1"}, {"name": "cron", "active": "1"}],
        [{"name": "disable_events", "value": "false", "default_value": "true"}],
    )
    address = f"local://?root={host_root}"
    code, host, _ = drift_host(servers_inventory, address)
    assert (code, host["status"], host["findings"]) == (0, "in-sync", [])

    answers = host_root / "usr/bin/osqueryi.d"
    (answers / "flags.json").unlink()  # osqueryi fails: exit 1
    (answers / "packs.json").write_text("Error: no such table")  # exit 0, no rows
    (host_root / "etc/osquery/osquery.flags").write_text("--verbose=true\n")
    code, host, _ = drift_host(servers_inventory, address)
    assert (code, host["status"]) == (3, "error")
    findings = [(f["code"], f["severity"], f["message"]) for f in host["findings"]]
    assert [f for f in findings if f[0] == "read-incomplete"] == [
        (
            "read-incomplete",
            "error",
            "could not read osquery_flags: osqueryi --connect failed (exit 1)",
        ),
        (
            "read-incomplete",
            "error",
            "could not read osquery_packs: osqueryi's answer is not a JSON array of "
            "rows",
        ),
    ]
    # what was read is still checked and reported
    assert ("flag-extra", "error") in [(c, s) for c, s, _ in findings]
    assert host["error"] == "not read completely: " + "; ".join(
        m for c, _, m in findings if c == "read-incomplete"
    )


AS_NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def test_an_unprivileged_read_is_incomplete_not_missing(
    desired: dict[str, Desired], compiled: dict[str, CompiledTarget]
) -> None:
    """The read script as a user who may not read everything (ssh as non-root)."""
    base = Path(tempfile.mkdtemp(prefix="fleet-drift-"))
    try:
        os.chmod(base, 0o755)
        root = deploy(compiled["servers"], base / "host")
        os.chmod(root / "etc/osquery", 0o755)  # searchable; packs/ stays 0750
        os.chmod(root / "etc/osquery/osquery.flags", 0o644)  # readable; conf 0640
        plan = lambda platform: plan_for(compiled["servers"], platform)  # noqa: E731
        args = script_args(str(root), ["linux"], plan)
        done = subprocess.run(
            [*AS_NOBODY, "sh", "-c", SCRIPT, "fleet-drift", *args],
            capture_output=True,
            text=True,
            check=True,
            cwd="/",
        )
    finally:
        shutil.rmtree(base)
    deployed = parse_output(done.stdout, plan)
    spec = HostSpec("h", "local://", "servers")
    result = HostResult(
        spec, "linux", "local", check_host(desired["servers"], plan("linux"), deployed)
    )
    assert result.status == "error"
    assert [
        (f.subject, f.message.partition(": ")[2])
        for f in result.findings
        if f.code == "read-incomplete"
    ] == [
        ("/etc/osquery/osquery.conf", "cannot read its bytes (permission denied?)"),
        ("/etc/osquery/packs", "cannot list it (permission denied)"),
        (
            "/etc/osquery/packs/cron.conf",
            "cannot tell whether it exists: a directory above it cannot be searched "
            "(permission denied)",
        ),
        (
            "/etc/osquery/packs/web.conf",
            "cannot tell whether it exists: a directory above it cannot be searched "
            "(permission denied)",
        ),
    ]
    assert not [f for f in result.findings if f.code == "file-missing"]
