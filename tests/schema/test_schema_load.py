"""Reading a schema file, and choosing which one a run uses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fleet.cli import app
from fleet.errors import FleetError
from fleet.model import Inventory
from fleet.schema import Schema, cache_dir, load_schema_file, resolve_schema
from tests.conftest import BASE_ROOT, SCHEMA_FILE


def test_the_published_file_loads(schema: Schema) -> None:
    assert (schema.version, schema.source) == ("5.23.1", str(SCHEMA_FILE))
    assert len(schema.tables) == 286
    assert sum(len(t.columns) for t in schema.tables.values()) == 2624
    assert sum(t.evented for t in schema.tables.values()) == 22
    assert schema.aliases["alf_services"] == "sharing_preferences"
    assert len(schema.aliases) == 9


def test_tables_and_columns_are_found_as_sqlite_finds_them(schema: Schema) -> None:
    """Case-insensitive names; aliases resolve to the real table."""
    file = schema.table("FILE")
    assert file is not None and file.name == "file"
    assert file.required == ("path", "directory")
    assert file.platforms == {"darwin", "linux", "windows"}
    assert file.column("Path") == file.columns[0]
    assert file.column("nope") is None
    hosts = schema.table("Hosts")
    assert hosts is not None and hosts.name == "etc_hosts"
    assert schema.table("opera_extensions") is None
    eventlog = schema.table("windows_eventlog")
    assert eventlog is not None
    xpath = eventlog.column("xpath")
    assert xpath is not None and xpath.hidden and xpath.required


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


TABLE = {
    "name": "t",
    "platforms": ["linux"],
    "columns": [{"name": "a", "type": "text"}],
}


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"tables": []}, "the top level is an object, not an array of tables"),
        ([], "the array holds no tables"),
        (["t"], "table 1 is a string, not an object"),
        ([{"platforms": []}], 'table 1 has no "name" string'),
        (
            [{**TABLE, "platforms": "linux"}],
            'table 1 (t): "platforms" must be an array of strings',
        ),
        (
            [{**TABLE, "columns": []}],
            'table 1 (t): "columns" must be a non-empty array',
        ),
        (
            [TABLE, {**TABLE, "name": "u", "columns": [{"name": "a"}]}],
            'table 2 (u) column 1 needs "name" and "type" strings',
        ),
        (
            [{**TABLE, "columns": [*TABLE["columns"], {"name": "A", "type": "text"}]}],
            "table 1 (t): column 'A' appears twice",
        ),
        (
            [TABLE, {**TABLE, "columns": [{"name": "b", "type": "text"}]}],
            "table 2 (t) appears twice (first as table 1)",
        ),
        (
            [TABLE, {**TABLE, "name": "u"}, {**TABLE, "name": "U"}],
            "table 3 (U) appears twice (first as table 2)",
        ),
        (
            [{**TABLE, "columns": [{"name": "a", "type": "text", "hidden": "yes"}]}],
            "table 1 (t) column 1: \"hidden\" must be true or false, not 'yes'",
        ),
    ],
)
def test_a_file_of_the_wrong_shape_says_what_is_wrong(
    tmp_path: Path, data: object, problem: str
) -> None:
    path = write(tmp_path / "s.json", data)
    with pytest.raises(FleetError) as caught:
        load_schema_file(path)
    assert caught.value.message == f"schema file {path}: {problem}"
    assert "a JSON array of tables" in caught.value.hint


def test_a_missing_file_and_a_file_that_is_not_json(tmp_path: Path) -> None:
    with pytest.raises(FleetError, match=r"schema file .*nope\.json not found"):
        load_schema_file(tmp_path / "nope.json")
    bad = tmp_path / "bad.json"
    bad.write_text('[{"name": "t",\n  oops}]', encoding="utf-8")
    with pytest.raises(FleetError) as caught:
        load_schema_file(bad)
    assert caught.value.message.startswith(f"schema file {bad} is not JSON (line 2, ")


def test_a_huge_file_is_refused_before_it_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Published schemas are about 1 MiB; a file over 64 MiB (a sparse one here) is
    refused with one message, and fleet validate exits 3. A device that never ends
    is refused the same way."""
    big = tmp_path / "5.23.1.json"
    with big.open("wb") as file:
        file.truncate(64 * 1024 * 1024 + 1)
    with pytest.raises(FleetError) as caught:
        load_schema_file(big)
    assert caught.value.message == (
        f"schema file {big} is over 64 MiB; osquery's published schemas are about "
        "1 MiB, so it is not read"
    )
    with pytest.raises(FleetError, match="is over 64 MiB"):
        load_schema_file(Path("/dev/zero"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fleet.yml").write_text(BASE_ROOT, encoding="utf-8")
    (tmp_path / "packs" / "g").mkdir(parents=True)
    result = CliRunner().invoke(app, ["validate", "--schema", str(big)])
    assert result.exit_code == 3
    assert result.output.startswith(f"fleet: error: schema file {big} is over ")


def test_the_version_comes_from_the_file_name(tmp_path: Path) -> None:
    named = write(tmp_path / "osquery-5.12.1-linux.json", [TABLE])
    assert load_schema_file(named).version == "5.12.1"
    assert load_schema_file(write(tmp_path / "mine.json", [TABLE])).version == "unknown"


def test_windows_platform_synonyms_become_windows(tmp_path: Path) -> None:
    path = write(tmp_path / "s.json", [{**TABLE, "platforms": ["windows", "win32"]}])
    assert load_schema_file(path).tables["t"].platforms == {"windows"}


# choosing a schema --------------------------------------------------------------
def inventory(root: Path, schema: str | None) -> Inventory:
    return Inventory(root=root, schema=schema)


def test_no_option_and_no_inventory_setting_means_no_schema(tmp_path: Path) -> None:
    assert resolve_schema(None, inventory(tmp_path, None)) is None


def test_the_option_wins_over_the_inventory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--schema is relative to the working directory, schema: to the inventory."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "cli-5.0.0.json", [TABLE])
    (tmp_path / "inv").mkdir()
    write(tmp_path / "inv" / "inv-4.0.0.json", [TABLE])
    inv = inventory(tmp_path / "inv", "inv-4.0.0.json")
    chosen = resolve_schema("cli-5.0.0.json", inv)
    assert chosen is not None and chosen.version == "5.0.0"
    chosen = resolve_schema(None, inv)
    assert chosen is not None and chosen.source == str(
        tmp_path / "inv" / "inv-4.0.0.json"
    )


def test_a_version_means_the_cache(cache: Path, tmp_path: Path) -> None:
    (cache / "schema").mkdir(parents=True)
    write(cache / "schema" / "5.23.1.json", [TABLE])
    chosen = resolve_schema(None, inventory(tmp_path, "5.23.1"))
    assert chosen is not None
    assert chosen.source == str(cache / "schema" / "5.23.1.json")


def test_a_file_named_like_a_version_wins_over_the_cache(
    cache: Path, tmp_path: Path
) -> None:
    write(tmp_path / "5.23.1", [TABLE, {**TABLE, "name": "u"}])
    chosen = resolve_schema(None, inventory(tmp_path, "5.23.1"))
    assert chosen is not None and sorted(chosen.tables) == ["t", "u"]


def test_a_version_missing_from_the_cache_says_how_to_fetch_it(
    cache: Path, tmp_path: Path
) -> None:
    with pytest.raises(FleetError) as caught:
        resolve_schema(None, inventory(tmp_path, "5.23.1"))
    assert caught.value.message == (
        "osquery schema 5.23.1 (from schema: in fleet.yml) is not in the cache "
        f"({cache / 'schema' / '5.23.1.json'})"
    )
    assert caught.value.hint == "run 'fleet schema fetch 5.23.1'"


def test_a_missing_file_names_where_it_was_asked_for(tmp_path: Path) -> None:
    with pytest.raises(FleetError) as caught:
        resolve_schema(None, inventory(tmp_path, "schemas/osquery.json"))
    assert caught.value.message == (
        f"schema file {tmp_path / 'schemas' / 'osquery.json'} not found "
        "(from schema: in fleet.yml)"
    )


# the cache directory --------------------------------------------------------------
def test_cache_dir_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("FLEET_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert cache_dir() == tmp_path / "home" / ".cache" / "fleet"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    assert cache_dir() == tmp_path / "home" / ".cache" / "fleet"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "fleet"
    monkeypatch.setenv("FLEET_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_dir() == tmp_path / "mine"
