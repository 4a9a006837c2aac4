"""Links in an inventory: followed inside it, reported (never skipped) otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from fleet.load.inventory import load_inventory
from tests.conftest import BASE_PACK, WriteInventory


def findings(inv: Path) -> list[tuple[str, str, int, int, str]]:
    return sorted(
        (f.code, f.pos.file, f.pos.line, f.pos.column, f.message)
        for f in load_inventory(inv).findings
    )


def test_group_directory_links(
    write_inventory: WriteInventory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A linked group inside the inventory is read; one outside it, one that points
    at nothing, and one back into packs/ each get a finding saying why not."""
    inv = write_inventory(
        files={"packs/g/p.yml": BASE_PACK, "shared/web/web.yml": BASE_PACK}
    )
    (inv / "shared" / "web" / "README.md").write_text("# web\n", encoding="utf-8")
    (tmp_path / "away").mkdir()
    (tmp_path / "away" / "secret.yml").write_text(BASE_PACK, encoding="utf-8")
    packs = inv / "packs"
    (packs / "web").symlink_to(inv / "shared" / "web")
    (packs / "away").symlink_to(tmp_path / "away")
    (packs / "gone").symlink_to("/nonexistent/fleet-test-group")
    (packs / "g" / "loop").symlink_to(packs)
    monkeypatch.chdir(inv)

    assert findings(inv) == [
        (
            "pack-location",
            "packs/away",
            1,
            1,
            "the directory is a link to a place outside the inventory; fleet does "
            "not read it",
        ),
        (
            "pack-location",
            "packs/g/loop",
            1,
            1,
            "the directory is a link back to a directory that holds it; fleet does "
            "not follow it",
        ),
        (
            "unreadable",
            "packs/gone",
            1,
            1,
            "the link is dangling: nothing exists where it points",
        ),
    ]
    inventory = load_inventory(Path("."))
    assert sorted(inventory.packs) == ["p", "web"]
    assert inventory.packs["web"].file == "packs/web/web.yml"
    assert inventory.packs["web"].group == "web"


def test_a_dangling_pack_link_is_called_dangling_not_outside(
    write_inventory: WriteInventory, monkeypatch: pytest.MonkeyPatch
) -> None:
    inv = write_inventory()
    (inv / "packs" / "g" / "abs.yml").symlink_to("/nonexistent/fleet-test.yml")
    (inv / "packs" / "g" / "rel.yml").symlink_to("missing.yml")
    monkeypatch.chdir(inv)
    dangling = "the link is dangling: nothing exists where it points"
    assert findings(inv) == [
        ("unreadable", "packs/g/abs.yml", 1, 1, dangling),
        ("unreadable", "packs/g/rel.yml", 1, 1, dangling),
    ]


def test_a_dangling_fleet_yml_is_a_finding_at_it(
    write_inventory: WriteInventory, monkeypatch: pytest.MonkeyPatch
) -> None:
    inv = write_inventory()
    (inv / "fleet.yml").unlink()
    (inv / "fleet.yml").symlink_to("/nonexistent/fleet.yml")
    monkeypatch.chdir(inv)
    assert findings(inv) == [
        (
            "unreadable",
            "fleet.yml",
            1,
            1,
            "the link is dangling: nothing exists where it points",
        )
    ]
