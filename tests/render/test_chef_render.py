"""The Chef renderer in Python: which files, which bytes, and what it refuses."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from fleet.errors import FleetError
from fleet.outdir import read_tree
from fleet.render.base import renderer_for
from fleet.render.chef import ChefRenderer
from tests.render.chef_eval import harness
from tests.render.chef_eval.inventories import HOSTILE, TARGETS, write_inventory

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "chef"


def render(
    tmp_path: Path, scenario: str, validated: bool = True, **changes: object
) -> harness.Rendered:
    target = {**TARGETS[scenario], **changes}
    inventory = write_inventory(tmp_path / "inv", scenario, target)
    return harness.render(inventory, tmp_path / "out", validated)


def validation_errors(tmp_path: Path, scenario: str, **changes: object) -> list[str]:
    target = {**TARGETS[scenario], **changes}
    return harness.validation_errors(
        write_inventory(tmp_path / "inv", scenario, target)
    )


def test_renderer_is_registered_for_chef():
    assert isinstance(renderer_for("chef"), ChefRenderer)


def test_cookbook_layout(tmp_path):
    rendered = render(tmp_path, "external_posix")
    assert sorted(rendered.files) == [
        ".fleet-manifest.json",
        ".rubocop.yml",
        "README.md",
        "attributes/default.rb",
        "chefignore",
        "files/default/osquery.conf",
        "files/default/osquery.darwin.flags",
        "files/default/osquery.linux.flags",
        "files/default/packs/db-audit.conf",
        "files/default/packs/web.conf",
        "metadata.rb",
        "recipes/config.rb",
        "recipes/default.rb",
        "recipes/install.rb",
        "recipes/service.rb",
        "templates/default/osqueryd.env.erb",
    ]


def test_windows_only_cookbook_has_no_linux_template(tmp_path):
    rendered = render(tmp_path, "external_windows")
    assert not [p for p in rendered.files if p.startswith("templates/")]
    assert "files/default/osquery.windows.flags" in rendered.files


@pytest.mark.parametrize("scenario", sorted(TARGETS))
def test_static_files_are_the_compiled_bytes(tmp_path, scenario):
    rendered = render(tmp_path, scenario)
    shipped = {
        p.removeprefix("files/default/"): data
        for p, data in rendered.files.items()
        if p.startswith("files/default/")
    }
    assert shipped == rendered.compiled.files


def test_rendering_is_deterministic(tmp_path):
    first = render(tmp_path / "a", "inline").files
    second = render(tmp_path / "b", "inline").files
    assert first == second


@pytest.mark.parametrize("scenario", sorted(TARGETS))
def test_text_files_end_with_one_newline(tmp_path, scenario):
    for path, data in render(tmp_path, scenario).files.items():
        if path.startswith("files/"):
            continue  # compile's bytes as they are: an empty flag file is empty
        text = data.decode("utf-8")
        assert text.endswith("\n") and not text.endswith("\n\n"), path
        assert "\r" not in text, path


def test_manifest_lists_every_file_and_no_commit(tmp_path):
    rendered = render(tmp_path, "inline")
    manifest = json.loads(rendered.files[".fleet-manifest.json"])
    assert set(manifest) == {
        "generator",
        "fleet_version",
        "cookbook",
        "target",
        "inventory",
        "config_hash",
        "files",
    }
    assert manifest["inventory"]["version"] == "1.4.0"
    assert len(manifest["inventory"]["digest"]) == 64
    assert manifest["files"] == {
        path: {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for path, data in sorted(rendered.files.items())
        if path != ".fleet-manifest.json"
    }


def test_erb_template_holds_no_inventory_text(tmp_path):
    rendered = render(tmp_path, "inline")
    erb = rendered.files["templates/default/osqueryd.env.erb"]
    assert erb == (TEMPLATES / "templates/default/osqueryd.env.erb.j2").read_bytes()


def test_hostile_text_reaches_ruby_only_single_quoted(tmp_path):
    rendered = render(tmp_path, "inline")
    escaped = HOSTILE.replace("\\", "\\\\").replace("'", "\\'")
    metadata = rendered.files["metadata.rb"].decode()
    assert f"\ndescription '{escaped}'\n" in metadata
    for path, data in rendered.files.items():
        if path.endswith(".rb") and path != "metadata.rb":
            assert "system(" not in data.decode(), path


@pytest.mark.parametrize(
    ("platforms", "packs_dir"),
    [
        (["linux"], "/etc/osquery"),
        (["linux"], "/etc"),
        (["linux"], "/"),
        (["darwin"], "/var"),
        (["windows"], "C:\\Program Files\\osquery"),
        (["windows"], "C:\\PROGRAM FILES\\OSQUERY\\"),
        (["windows"], "C:\\packs"),
    ],
)
def test_a_packs_dir_the_clean_up_would_wreck_is_refused(
    tmp_path, platforms, packs_dir
):
    """fleet validate reports it first; the renderer refuses it even unvalidated."""
    changes = {"platforms": platforms, "packs_dir": packs_dir}
    assert "pack-mode" in validation_errors(tmp_path, "external_windows", **changes)
    with pytest.raises(
        FleetError, match="cannot be the packs directory of the Chef cookbook"
    ):
        render(tmp_path, "external_windows", validated=False, **changes)


def test_an_unpinned_package_is_refused(tmp_path):
    deploy = {"tool": "chef", "name": "osquery_fleet"}
    assert "deploy-package" in validation_errors(tmp_path, "inline", deploy=deploy)
    with pytest.raises(FleetError, match="pins no osquery version"):
        render(tmp_path, "inline", validated=False, deploy=deploy)


def test_cli_render_chef_writes_the_cookbook(tmp_path):
    inventory = write_inventory(tmp_path / "inv", "inline")
    out = tmp_path / "chef"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "fleet",
            "render",
            "chef",
            "-i",
            str(inventory),
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.returncode == 0, proc.stderr
    expected = render(tmp_path / "direct", "inline").files
    assert read_tree(out) == {
        f"osquery_fleet/{p}": data for p, data in expected.items()
    }
