"""``fleet import --out`` an existing inventory: what its targets now select is said."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import WriteInventory
from tests.importers.conftest import WriteSources, fleet, fleet_import, tree

ROOT = """\
version: "1.0.0"
targets:
  laptops:
    platforms: [darwin, windows]
    packs: ["*"]
  servers:
    platforms: [linux]
    packs: [base, "group:own", "tag:server"]
  audit:
    platforms: [linux]
    packs: [base]
"""
BASE = """\
queries:
  one:
    query: SELECT pid FROM processes
    interval: 60
  two:
    query: SELECT name FROM processes
    interval: 60
    tags: [server]
"""
# Three queries: one for Linux only, one for Windows only, one anywhere.
WEB = {
    "web/web.conf": """\
        {"queries": {
          "lin": {"query": "SELECT 1", "interval": 60, "platform": "linux"},
          "win": {"query": "SELECT 2", "interval": 60, "platform": "windows"},
          "any": {"query": "SELECT 3", "interval": 60}
        }}
        """
}
KEEP_OUT_STAR = (
    "to keep them out, select this target's packs by group:NAME or name instead of '*'"
)


def _inventory(write_inventory: WriteInventory, root: str = ROOT) -> Path:
    return write_inventory(root=root, files={"packs/own/base.yml": BASE})


def _compiled(inv: Path, build: Path, target: str) -> int:
    done = fleet("compile", "-i", inv, "--out", build)
    assert done.returncode == 0, done.stdout + done.stderr
    config = json.loads((build / target / "osquery.conf").read_text())
    return sum(len(p["queries"]) for p in config["packs"].values())


def test_a_wildcard_target_is_warned_with_compile_s_counts(
    write_sources: WriteSources, write_inventory: WriteInventory, tmp_path: Path
) -> None:
    inv = _inventory(write_inventory)
    assert _compiled(inv, tmp_path / "before", "laptops") == 2
    before = tree(inv)
    done = fleet_import(write_sources(WEB), "--out", inv)
    assert done.returncode == 0, done.stderr
    assert [line for line in done.stdout.splitlines() if "import-selected" in line] == [
        f"{inv}/fleet.yml:5:13: warning import-selected target `laptops` now "
        "selects 1 imported pack(s) with 2 query(ies) through `*`: 4 query(ies) in "
        "all, 2 before the import; its next compile ships them "
        f"({KEEP_OUT_STAR})"
    ]
    assert done.stderr == (
        f"imported 1 pack(s) with 3 query(ies) from 1 of 1 file(s) into {inv}; "
        "existing target(s) now selecting imported packs: laptops 2 -> 4 "
        "query(ies) (see import-selected to keep them out); "
        "0 error(s), 1 warning(s), 0 info\n"
    )
    assert sorted(set(tree(inv)) - set(before)) == [
        "packs/web/README.md",
        "packs/web/web.yml",
    ]
    assert _compiled(inv, tmp_path / "after", "laptops") == 4


def test_group_and_tag_selectors_are_warned_at_the_selector(
    write_sources: WriteSources, write_inventory: WriteInventory
) -> None:
    inv = _inventory(write_inventory)
    src = write_sources(
        {
            **WEB,
            "kit/tagged/t.sql": "-- interval: 60\n-- tags: server\nSELECT 4\n",
        }
    )
    done = fleet_import(src, "--out", inv, "--group", "own", "--format", "json")
    assert done.returncode == 0, done.stderr
    found = [f for f in json.loads(done.stdout) if f["code"] == "import-selected"]
    assert [
        (f["line"], f["column"], f["path"], f["message"], f["hint"]) for f in found
    ] == [
        (
            5,
            13,
            "targets.laptops.packs[0]",
            "target `laptops` now selects 2 imported pack(s) with 3 query(ies) "
            "through `*`: 5 query(ies) in all, 2 before the import; its next "
            "compile ships them",
            KEEP_OUT_STAR,
        ),
        (
            8,
            19,
            "targets.servers.packs[1]",
            "target `servers` now selects 2 imported pack(s) with 3 query(ies) "
            "through `group:own`, `tag:server`: 5 query(ies) in all, 2 before the "
            "import; its next compile ships them",
            "to keep them out, import them under another --group than own, or "
            "remove the tag server from the imported packs",
        ),
    ]
    assert "; existing target(s) now selecting imported packs: laptops 2 -> 5 " in (
        done.stderr
    )
    assert "servers 2 -> 5 query(ies) (see import-selected" in done.stderr


def test_no_target_reaching_the_packs_is_said(
    write_sources: WriteSources, write_inventory: WriteInventory
) -> None:
    root = ROOT.replace('packs: ["*"]', 'packs: ["group:own"]')
    inv = _inventory(write_inventory, root)
    done = fleet_import(write_sources(WEB), "--out", inv)
    assert done.returncode == 0, done.stderr
    assert "import-selected" not in done.stdout
    assert done.stderr == (
        f"imported 1 pack(s) with 3 query(ies) from 1 of 1 file(s) into {inv}; "
        "no target in fleet.yml selects the imported packs; "
        "0 error(s), 0 warning(s), 0 info\n"
    )


def test_the_side_target_selects_only_the_imported_packs(
    write_sources: WriteSources, write_inventory: WriteInventory
) -> None:
    root = ROOT.replace('packs: ["*"]', 'packs: ["group:own"]')
    inv = _inventory(write_inventory, root)
    src = write_sources({**WEB, "web/web.flags": "--verbose=true\n"})
    for group in (None, "own"):
        out = inv.parent / f"inv-{group}"
        out.mkdir()
        for rel, data in tree(inv).items():
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            (out / rel).write_bytes(data)
        done = fleet_import(src, "--out", out, *(["--group", group] if group else []))
        assert done.returncode == 0, done.stderr
        selected = "['group:web']" if group is None else "[web]"
        assert (out / "fleet.imported.yml").read_text() == (
            "# Target settings imported by fleet import. fleet.yml exists and is\n"
            "# never overwritten: merge what you need into a target by hand.\n"
            "targets:\n"
            "  imported:\n"
            "    description: Imported by fleet import\n"
            "    platforms: [darwin, linux, windows]\n"
            f"    packs: {selected}\n"
            "    pack_mode: inline\n"
            "    flags:\n"
            "      verbose: true\n"
        )
