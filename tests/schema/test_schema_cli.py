"""``fleet schema fetch|dump|show`` through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fleet.cli import app
from tests.conftest import BASE_ROOT, SCHEMA_FILE, WriteInventory

runner = CliRunner()


def test_fetch_then_show(cache: Path, schema_site: str) -> None:
    fetched = runner.invoke(app, ["schema", "fetch", "5.23.1", "--url", schema_site])
    assert fetched.exit_code == 0, fetched.output
    path = cache / "schema" / "5.23.1.json"
    assert path.read_bytes() == SCHEMA_FILE.read_bytes()
    assert f"(286 tables) into {path}" in fetched.output

    shown = runner.invoke(app, ["schema", "show", "--schema", "5.23.1"])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.splitlines() == [
        "version: 5.23.1",
        "tables: 286",
        "aliases: 9",
        f"source: {path}",
    ]


def test_fetch_failures_exit_3_with_one_message(cache: Path, schema_site: str) -> None:
    result = runner.invoke(app, ["schema", "fetch", "5.99.0", "--url", schema_site])
    assert result.exit_code == 3
    assert result.output.startswith("fleet: error: cannot download ")
    assert "Traceback" not in result.output


def test_a_bad_version_is_a_usage_error(cache: Path) -> None:
    result = runner.invoke(app, ["schema", "fetch", "../etc/passwd"])
    assert result.exit_code == 2
    assert "'../etc/passwd' is not an osquery version" in result.output


def test_show_reads_the_inventory_setting(
    cache: Path, write_inventory: WriteInventory, monkeypatch: pytest.MonkeyPatch
) -> None:
    inv = write_inventory(root=BASE_ROOT + f"schema: {SCHEMA_FILE}\n")
    result = runner.invoke(app, ["schema", "show", "--inventory", str(inv)])
    assert result.exit_code == 0, result.output
    assert f"source: {SCHEMA_FILE}" in result.stdout

    bare = write_inventory(root=BASE_ROOT)
    result = runner.invoke(app, ["schema", "show", "--inventory", str(bare)])
    assert result.exit_code == 3
    assert "no schema: SQL is checked for syntax only" in result.output


def test_dump_writes_a_loadable_file(fake_osqueryi: Path, tmp_path: Path) -> None:
    out = tmp_path / "5.12.1-linux.json"
    result = runner.invoke(
        app, ["schema", "dump", "--osqueryi", str(fake_osqueryi), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 3
    shown = runner.invoke(app, ["schema", "show", "--schema", str(out)])
    assert shown.stdout.splitlines()[:3] == [
        "version: 5.12.1",
        "tables: 3",
        "aliases: 1",
    ]
