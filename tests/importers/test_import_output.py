"""What the import writes: the exact files, loadable, never over an existing file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from fleet.errors import FleetError
from fleet.importers import import_sources, output, save
from fleet.load.inventory import load_inventory
from tests.importers.conftest import WriteSources, run

SOURCES = {
    "web/osquery.conf": """\
        {
          "options": {"schedule_splay_percent": 10},
          "decorators": {"interval": {"3600": ["SELECT total_seconds FROM uptime"]}},
          "packs": {
            "web": {
              "platform": "linux",
              "version": "5.10",
              "queries": {
                "procs": {
                  "query": "SELECT pid\\nFROM processes\\nWHERE name = 'nginx'",
                  "interval": "300",
                  "snapshot": "true",
                  "description": "yes"
                }
              }
            }
          }
        }
        """,
    "web/osquery.flags": "--logger_plugin=filesystem\n",
}

FLEET_YML = """\
version: "0.1.0"
targets:
  imported:
    description: Imported by fleet import
    platforms: [linux]
    packs: ['*']
    pack_mode: inline
    options:
      schedule_splay_percent: 10
    flags:
      logger_plugin: filesystem
    decorators:
      interval:
        3600:
        - SELECT total_seconds FROM uptime
"""
PACK_YML = """\
# Imported by fleet import from src/web/osquery.conf
platform: linux
version: "5.10"
queries:
  procs:
    query: |-
      SELECT pid
      FROM processes
      WHERE name = 'nginx'
    interval: 300
    snapshot: true
    description: 'yes'
"""
README = """\
# web

Imported by `fleet import`. This runbook is a stub: for each pack, write what
its queries detect, why it matters, and what to do when one returns rows.

| pack | queries | imported from |
| --- | --- | --- |
| `web` | 1 | `src/web/osquery.conf` |
"""


def test_a_new_inventory_is_written_exactly(
    write_sources: WriteSources, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    saved = save(run(write_sources(SOURCES)), out)
    assert saved.files == ["fleet.yml", "packs/web/README.md", "packs/web/web.yml"]
    assert (out / "fleet.yml").read_text() == FLEET_YML
    assert (out / "packs/web/web.yml").read_text() == PACK_YML
    assert (out / "packs/web/README.md").read_text() == README
    assert load_inventory(out).findings == []
    assert sorted(p.name for p in out.iterdir()) == ["fleet.yml", "packs"]


def test_packs_are_added_to_an_existing_inventory(
    write_sources: WriteSources, tmp_path: Path
) -> None:
    out = tmp_path / "inv"
    out.mkdir()
    (out / "fleet.yml").write_text("version: '1.0.0'\ntargets: {}\n")
    (out / "packs/web").mkdir(parents=True)
    (out / "packs/web/README.md").write_text("# ours\n")
    saved = save(run(write_sources(SOURCES)), out)
    assert saved.files == ["fleet.imported.yml", "packs/web/web.yml"]
    assert (out / "fleet.yml").read_text() == "version: '1.0.0'\ntargets: {}\n"
    assert (out / "packs/web/README.md").read_text() == "# ours\n"
    side = yaml.safe_load((out / "fleet.imported.yml").read_text())
    assert side["targets"]["imported"]["flags"] == {"logger_plugin": "filesystem"}
    assert {f.code for f in saved.findings} == {"import-existing"}


@pytest.mark.parametrize("existing", ["packs/web/web.yml", "packs/other/web.yml"])
def test_a_conflict_writes_nothing(
    write_sources: WriteSources, tmp_path: Path, existing: str
) -> None:
    out = tmp_path / "inv"
    (out / existing).parent.mkdir(parents=True)
    (out / existing).write_text("queries: {}\n")
    saved = save(run(write_sources(SOURCES)), out)
    assert saved.files == []
    conflict = [f for f in saved.findings if f.code == "import-conflict"]
    assert len(conflict) == 1 and conflict[0].pos.file.endswith(existing)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == sorted(
        {existing, "packs", str(Path(existing).parent)}
    )


def test_a_failed_write_leaves_the_directory_as_it_was(
    write_sources: WriteSources, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "inv"
    out.mkdir()
    (out / "keep.txt").write_text("mine\n")
    placed = []

    def failing(staged: Path, final: Path) -> None:
        if placed:
            raise OSError(28, "No space left on device")
        placed.append(final)
        final.write_bytes(staged.read_bytes())

    monkeypatch.setattr(output, "_place", failing)
    with pytest.raises(FleetError, match="nothing was written"):
        save(run(write_sources(SOURCES)), out)
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_a_new_output_directory_is_removed_again_on_failure(
    write_sources: WriteSources, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(staged: Path, final: Path) -> None:
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(output, "_place", failing)
    with pytest.raises(FleetError):
        save(run(write_sources(SOURCES)), tmp_path / "new")
    assert not (tmp_path / "new").exists()


def test_written_yaml_keeps_tabs_and_odd_text_exact(
    write_sources: WriteSources, tmp_path: Path
) -> None:
    sql = "SELECT\n\tname -- a: b #c\nFROM processes\n"
    root = write_sources(
        {
            "kit/x/tabbed.sql": "-- Tabs\n-- interval: 60\n-- platform: no\n"
            "-- version: 5.10\n" + sql,
        }
    )
    out = tmp_path / "out"
    save(run(root), out)
    text = (out / "packs/x/x.yml").read_text()
    assert "query: |\n" in text
    query = load_inventory(out).packs["x"].queries["tabbed"]
    assert query.sql.text == sql.rstrip("\n")
    assert (query.platform, query.version) == ("no", "5.10")


def test_settings_alone_make_a_loadable_inventory(
    write_sources: WriteSources, tmp_path: Path
) -> None:
    root = write_sources({"osquery.flags": "--verbose=true\n"})
    out = tmp_path / "out"
    assert save(run(root), out).files == ["fleet.yml", "packs/README.md"]
    assert load_inventory(out).findings == []


def test_the_output_inside_a_source_is_not_read_back(
    write_sources: WriteSources,
) -> None:
    root = write_sources(SOURCES)
    out = root / "inventory"
    save(import_sources([root], skip=out), out)
    again = import_sources([root], skip=out)
    assert [f.code for f in again.findings if f.code == "import-unknown-file"] == []
    assert len(again.files) == 2
