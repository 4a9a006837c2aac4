"""A host root is read from outside: symbolic links never lead drift out of it.

A link on the way to a managed path is followed when it stays inside the root (a
macOS image's ``var -> private/var``); one that leads out of it (``etc -> /etc``)
would read the files of the machine running drift, so it is not followed and every
path below it is a ``read-incomplete`` finding: the host is an error, never in sync.
The directory reader and the read script (``local://`` and ``ssh://`` with
``root=``) give the same answer.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fleet.compile.config import CompiledTarget
from tests.drift.conftest import Sshd, drift_host
from tests.drift.deploy import deploy
from tests.drift.test_drift_ssh import fake_osquery

BELOW_ETC = (
    "/etc/osquery",
    "/etc/osquery/enroll_secret",
    "/etc/osquery/osquery.conf",
    "/etc/osquery/osquery.flags",
    "/etc/osquery/packs",
    "/etc/osquery/packs/cron.conf",
    "/etc/osquery/packs/web.conf",
)


def drift_json(
    inventory: Path, address: str
) -> tuple[int, str, list[tuple[str, str, str]]]:
    code, host, _ = drift_host(inventory, address)
    findings = [
        (f["code"], f["file"], f["message"])
        for f in host["findings"]
        if f["code"] not in NOTES
    ]
    return code, host["status"], findings


NEEDS = "the osquery version could not be read; the inventory needs 5.12.1 or later"
NOTES = ("osquery-version-unknown", "view-not-read")


def escaped(link: str, target: Path | str, paths: tuple[str, ...]) -> list[tuple]:
    return [
        (
            "read-incomplete",
            path,
            f"could not read {path}: {link} is a symbolic link to {target}, outside "
            "the host root: not followed",
        )
        for path in paths
    ]


@pytest.fixture
def elsewhere(tmp_path: Path, compiled: dict[str, CompiledTarget]) -> Path:
    """A clean deploy outside the host root: what a link out of it would read."""
    return deploy(compiled["servers"], tmp_path / "fake")


def addresses(root: Path) -> list[str]:
    return [str(root), f"file://{root}", f"local://?root={root}"]


@pytest.mark.parametrize("form", [0, 1, 2])
def test_a_parent_link_out_of_the_root_is_not_followed(
    tmp_path: Path, servers_inventory: Path, elsewhere: Path, form: int
) -> None:
    root = tmp_path / "h3"
    root.mkdir()
    (root / "etc").symlink_to(elsewhere / "etc")
    code, status, findings = drift_json(servers_inventory, addresses(root)[form])
    assert (code, status) == (3, "error")
    assert findings == escaped("/etc", elsewhere / "etc", BELOW_ETC)


@pytest.mark.parametrize("form", [0, 2])
def test_a_link_to_this_machines_etc_is_not_followed(
    tmp_path: Path, servers_inventory: Path, form: int
) -> None:
    root = tmp_path / "h3"
    root.mkdir()
    (root / "etc").symlink_to("/etc")
    code, status, findings = drift_json(servers_inventory, addresses(root)[form])
    assert (code, status) == (3, "error")
    assert findings == escaped("/etc", "/etc", BELOW_ETC)


@pytest.mark.parametrize("form", [0, 2])
def test_the_config_directory_linked_out_of_the_root(
    tmp_path: Path, servers_inventory: Path, elsewhere: Path, form: int
) -> None:
    root = tmp_path / "h3"
    (root / "etc").mkdir(parents=True)
    (root / "etc/osquery").symlink_to(elsewhere / "etc/osquery")
    code, status, findings = drift_json(servers_inventory, addresses(root)[form])
    assert (code, status) == (3, "error")
    assert findings == [
        (
            "file-not-regular",
            "/etc/osquery",
            "/etc/osquery is a symlink or special file, not a directory",
        ),
        *escaped("/etc/osquery", elsewhere / "etc/osquery", BELOW_ETC[1:]),
    ]


@pytest.mark.parametrize("form", [0, 2])
@pytest.mark.parametrize("link", ["private/etc", "{root}/private/etc"])
def test_links_inside_the_root_are_followed(
    tmp_path: Path,
    servers_inventory: Path,
    compiled: dict[str, CompiledTarget],
    form: int,
    link: str,
) -> None:
    """As in a macOS image, where /etc is a link to private/etc."""
    root = tmp_path / "img"
    deploy(compiled["servers"], root / "private")
    (root / "etc").symlink_to(link.format(root=root))
    code, status, findings = drift_json(servers_inventory, addresses(root)[form])
    assert (code, status, findings) == (0, "in-sync", [])


def test_over_ssh_with_root(
    tmp_path: Path, servers_inventory: Path, elsewhere: Path, sshd: Sshd
) -> None:
    root = tmp_path / "h3"
    root.mkdir()
    (root / "etc").symlink_to(elsewhere / "etc")
    address = sshd.address("ssh", root)
    code, status, findings = drift_json(servers_inventory, address)
    assert (code, status) == (3, "error")
    assert findings == escaped("/etc", elsewhere / "etc", BELOW_ETC)
    # the same root with the link replaced by the files: in sync
    (root / "etc").unlink()
    shutil.copytree(elsewhere / "etc", root / "etc")
    code, status, _ = drift_json(servers_inventory, address)
    assert (code, status) == (0, "in-sync")


@pytest.mark.parametrize("linked", ["var", "var/osquery/osquery.em"])
def test_no_socket_out_of_the_root_is_asked(
    tmp_path: Path, servers_inventory: Path, host_root: Path, linked: str
) -> None:
    """osquery's view through a socket outside the root would be another osqueryd's."""
    fake_osquery(host_root, {"config_hash": "0" * 40}, [], [], [])
    outside = tmp_path / "outside" / linked
    outside.parent.mkdir(parents=True)
    (host_root / linked).rename(outside)
    (host_root / linked).symlink_to(outside)
    code, host, err = drift_host(servers_inventory, f"local://?root={host_root}")
    assert code == 0, err
    assert [(f["code"], f["message"]) for f in host["findings"]] == [
        ("osquery-version-unknown", NEEDS),
        (
            "view-not-read",
            "osqueryd's extensions socket /var/osquery/osquery.em lies behind a "
            "symbolic link out of the host root, which is not followed: osquery's "
            "view not read",
        ),
    ]
