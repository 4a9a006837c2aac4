"""Input a first user may throw at ``fleet import``: nesting deeper than osquery
takes, control characters inside strings. Through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.importers.conftest import WriteSources, fleet, fleet_import, tree

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


CONTROL_CONF = (
    '{"queries": {"q": {"query": "SELECT 1\\b FROM x WHERE a = \'\\u0000\'",\n'
    '  "interval": 60, "description": "c:\\backup\\r\\nsecond line\\u202e"}}}\n'
)


def test_control_characters_are_imported_escaped_and_the_inventory_loads(
    write_sources: WriteSources, tmp_path: Path
) -> None:
    src = write_sources(
        {
            "g/p.conf": CONTROL_CONF,
            "kit/k.sql": "-- Finds \x1b[8mhidden\n-- interval: 60\nSELECT\x0c1\n",
            "osquery.flags": "--host_identifier=a\x01b\n",
        }
    )
    out = tmp_path / "out"
    done = fleet_import(src, "--out", out, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert [
        (Path(f["file"]).name, f["line"], f["column"], f["severity"], f["message"])
        for f in json.loads(done.stdout)
        if f["code"] == "import-control-character"
    ] == [
        (
            "p.conf",
            1,
            29,
            "warning",
            "`queries.q.query` holds control characters U+0000, U+0008, which an "
            "inventory cannot hold; imported escaped, as the text `\\0`, `\\b`",
        ),
        (
            "p.conf",
            2,
            34,
            "warning",
            "`queries.q.description` holds control characters U+0008, U+202E, "
            "which an inventory cannot hold; imported escaped, as the text `\\b`, "
            "`\\u202e`; its \\r\\n line breaks as \\n",
        ),
        (
            "k.sql",
            1,
            10,
            "warning",
            "line 1 holds control character U+001B, which an inventory cannot "
            "hold; imported escaped, as the text `\\e`",
        ),
        (
            "k.sql",
            3,
            7,
            "warning",
            "line 3 holds control character U+000C, which an inventory cannot "
            "hold; imported escaped, as the text `\\f`",
        ),
        (
            "osquery.flags",
            1,
            20,
            "warning",
            "line 1 holds control character U+0001, which an inventory cannot "
            "hold; imported escaped, as the text `\\x01`",
        ),
    ]
    assert (out / "packs/g/p.yml").read_text() == (
        "# Imported by fleet import from src/g/p.conf\n"
        "queries:\n"
        "  q:\n"
        "    query: SELECT 1\\b FROM x WHERE a = '\\0'\n"
        "    interval: 60\n"
        "    description: |-\n"
        "      c:\\backup\n"
        "      second line\\u202e\n"
    )
    assert (
        (out / "packs/kit/kit.yml")
        .read_text()
        .endswith(
            "    query: |\n      SELECT\\f1\n    interval: 60\n"
            "    description: Finds \\e[8mhidden\n"
        )
    )
    assert "      host_identifier: a\\x01b\n" in (out / "fleet.yml").read_text()
    validated = fleet("validate", "-i", out, "--format", "json")
    codes = {f["code"] for f in json.loads(validated.stdout)}
    assert not codes & {"yaml-syntax", "control-character"}, validated.stdout
