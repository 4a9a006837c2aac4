"""Input a first user may throw at ``fleet import``: nesting deeper than osquery
takes, control characters inside strings. Through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.importers.conftest import WriteSources, fleet_import, tree

DEPTH_MESSAGE = (
    "error import-depth nesting exceeds osquery's limit: this value lies 32 levels "
    "below the top, and osquery rejects a config nested 32 levels or more; nothing "
    "is imported from this file"
)


def findings(stdout: str) -> list[tuple[str, int, int]]:
    return [(f["code"], f["line"], f["column"]) for f in json.loads(stdout)]


def test_ten_thousand_nested_arrays_are_one_finding_not_a_traceback(
    write_sources: WriteSources, tmp_path: Path
) -> None:
    deep = "[" * 10_000 + "]" * 10_000
    src = write_sources(
        {
            "g/deep.json": deep + "\n",
            "g/deep.conf": '{"options": {"x": ' + deep + "}}\n",
            "g/deep.yml": "queries:\n- " + deep + "\n",
            "g/block.yml": "x:" + "".join(f"\n{'  ' * i}-" for i in range(1, 40)),
        }
    )
    out = tmp_path / "out"
    done = fleet_import(src, "--out", out, "--format", "json")
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    # at the first value 32 levels below the top (which is level 0): the 32nd
    # nested list of block.yml, the 31st '[' of the option (its first is level 2),
    # the 33rd '[' of deep.json, the 31st of the query list item (level 2)
    assert findings(done.stdout) == [
        ("import-depth", 33, 65),
        ("import-depth", 1, 49),
        ("import-depth", 1, 33),
        ("import-depth", 2, 33),
    ]
    assert (
        f"g/deep.json:1:33: {DEPTH_MESSAGE}"
        in fleet_import(src / "g" / "deep.json", "--out", out).stdout
    )
    assert not out.exists()


def test_thirty_one_levels_are_imported(
    write_sources: WriteSources, tmp_path: Path
) -> None:
    src = write_sources(
        {"osquery.conf": '{"options": {"x": ' + "[" * 30 + "]" * 30 + "}}\n"}
    )
    done = fleet_import(src, "--out", tmp_path / "out")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "import-depth" not in done.stdout
    assert (
        f"      x: '{'[' * 30}{']' * 30}'\n"
        in (tmp_path / "out" / "fleet.yml").read_text()
    )
    assert sorted(tree(tmp_path / "out")) == ["fleet.yml", "packs/README.md"]
