"""Compile: byte-stable osquery.conf, flag files and packs per target."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from fleet.compile.config import compile_inventory
from fleet.compile.output import build_files, write_build
from fleet.errors import FleetError
from fleet.load.inventory import load_inventory
from fleet.osquery.confighash import config_hash
from fleet.outdir import MARKER
from tests.conftest import CORPUS, WriteInventory

ROOT = """\
version: "1.2.0"
osquery_version: "5.12.1"
targets:
  laptops:
    platforms: [darwin, linux, windows]
    packs: ['*']
    enroll_secret: true
    options:
      config_plugin: filesystem
      host_identifier: uuid
    flags:
      disable_events: false
    decorators:
      load: [SELECT uuid AS host_uuid FROM system_info]
      interval:
        3600: [SELECT hostname FROM system_info]
    file_paths:
      downloads: ['C:\\Users\\%\\Downloads\\%%']
  servers:
    platforms: [linux]
    packs: ['group:g']
    pack_mode: external
    packs_dir: /etc/osquery/packs
"""
PACK = """\
description: Odd processes
discovery:
  - SELECT 1 FROM processes WHERE name = 'nginx'
queries:
  odd_lsass:
    query: >-
      SELECT pid, path FROM processes
      WHERE lower(name) = 'lsass.exe'
      AND lower(path) != 'c:\\windows\\system32\\lsass.exe';
    interval: "600"
    platform: "windows, linux"
    snapshot: "true"
    description: Überwachung
  mac_only:
    query: SELECT name FROM kernel_extensions
    interval: 3600
    platform: darwin
"""


@pytest.fixture
def inv(write_inventory: WriteInventory) -> Path:
    return write_inventory(root=ROOT, files={"packs/g/web.yml": PACK})


def test_osquery_conf_is_normalised_and_strict(inv: Path) -> None:
    """K08, K09, K11, K14, K15, K18, K19, K20 in one compiled config."""
    compiled = compile_inventory(load_inventory(inv))
    conf = compiled["laptops"].files["osquery.conf"]
    data = json.loads(conf)
    query = data["packs"]["web"]["queries"]["odd_lsass"]
    assert query == {
        "description": "Überwachung",
        "interval": 600,
        "platform": "windows,linux",
        "query": "SELECT pid, path FROM processes WHERE lower(name) = 'lsass.exe' AND "
        "lower(path) != 'c:\\windows\\system32\\lsass.exe'",
        "snapshot": True,
    }
    assert (
        b"c:\\\\windows\\\\system32\\\\lsass.exe" in conf
    )  # one backslash, JSON-escaped
    assert data["options"] == {"host_identifier": "uuid"}  # config_plugin went to flags
    assert data["decorators"]["interval"] == {
        "3600": ["SELECT hostname FROM system_info"]
    }
    assert data["packs"]["web"]["discovery"] == [
        "SELECT 1 FROM processes WHERE name = 'nginx'"
    ]
    assert conf.endswith(b"}\n") and not conf.startswith(b"\xef\xbb\xbf")
    assert "Überwachung".encode() in conf


def test_flag_files_per_platform(inv: Path) -> None:
    compiled = compile_inventory(load_inventory(inv))["laptops"]
    assert compiled.files["osquery.linux.flags"] == (
        b"--config_plugin=filesystem\n--disable_events=false\n"
        b"--enroll_secret_path=/etc/osquery/enroll_secret\n"
    )
    assert compiled.files["osquery.windows.flags"].splitlines()[2] == (
        b"--enroll_secret_path=C:\\Program Files\\osquery\\enroll_secret"
    )


def test_targets_get_what_runs_on_their_platforms(inv: Path) -> None:
    compiled = compile_inventory(load_inventory(inv))
    servers = compiled["servers"]
    assert set(servers.files) == {
        "osquery.conf",
        "osquery.linux.flags",
        "packs/web.conf",
    }
    assert json.loads(servers.files["osquery.conf"])["packs"] == {
        "web": "/etc/osquery/packs/web.conf"
    }
    pack = json.loads(servers.files["packs/web.conf"])
    assert list(pack["queries"]) == ["odd_lsass"]  # mac_only cannot run on linux
    assert (
        "mac_only"
        in json.loads(compiled["laptops"].files["osquery.conf"])["packs"]["web"][
            "queries"
        ]
    )


def test_config_hash_matches_osquery_for_its_own_fixture() -> None:
    """osquery's test expects this per-source hash for test_parse_items.conf."""
    raw = (CORPUS / "osquery-test-configs" / "test_parse_items.conf").read_bytes()
    import hashlib

    assert hashlib.sha1(raw).hexdigest() == "dfae832a62a3e3a51760334184364b7d66468ccc"
    assert config_hash({"/etc/osquery/osquery.conf": raw}) == (
        "468fcf20b3daba69818e93bbb8055266d916ef97"
    )


