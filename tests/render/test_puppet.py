"""The rendered Puppet module as files: layout, bytes, data, docs; no Puppet needed.

The same modules go through Puppet's own tools in test_puppet_tools.py and are
really applied in test_puppet_apply.py.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import yaml

from fleet.errors import FleetError
from fleet.render.base import renderer_for
from fleet.render.puppet import renderer
from tests.conftest import WriteInventory
from tests.render.conftest import (
    DB_PACK,
    HOSTILE,
    HOSTILE_DIR_MARKERS,
    HOSTILE_MARKERS,
    SERVERS,
    WEB_PACK,
    RenderPuppet,
)

SERVER_FILES = [
    ".fleet-manifest.json",
    "README.md",
    "REFERENCE.md",
    "data/common.yaml",
    "files/osquery.conf",
    "files/osquery.flags",
    "files/packs/db.conf",
    "files/packs/web.conf",
    "hiera.yaml",
    "manifests/config.pp",
    "manifests/init.pp",
    "manifests/install.pp",
    "manifests/service.pp",
    "metadata.json",
]


def test_registered_for_puppet() -> None:
    assert renderer_for("puppet") is renderer


def test_module_layout_and_static_bytes(
    servers_inventory: Path, render_puppet: RenderPuppet, tmp_path: Path
) -> None:
    module = render_puppet(servers_inventory, tmp_path / "out")
    compiled = module.compiled.files

    assert sorted(module.files) == SERVER_FILES
    assert module.dir == tmp_path / "out" / "osquery_fleet"
    assert module.files["files/osquery.conf"] == compiled["osquery.conf"]
    assert module.files["files/osquery.flags"] == compiled["osquery.linux.flags"]
    assert module.files["files/packs/web.conf"] == compiled["packs/web.conf"]
    assert module.files["files/packs/db.conf"] == compiled["packs/db.conf"]
    for path, data in module.files.items():
        assert data.endswith(b"\n"), path
        data.decode("utf-8")


def test_render_is_byte_stable(
    servers_inventory: Path, render_puppet: RenderPuppet, tmp_path: Path
) -> None:
    first = render_puppet(servers_inventory, tmp_path / "a")
    second = render_puppet(servers_inventory, tmp_path / "b")
    assert first.files == second.files


def test_metadata(
    servers_inventory: Path, render_puppet: RenderPuppet, tmp_path: Path
) -> None:
    module = render_puppet(servers_inventory, tmp_path / "out")
    metadata = json.loads(module.files["metadata.json"])
    assert metadata["name"] == "fleet-osquery_fleet"
    assert metadata["version"] == "1.2.0"
    assert metadata["author"] == "fleet"
    assert metadata["license"] == "Apache-2.0"
    assert metadata["dependencies"] == [
        {"name": "puppetlabs/stdlib", "version_requirement": ">= 8.0.0 < 10.0.0"}
    ]
    assert metadata["requirements"] == [
        {"name": "puppet", "version_requirement": ">= 7.0.0 < 9.0.0"}
    ]
    systems = {s["operatingsystem"] for s in metadata["operatingsystem_support"]}
    assert {"Debian", "Ubuntu", "RedHat", "CentOS"} <= systems


def test_module_data(
    servers_inventory: Path, render_puppet: RenderPuppet, tmp_path: Path
) -> None:
    module = render_puppet(servers_inventory, tmp_path / "out")
    assert yaml.safe_load(module.files["data/common.yaml"]) == {
        "lookup_options": {"osquery_fleet::enroll_secret": {"convert_to": "Sensitive"}},
        "osquery_fleet::package_version": "5.12.1-1.linux",
        "osquery_fleet::config_dir": "/etc/osquery",
        "osquery_fleet::packs_dir": "/etc/osquery/packs",
        "osquery_fleet::manage_package": True,
        "osquery_fleet::manage_service": True,
        "osquery_fleet::service_name": "osqueryd",
        # Hiera would read a bare % as the start of an interpolation.
        "osquery_fleet::validate_cmd": (
            "/opt/osquery/bin/osqueryi --config_path %{literal('%')} --config_check"
        ),
    }
    hiera = yaml.safe_load(module.files["hiera.yaml"])
    assert hiera["version"] == 5
    assert hiera["hierarchy"] == [{"name": "common", "path": "common.yaml"}]


def test_manifests_wire_the_classes(
    servers_inventory: Path, render_puppet: RenderPuppet, tmp_path: Path
) -> None:
    module = render_puppet(servers_inventory, tmp_path / "out")
    init = module.files["manifests/init.pp"].decode()
    config = module.files["manifests/config.pp"].decode()

    assert "class osquery_fleet (\n" in init
    assert (
        "  Class['osquery_fleet::install']\n"
        "  -> Class['osquery_fleet::config']\n"
        "  ~> Class['osquery_fleet::service']\n"
    ) in init
    assert "  Optional[Sensitive[String[1]]] $enroll_secret = undef,\n" in init
    assert "  $packs = [\n    'db',\n    'web',\n  ]\n" in config
    assert (
        "    recurse => true,\n    purge   => true,\n    force   => true,\n" in config
    )
    for name in ("install", "config", "service"):
        text = module.files[f"manifests/{name}.pp"].decode()
        assert f"class osquery_fleet::{name} {{\n  assert_private()\n" in text
        assert "# @api private\n" in text


def test_parameters_follow_the_target(
    write_inventory: WriteInventory, render_puppet: RenderPuppet, tmp_path: Path
) -> None:
    """Inline packs and no secret: no packs directory, no secret, no lookup options."""
    root = SERVERS.replace("pack_mode: external", "pack_mode: inline").replace(
        "enroll_secret: true", "enroll_secret: false"
    )
    inventory = write_inventory(root=root, files={"packs/web/web.yml": WEB_PACK})
    module = render_puppet(inventory, tmp_path / "out")

    assert not [p for p in module.files if p.startswith("files/packs/")]
    init = module.files["manifests/init.pp"].decode()
    config = module.files["manifests/config.pp"].decode()
    for text in (init, config, module.files["data/common.yaml"].decode()):
        assert "packs_dir" not in text
        assert "enroll_secret" not in text
    assert "lookup_options" not in module.files["data/common.yaml"].decode()
    assert "recurse" not in config


def test_readme_and_manifest(
    servers_inventory: Path, render_puppet: RenderPuppet, tmp_path: Path
) -> None:
    module = render_puppet(servers_inventory, tmp_path / "out")
    readme = module.files["README.md"].decode()
    manifest = json.loads(module.files[".fleet-manifest.json"])

    assert "| `db` | `users` | 600 | linux |\n" in readme
    assert "| `web` | `listening` | 300 |  |\n" in readme
    assert f"- inventory digest: `{manifest['inventory']['digest']}`\n" in readme
    assert manifest["module"] == "fleet-osquery_fleet"
    assert manifest["inventory"]["version"] == "1.2.0"
    assert "commit" not in json.dumps(manifest)
    assert set(manifest["files"]) == set(SERVER_FILES) - {".fleet-manifest.json"}
    for path, entry in manifest["files"].items():
        data = module.files[path]
        assert entry == {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def test_hostile_text_stays_in_the_static_files(
    hostile_inventory: Path, render_puppet: RenderPuppet, tmp_path: Path
) -> None:
    module = render_puppet(hostile_inventory, tmp_path / "out")
    description = json.dumps(HOSTILE, ensure_ascii=False)[1:-1]
    sql = json.dumps(
        "SELECT '" + HOSTILE.replace("'", "''") + "' AS note", ensure_ascii=False
    )

    holders = {p for p, data in module.files.items() if description in data.decode()}
    assert holders == {"files/packs/odd-pack_1.conf"}
    holders = {p for p, data in module.files.items() if sql in data.decode()}
    assert holders == {"files/osquery.conf"}
    for marker in HOSTILE_MARKERS:
        holders = {p for p, data in module.files.items() if marker in data.decode()}
        assert holders <= {
            "files/osquery.conf",
            "files/osquery.flags",
            "files/packs/odd-pack_1.conf",
        }, marker
    # The packs directory is data: in osquery.conf and the module data, escaped there.
    for marker in HOSTILE_DIR_MARKERS:
        holders = {p for p, data in module.files.items() if marker in data.decode()}
        assert holders <= {"files/osquery.conf", "data/common.yaml"}, marker
    data = yaml.safe_load(module.files["data/common.yaml"])
    packs_dir = json.loads(module.files["files/osquery.conf"])["packs"]["odd-pack_1"]
    assert (
        data["hostile::packs_dir"].replace("%{literal('%')}", "%")
        + ("/odd-pack_1.conf")
        == packs_dir
    )
    assert (
        "  $packs = [\n    'odd-pack_1',\n  ]\n"
        in module.files["manifests/config.pp"].decode()
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("name: osquery_fleet", "name: node", "'node' cannot name a Puppet module"),
        (', package_version: "5.12.1"', "", "pins no osquery version"),
        (
            "pack_mode: external",
            "pack_mode: external\n    packs_dir: /etc",
            "packs_dir '/etc' cannot be the packs directory",
        ),
        (
            "pack_mode: external",
            "pack_mode: external\n    packs_dir: /etc/osquery/",
            "packs_dir '/etc/osquery/' cannot be the packs directory",
        ),
        (
            "pack_mode: external",
            "pack_mode: external\n    packs_dir: /opt/osquery/share/osquery/packs",
            "packs_dir '/opt/osquery/share/osquery/packs' cannot be the packs",
        ),
    ],
)
def test_refuses_what_cannot_make_a_safe_module(
    write_inventory: WriteInventory,
    render_puppet: RenderPuppet,
    tmp_path: Path,
    old: str,
    new: str,
    message: str,
) -> None:
    root = SERVERS.replace(old, new, 1)
    assert root != SERVERS
    inventory = write_inventory(root=root, files={"packs/db/db.yml": DB_PACK})
    with pytest.raises(FleetError, match=message):
        render_puppet(inventory, tmp_path / "out")
    assert not (tmp_path / "out").exists()
