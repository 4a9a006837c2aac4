"""``fleet import --out DIR``: DIR's parent must exist, as for every fleet output."""

from __future__ import annotations

from pathlib import Path

import pytest

from fleet.errors import FleetError
from fleet.importers import save
from tests.importers.conftest import WriteSources, fleet, fleet_import, run

GOOD = {"g/p.conf": '{"queries": {"q": {"query": "SELECT 1", "interval": 60}}}\n'}


def test_the_output_s_parent_must_exist(
    write_sources: WriteSources, tmp_path: Path
) -> None:
    out = tmp_path / "a" / "b" / "c" / "out"
    done = fleet_import(write_sources(GOOD), "--out", out)
    assert done.returncode == 3
    assert done.stdout == ""
    assert done.stderr == (
        f"fleet: error: cannot write {out}: {out.parent} does not exist "
        "(create it first; fleet creates only the output itself)\n"
    )
    assert not (tmp_path / "a").exists()
    compiled = fleet("compile", "--out", out)
    assert compiled.returncode == 3
    assert compiled.stderr.splitlines()[-1] == done.stderr.rstrip("\n")


def test_save_follows_the_same_rule(
    write_sources: WriteSources, tmp_path: Path
) -> None:
    with pytest.raises(FleetError, match="does not exist"):
        save(run(write_sources(GOOD)), tmp_path / "a" / "out")
    assert not (tmp_path / "a").exists()
    assert save(run(write_sources(GOOD)), tmp_path / "out").files == [
        "fleet.yml",
        "packs/g/README.md",
        "packs/g/p.yml",
    ]
