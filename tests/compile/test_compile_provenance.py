"""manifest.json's ``commit`` and ``dirty``, from the files the loader read against a
real git repository, through the real command line."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fleet.cli import app
from tests.conftest import WriteInventory

EXTRA = """\
queries:
  extra_q:
    query: SELECT name FROM processes
    interval: 300
"""


def git(inv: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(inv), "-c", "user.name=t", "-c", "user.email=t@t", *args],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def compile_manifest(inv: Path, out: Path) -> dict[str, object]:
    result = CliRunner().invoke(app, ["compile", "-i", str(inv), "-o", str(out)])
    assert result.exit_code == 0, result.output
    inventory = json.loads((out / "manifest.json").read_bytes())["inventory"]
    assert isinstance(inventory, dict)
    return inventory


@pytest.fixture
def repo(write_inventory: WriteInventory) -> Path:
    """An inventory committed in its own repository; build/ is ignored."""
    inv = write_inventory()
    (inv / ".gitignore").write_text("build/\n")
    git(inv, "init", "-q")
    git(inv, "add", ".")
    git(inv, "commit", "-qm", "inventory")
    return inv


def test_a_clean_checkout_is_not_dirty(repo: Path) -> None:
    inventory = compile_manifest(repo, repo / "build")
    assert inventory["commit"] == git(repo, "rev-parse", "HEAD")
    assert inventory["dirty"] is False


def test_an_ignored_pack_that_is_compiled_makes_it_dirty(repo: Path) -> None:
    """The pack is in the artifacts but in no commit."""
    (repo / ".gitignore").write_text("build/\npacks/g/extra.yml\n")
    git(repo, "commit", "-qam", "ignore extra.yml")
    (repo / "packs/g/extra.yml").write_text(EXTRA)
    assert git(repo, "status", "--porcelain") == ""  # git itself sees nothing

    inventory = compile_manifest(repo, repo / "build")
    assert inventory["dirty"] is True
    conf = json.loads((repo / "build/t/osquery.conf").read_bytes())
    assert "extra_q" in conf["packs"]["extra"]["queries"]


def test_an_ignored_fleet_yml_makes_it_dirty(repo: Path) -> None:
    git(repo, "rm", "-q", "--cached", "fleet.yml")
    (repo / ".gitignore").write_text("build/\nfleet.yml\n")
    git(repo, "commit", "-qam", "stop tracking fleet.yml")
    assert compile_manifest(repo, repo / "build")["dirty"] is True


def test_an_untracked_pack_makes_it_dirty(repo: Path) -> None:
    (repo / "packs/g/extra.yml").write_text(EXTRA)
    assert compile_manifest(repo, repo / "build")["dirty"] is True


def test_a_modified_pack_makes_it_dirty(repo: Path) -> None:
    path = repo / "packs/g/p.yml"
    path.write_text(path.read_text().replace("60", "120"))
    assert compile_manifest(repo, repo / "build")["dirty"] is True


def test_an_ignored_file_the_loader_does_not_read_leaves_it_clean(repo: Path) -> None:
    (repo / ".gitignore").write_text("build/\n*.swp\n")
    git(repo, "commit", "-qam", "ignore editor files")
    (repo / "packs/g/.p.yml.swp").write_bytes(b"\0binary")
    assert compile_manifest(repo, repo / "build")["dirty"] is False


def test_an_inventory_in_a_subdirectory_of_its_repository(
    write_inventory: WriteInventory, tmp_path: Path
) -> None:
    inv = write_inventory()
    git(tmp_path, "init", "-q")
    (tmp_path / ".gitignore").write_text("inv/packs/g/extra.yml\nout/\n")
    git(tmp_path, "add", ".gitignore", "inv")
    git(tmp_path, "commit", "-qm", "inventory")
    (tmp_path / "out").mkdir()
    assert compile_manifest(inv, tmp_path / "out" / "b")["dirty"] is False

    (inv / "packs/g/extra.yml").write_text(EXTRA)
    assert compile_manifest(inv, tmp_path / "out" / "b")["dirty"] is True


def test_a_pack_in_a_linked_group_is_tracked_where_the_link_points(
    write_inventory: WriteInventory,
) -> None:
    """packs/g links to groups/g, both committed: clean. The same with the
    directory it points to ignored: dirty."""
    inv = write_inventory(files={})
    (inv / "groups/g").mkdir(parents=True)
    (inv / "groups/g/p.yml").write_text(EXTRA)
    (inv / "groups/g/README.md").write_text("# runbook\n")
    (inv / "packs").mkdir()
    (inv / "packs/g").symlink_to("../groups/g")
    (inv / ".gitignore").write_text("build/\n")
    git(inv, "init", "-q")
    git(inv, "add", ".")
    git(inv, "commit", "-qm", "inventory")
    assert compile_manifest(inv, inv / "build")["dirty"] is False
    assert (inv / "build/t/osquery.conf").read_text().count("extra_q") == 1

    git(inv, "rm", "-q", "--cached", "groups/g/p.yml")
    (inv / ".gitignore").write_text("build/\ngroups/g/p.yml\n")
    git(inv, "commit", "-qam", "ignore the pack behind the link")
    assert compile_manifest(inv, inv / "build")["dirty"] is True


def test_an_ignored_link_to_a_tracked_group_makes_it_dirty(
    write_inventory: WriteInventory,
) -> None:
    """The pack's text is committed, but not the link that puts it in packs/."""
    inv = write_inventory(files={})
    (inv / "groups/g").mkdir(parents=True)
    (inv / "groups/g/p.yml").write_text(EXTRA)
    (inv / "packs").mkdir()
    (inv / "packs/keep.txt").write_text("")
    (inv / ".gitignore").write_text("build/\npacks/g\n")
    git(inv, "init", "-q")
    git(inv, "add", ".")
    git(inv, "commit", "-qm", "inventory")
    (inv / "packs/g").symlink_to("../groups/g")
    assert git(inv, "status", "--porcelain") == ""
    assert compile_manifest(inv, inv / "build")["dirty"] is True
