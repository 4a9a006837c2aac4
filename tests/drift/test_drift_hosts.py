"""Which hosts, which target: the hosts file, addresses, names, usage errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from fleet.drift.hosts import argv_hosts, default_name, load_hosts_file, unique_names
from fleet.drift.model import HostSpec
from fleet.drift.read import reader_for
from fleet.drift.read.base import split_root
from fleet.errors import FleetError, UsageError
from tests.drift.conftest import fleet

TARGETS = {"servers", "laptops"}


def test_hosts_file_format(tmp_path: Path) -> None:
    path = tmp_path / "hosts.yml"
    path.write_text(
        "servers:\n"
        "  - ssh://root@web-1.example.com\n"
        "  - {address: 'paramiko://db-1?root=/mnt/x', name: db, platform: linux}\n"
        "  - /srv/images/web-2/\n"
        "laptops:\n"
        "  - {name: C02XK1, platform: darwin}\n"
    )
    assert load_hosts_file(path, TARGETS) == [
        HostSpec(
            "web-1.example.com",
            "ssh://root@web-1.example.com",
            "servers",
            None,
            f"{path}:2",
        ),
        HostSpec("db", "paramiko://db-1?root=/mnt/x", "servers", "linux", f"{path}:3"),
        HostSpec("web-2", "/srv/images/web-2/", "servers", None, f"{path}:4"),
        HostSpec("C02XK1", "", "laptops", "darwin", f"{path}:6"),
    ]


def test_hosts_file_errors_point_at_the_line(tmp_path: Path) -> None:
    path = tmp_path / "hosts.yml"
    path.write_text(
        "servers:\n"
        "  - {address: /x, platfrom: linux}\n"
        "  - {address: /y, platform: macos}\n"
        "  - {platform: linux}\n"
        "desktops:\n"
        "  - /z\n"
    )
    with pytest.raises(FleetError) as caught:
        load_hosts_file(path, TARGETS)
    lines = str(caught.value).splitlines()[1:]
    assert [line.split(" ", 2)[:2] for line in lines] == [
        [f"{path}:2:19:", "error"],
        [f"{path}:3:29:", "error"],
        [f"{path}:4:5:", "error"],
        [f"{path}:5:1:", "error"],
    ]
    assert "unknown key 'platfrom' (did you mean 'platform'?)" in lines[0]
    assert "'desktops' is not a target of the inventory" in lines[3]


def test_names_addresses_and_roots() -> None:
    assert default_name("ssh://u@h.example:22?x=1") == "h.example"
    assert default_name("local://") == "local"
    assert default_name("file:///mnt/img/") == "img"
    assert default_name("/mnt/img?root=/x") == "img"
    assert split_root("ssh://h?ssh_config=/c&root=/r/") == (
        "ssh://h?ssh_config=%2Fc",
        "/r",
    )
    assert reader_for("/tmp/x").name == "directory"
    assert reader_for("kubectl://pod?container=c").name == "kubectl"
    with pytest.raises(UsageError):
        reader_for("winrm://host")
    with pytest.raises(FleetError, match="need --target"):
        argv_hosts(["/a"], None, TARGETS)
    assert argv_hosts(["/a"], None, {"servers"})[0].target == "servers"
    with pytest.raises(FleetError, match="two hosts are named 'a'"):
        unique_names(
            [HostSpec("a", "/x/a", "servers"), HostSpec("a", "/y/a", "servers")]
        )


def test_usage_errors(servers_inventory: Path) -> None:
    code, _, err = fleet("drift", "-i", servers_inventory)
    assert code == 2 and "no hosts to read" in err
    code, _, err = fleet("drift", "-i", servers_inventory, "--target", "nope", "/x")
    assert code == 2 and "no target 'nope'" in err
    code, _, err = fleet(
        "drift", "-i", servers_inventory, "--target", "servers", "winrm://h"
    )
    assert code == 2 and "no reader for address 'winrm://h'" in err


def test_addresses_need_target_when_there_are_several(
    servers_inventory: Path, tmp_path: Path
) -> None:
    code, out, err = fleet("drift", "-i", servers_inventory, tmp_path)
    assert (code, out) == (2, "")
    assert err == (
        "fleet: error: addresses on the command line need --target: the inventory "
        "has 2 targets (pass --target with one of: laptops, servers)\n"
    )


@pytest.mark.parametrize(
    ("option", "what"),
    [("--hosts", "hosts file"), ("--ansible-inventory", "Ansible inventory")],
)
def test_missing_host_lists_are_unreadable_input(
    servers_inventory: Path, tmp_path: Path, option: str, what: str
) -> None:
    missing = tmp_path / "nonexistent"
    code, out, err = fleet("drift", "-i", servers_inventory, option, missing)
    assert (code, out) == (3, "")
    assert err == (
        f"fleet: error: cannot read {what} {missing}: No such file or directory\n"
    )


def test_a_hosts_file_that_is_not_utf8_is_a_finding(
    servers_inventory: Path, tmp_path: Path
) -> None:
    hosts = tmp_path / "hosts.yml"
    hosts.write_bytes(b"servers:\n  - /srv/h\xff\n")
    code, out, err = fleet("drift", "-i", servers_inventory, "--hosts", hosts)
    assert (code, out) == (3, "")
    assert err == (
        "fleet: error: the hosts file cannot be read:\n"
        f"{hosts}:2:11: error encoding byte 0xff is not UTF-8 "
        "(save the file as UTF-8)\n"
    )


def test_unparsable_ansible_inventory_is_unreadable_input(
    servers_inventory: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "inventory.yml"
    broken.write_text("servers: [\n")
    code, out, err = fleet(
        "drift", "-i", servers_inventory, "--ansible-inventory", broken
    )
    assert (code, out) == (3, "")
    [line] = err.splitlines()
    assert line.startswith(
        f"fleet: error: ansible-inventory could not parse {broken} (Failed to parse "
    )


def flat(text: str) -> str:
    """Help text without rich's boxes and line breaks."""
    return " ".join(text.replace("│", " ").split())


def test_help_lists_the_formats_and_what_each_is_for() -> None:
    code, out, _ = fleet("drift", "--help")
    assert code == 0
    assert (
        "--format -f FORMAT text | json | markdown | junit. text: a table per host, "
        "for people (whole lines when piped). json: schema fleet-drift/1, for "
        "pipelines. markdown: an audit record with the inventory commit and "
        "digests. junit: JUnit XML, a testcase per host, for CI. [default: text]"
    ) in flat(out)
    code, _, err = fleet("drift", "--format", "xml", "/x")
    assert code == 2
    assert "'xml' is not one of 'text', 'json', 'markdown', 'junit'." in flat(err)
