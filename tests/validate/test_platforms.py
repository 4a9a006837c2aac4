"""A query's platform against its pack's: osquery checks the pack, then the query."""

from __future__ import annotations

from pathlib import Path

import pytest

from fleet.findings import Finding
from fleet.load.inventory import load_inventory
from fleet.schema import load_schema_file
from fleet.validate.run import validate_inventory
from tests.conftest import WriteInventory


def findings(inv: Path, code: str, schema_file: Path | None = None) -> list[Finding]:
    schema = load_schema_file(schema_file) if schema_file else None
    report = validate_inventory(load_inventory(inv), schema)
    return [f for f in report.findings if f.code == code]


def pack(pack_platform: str, query_platform: str, sql: str = "SELECT 1") -> str:
    return (
        f"platform: {pack_platform}\n"
        "queries:\n"
        "  q:\n"
        f"    query: {sql}\n"
        "    interval: 60\n"
        f"    platform: {query_platform}\n"
    )


@pytest.mark.parametrize(
    ("pack_platform", "query_platform"),
    [("linux", "darwin"), ("windows", "posix"), ("darwin", "linux,ubuntu")],
)
def test_a_query_platform_outside_its_pack_never_runs(
    write_inventory: WriteInventory, pack_platform: str, query_platform: str
) -> None:
    inv = write_inventory(files={"packs/g/p.yml": pack(pack_platform, query_platform)})
    [found] = findings(inv, "platform-disjoint")
    assert (found.pos.line, found.pos.column) == (6, 15)
    assert found.pos.path == "queries.q.platform"
    assert "never runs anywhere" in found.message
    assert found.hint.startswith("move the query into a pack for ")


@pytest.mark.parametrize(
    ("pack_platform", "query_platform"),
    [
        ("posix", "darwin"),  # posix covers linux and darwin
        ("linux", "posix"),
        ("all", "windows"),
        ("any", "darwin"),
        ("'null'", "windows"),
        ("darwin,windows", "windows"),
        ("linux", "all"),
        ("ubuntu", "linux"),
        ("linux", "macos"),  # matches nothing: platform-unknown says so instead
    ],
)
def test_overlapping_platforms_are_not_reported(
    write_inventory: WriteInventory, pack_platform: str, query_platform: str
) -> None:
    inv = write_inventory(files={"packs/g/p.yml": pack(pack_platform, query_platform)})
    assert findings(inv, "platform-disjoint") == []


def test_a_pack_without_platform_runs_every_query(
    write_inventory: WriteInventory,
) -> None:
    text = (
        "queries:\n  q:\n    query: SELECT 1\n    interval: 60\n    platform: darwin\n"
    )
    inv = write_inventory(files={"packs/g/p.yml": text})
    assert findings(inv, "platform-disjoint") == []


def test_mismatch_hint_moves_the_query_when_narrowing_would_kill_it(
    write_inventory: WriteInventory, schema_file: Path
) -> None:
    """kernel_extensions exist only on darwin; 'set platform: darwin' in a linux
    pack would make a query that never runs."""
    text = pack("linux", "posix", "SELECT name FROM kernel_extensions")
    inv = write_inventory(files={"packs/g/p.yml": text})
    [found] = findings(inv, "platform-mismatch", schema_file)
    assert found.hint.startswith("move the query into a pack for darwin")
    assert "set platform" not in found.hint


def test_mismatch_hint_narrows_when_the_pack_runs_there(
    write_inventory: WriteInventory, schema_file: Path
) -> None:
    text = pack("posix", "posix", "SELECT name FROM kernel_extensions")
    inv = write_inventory(files={"packs/g/p.yml": text})
    [found] = findings(inv, "platform-mismatch", schema_file)
    assert found.hint == "set platform: darwin"
