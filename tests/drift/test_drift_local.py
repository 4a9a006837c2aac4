"""Drift over testinfra's local backend: ``local://``, with and without ``root=``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fleet.drift.read import reader_for
from fleet.drift.read.base import split_root
from fleet.errors import UsageError
from tests.drift.conftest import fleet


def drift_json(inventory: Path, *args: str | Path) -> tuple[int, dict[str, object]]:
    code, out, err = fleet(
        "drift", "-i", inventory, "--target", "servers", "--format", "json", *args
    )
    assert out, err
    [host] = json.loads(out)["hosts"]
    return code, host


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
    code, host = drift_json(servers_inventory, form.format(host_root))
    assert (code, host["status"], host["source"], host["error"]) == (
        0,
        "in-sync",
        "local",
        None,
    )
    (host_root / "etc/osquery/osquery.flags").write_text("--verbose=true\n")
    code, host = drift_json(servers_inventory, form.format(host_root))
    assert code == 1
    assert ("flag-extra", "/etc/osquery/osquery.flags") in [
        (f["code"], f["file"])
        for f in host["findings"]  # type: ignore[attr-defined]
    ]


@pytest.mark.parametrize("address", ["local://", "local:///"])
def test_local_without_root_reads_this_machine(
    servers_inventory: Path, address: str
) -> None:
    code, host = drift_json(servers_inventory, address)
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