def test_rerun_is_byte_identical_and_stamped_with_git(
    inv: Path, tmp_path: Path
) -> None:
    subprocess.run(["git", "init", "-q", str(inv)], check=True)
    subprocess.run(["git", "-C", str(inv), "add", "."], check=True)
    subprocess.run(
        [
            "git",
            "-C",
            str(inv),
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "commit",
            "-qm",
            "inventory",
        ],
        check=True,
    )
    head = subprocess.run(
        ["git", "-C", str(inv), "rev-parse", "HEAD"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    inventory = load_inventory(inv)
    out = tmp_path / "build"
    write_build(inventory, out, compile_inventory(inventory))
    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    write_build(inventory, out, compile_inventory(load_inventory(inv)))
    second = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert first == second
    manifest = json.loads(first[Path("manifest.json")])
    assert manifest["inventory"]["commit"] == head
    assert manifest["inventory"]["dirty"] is False
    laptops = manifest["targets"]["laptops"]
    assert laptops["config_hash"] == config_hash(
        {"osquery.conf": first[Path("laptops/osquery.conf")]}
    )
    assert set(laptops["files"]) == {
        "osquery.conf",
        "osquery.darwin.flags",
        "osquery.linux.flags",
        "osquery.windows.flags",
    }

    (inv / "packs/g/web.yml").write_text(PACK.replace("3600", "1800"))
    dirty = json.loads(
        build_files(load_inventory(inv), compile_inventory(load_inventory(inv)))[
            "manifest.json"
        ]
    )
    assert dirty["inventory"]["dirty"] is True


def test_a_failing_write_leaves_the_previous_output(inv: Path, tmp_path: Path) -> None:
    inventory = load_inventory(inv)
    out = tmp_path / "build"
    write_build(inventory, out, compile_inventory(inventory))
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    compiled = compile_inventory(inventory)
    compiled["laptops"].files["../../escape.conf"] = b"{}"
    with pytest.raises(FleetError, match="leave the output directory"):
        write_build(inventory, out, compiled)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not (tmp_path / "escape.conf").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_never_replaces_a_directory_fleet_did_not_write(
    inv: Path, tmp_path: Path
) -> None:
    precious = tmp_path / "home"
    precious.mkdir()
    (precious / "notes.txt").write_text("mine")
    inventory = load_inventory(inv)
    with pytest.raises(FleetError, match="fleet did not write"):
        write_build(inventory, precious, compile_inventory(inventory))
    assert (precious / "notes.txt").read_text() == "mine"
    assert not (precious / MARKER).exists()


def test_files_added_to_an_output_directory_are_never_lost(
    inv: Path, tmp_path: Path
) -> None:
    """fleet replaces its output directories whole, so it refuses when the user
    has put something of their own in one."""
    inventory = load_inventory(inv)
    out = tmp_path / "build"
    write_build(inventory, out, compile_inventory(inventory))
    (out / "laptops" / "notes.md").write_text("mine")
    with pytest.raises(FleetError, match=r"fleet did not write: laptops/notes\.md"):
        write_build(inventory, out, compile_inventory(inventory))
    assert (out / "laptops" / "notes.md").read_text() == "mine"
    (out / "laptops" / "notes.md").unlink()
    write_build(inventory, out, compile_inventory(inventory))


def test_the_output_may_not_hold_the_inventory(inv: Path) -> None:
    inventory = load_inventory(inv)
    for out in (inv, inv.parent):
        with pytest.raises(FleetError, match="holds the inventory itself"):
            write_build(inventory, out, compile_inventory(inventory))
    assert (inv / "fleet.yml").is_file()


def test_output_is_readable_by_others_as_the_umask_allows(
    inv: Path, tmp_path: Path
) -> None:
    import os
    import stat

    inventory = load_inventory(inv)
    old = os.umask(0o022)
    try:
        write_build(inventory, tmp_path / "build", compile_inventory(inventory))
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "build").stat().st_mode) == 0o755
