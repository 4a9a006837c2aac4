"""Real ``puppet apply`` runs of rendered modules into a temporary root.

Puppet's state directories live in the test's tmp_path; the module's files go to a
``config_dir`` under tmp_path; package and service are not managed (no osquery
here), and ``restart_command`` appends a line to a log so restarts can be counted.
Each apply costs three to seven seconds, so the lifecycle is one test.
"""

from __future__ import annotations

import re
import stat
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from fleet.compile.config import CompiledTarget
from fleet.render.quoting import hiera_str, puppet_str
from tests.conftest import CORPUS
from tests.render.conftest import HOSTILE_DIR, Puppet, RenderedModule, RenderPuppet, Run

pytestmark = pytest.mark.puppet

REPO = Path(__file__).resolve().parents[2]
SECRET = "s3cr3t-'enroll'-value"
JSON_CHECK = "/usr/bin/ruby -rjson -e 'JSON.parse(File.read(ARGV[0]))' %"
RESTART = "Exec[{name}-restart]: Triggered 'refresh' from 1 event"

IMPORTED_SERVERS = """\
  servers:
    platforms: [linux]
    deploy: {tool: puppet, name: corpus, author: fleet, package_version: "5.12.1"}
    packs: ['*']
    pack_mode: external
    enroll_secret: true
    flags: {config_plugin: filesystem}
"""

Tree = dict[str, tuple[int, bytes | None]]


def deployed(config_dir: Path, packs_dir: Path | None) -> Tree:
    """Mode and content of everything under the directories; all owned by root."""
    tree: Tree = {}
    tops = [(config_dir, "")] + ([(packs_dir, "packs")] if packs_dir else [])
    for top, label in tops:
        for path in [top, *top.rglob("*")]:
            rel = path.relative_to(top).as_posix()
            key = "/".join(p for p in (label, rel) if p not in ("", "."))
            if key in tree:
                continue
            info = path.stat()
            assert (info.st_uid, info.st_gid) == (0, 0), key
            content = path.read_bytes() if path.is_file() else None
            tree[key] = (stat.S_IMODE(info.st_mode), content)
    return tree


def expected(compiled: CompiledTarget, secret: str | None) -> Tree:
    tree: Tree = {
        "": (0o750, None),
        "osquery.conf": (0o640, compiled.files["osquery.conf"]),
        "osquery.flags": (0o640, compiled.files["osquery.linux.flags"]),
    }
    packs = {p: d for p, d in compiled.files.items() if p.startswith("packs/")}
    if compiled.target.pack_mode == "external":
        tree["packs"] = (0o750, None)
        tree.update({path: (0o640, data) for path, data in packs.items()})
    if secret is not None:
        tree["enroll_secret"] = (0o600, secret.encode())
    return tree


def write_hiera(directory: Path, values: Mapping[str, object]) -> Path:
    data = directory / "hieradata"
    data.mkdir(parents=True, exist_ok=True)
    (data / "common.yaml").write_text(
        "".join(f"{key}: {hiera_str(value)}\n" for key, value in values.items()),
        encoding="utf-8",
    )
    config = directory / "hiera.yaml"
    config.write_text(
        "version: 5\n"
        f"defaults: {{datadir: {hiera_str(str(data))}, data_hash: yaml_data}}\n"
        "hierarchy: [{name: common, path: common.yaml}]\n",
        encoding="utf-8",
    )
    return config


def state_holds(puppet: Puppet, text: str) -> list[str]:
    """Files under Puppet's state (reports, the file bucket...) that contain text."""
    return [
        str(p)
        for p in puppet.state.rglob("*")
        if p.is_file() and text.encode() in p.read_bytes()
    ]


def restarts(log: Path) -> int:
    return len(log.read_text().splitlines()) if log.exists() else 0


def apply_into_root(module: RenderedModule, puppet: Puppet, tmp_path: Path) -> None:
    """Apply the module with its defaults, moved into tmp_path; check what landed."""
    name = module.compiled.target.deploy.name
    config_dir = tmp_path / "root" / "etc" / "osquery"
    config_dir.parent.mkdir(parents=True)
    packs_dir = config_dir / "packs"
    settings: dict[str, object] = {
        f"{name}::config_dir": str(config_dir),
        f"{name}::manage_package": False,
        f"{name}::manage_service": False,
        f"{name}::validate_cmd": JSON_CHECK,
    }
    if module.compiled.target.pack_mode == "external":
        settings[f"{name}::packs_dir"] = str(packs_dir)
    secret = SECRET if module.compiled.target.enroll_secret else None
    if secret:
        settings[f"{name}::enroll_secret"] = secret
    site = tmp_path / "site.pp"
    site.write_text(f"include {name}\n")

    hiera = write_hiera(tmp_path, settings)
    run = puppet.apply(site, module.dir.parent, f"--hiera_config={hiera}")
    assert run.rc == 2, run.output
    tree = expected(module.compiled, secret)
    assert deployed(config_dir, packs_dir if "packs" in tree else None) == tree


def test_apply_lifecycle(
    servers_inventory: Path, render_puppet: RenderPuppet, puppet: Puppet, tmp_path: Path
) -> None:
    """Apply, reapply (no change), repair hand edits with one restart (K22, K26),
    modes 0640/0600 and no secret in Puppet's output (K23), purge a pack that left
    the inventory (K24), keep the old config when validate_cmd rejects a new one."""
    modules = tmp_path / "modules"
    module = render_puppet(servers_inventory, modules)
    config_dir = tmp_path / "root" / "etc" / "osquery"
    packs_dir = config_dir / "packs"
    config_dir.parent.mkdir(parents=True)
    log = tmp_path / "restarts.log"
    (tmp_path / "restart.sh").write_text(f"#!/bin/sh\necho restart >> '{log}'\n")
    settings: dict[str, object] = {
        "osquery_fleet::config_dir": str(config_dir),
        "osquery_fleet::packs_dir": str(packs_dir),
        "osquery_fleet::manage_package": False,
        "osquery_fleet::manage_service": False,
        "osquery_fleet::validate_cmd": JSON_CHECK,
        "osquery_fleet::restart_command": f"/bin/sh {tmp_path / 'restart.sh'}",
    }
    site = tmp_path / "site.pp"
    site.write_text("include osquery_fleet\n")
    restart = RESTART.format(name="osquery_fleet")

    def apply() -> Run:
        return puppet.apply(
            site, modules, f"--hiera_config={write_hiera(tmp_path, settings)}"
        )

    # Without the secret the catalog fails with the module's message, writing nothing.
    run = apply()
    assert run.rc == 1, run.output
    assert (
        "osquery_fleet::enroll_secret is not set, but the flag file points"
        in run.output
    )
    assert not config_dir.exists()

    # First run: exact bytes and modes, one restart, the secret never printed.
    settings["osquery_fleet::enroll_secret"] = SECRET
    run = apply()
    assert run.rc == 2, run.output
    assert deployed(config_dir, packs_dir) == expected(module.compiled, SECRET)
    assert (run.output.count(restart), restarts(log)) == (1, 1)
    assert SECRET not in run.output

    # Second run: nothing to do, no restart.
    run = apply()
    assert run.rc == 0, run.output
    assert restarts(log) == 1

    # Hand edits on the host are put back, strays deleted, and osqueryd restarts once.
    conf = config_dir / "osquery.conf"
    conf.write_bytes(conf.read_bytes() + b"// hand edit\n")
    conf.chmod(0o644)
    (config_dir / "enroll_secret").write_text("tampered")
    (config_dir / "enroll_secret").chmod(0o644)
    (packs_dir / "web.conf").write_text("{}\n")  # K26: a pack changed, not osquery.conf
    (packs_dir / "stray.conf").write_text("{}\n")
    (packs_dir / "old").mkdir()
    (packs_dir / "old" / "x.conf").write_text("{}\n")
    run = apply()
    assert run.rc == 2, run.output
    assert deployed(config_dir, packs_dir) == expected(module.compiled, SECRET)
    assert (run.output.count(restart), restarts(log)) == (1, 2)
    assert "tampered" not in run.output and SECRET not in run.output
    assert state_holds(puppet, SECRET) == [] and state_holds(puppet, "tampered") == []

    # K24: a pack that left the inventory is deleted on the next run, with one restart.
    (servers_inventory / "packs" / "db" / "db.yml").unlink()
    module = render_puppet(servers_inventory, modules)
    assert "packs/db.conf" not in module.compiled.files
    run = apply()
    assert run.rc == 2, run.output
    assert deployed(config_dir, packs_dir) == expected(module.compiled, SECRET)
    assert (run.output.count(restart), restarts(log)) == (1, 3)

    # A config the validate_cmd rejects is not deployed, and nothing restarts.
    (module.dir / "files" / "osquery.conf").write_text("{ not json\n")
    run = apply()
    assert run.rc == 4, run.output
    assert f"File[{conf}]/content: change from" in run.output
    assert f"failed: Execution of '{JSON_CHECK.removesuffix('%')}{conf}" in run.output
    assert (
        "Exec[osquery_fleet-restart]: Skipping because of failed dependencies"
        in run.output
    )
    assert conf.read_bytes() == module.compiled.files["osquery.conf"]
    assert restarts(log) == 3


def test_hostile_module_applies(
    hostile_inventory: Path, render_puppet: RenderPuppet, puppet: Puppet, tmp_path: Path
) -> None:
    """Free text stays data; the packs directory comes from the module data intact."""
    modules = tmp_path / "modules"
    module = render_puppet(hostile_inventory, modules)
    config_dir = tmp_path / "root" / "etc" / "osquery"
    config_dir.parent.mkdir(parents=True)
    site = tmp_path / "site.pp"
    site.write_text(
        "class { 'hostile':\n"
        f"  config_dir     => {puppet_str(config_dir)},\n"
        "  manage_package => false,\n"
        "  manage_service => false,\n"
        f"  validate_cmd   => {puppet_str(JSON_CHECK)},\n"
        f"  enroll_secret  => Sensitive({puppet_str(SECRET)}),\n"
        "}\n"
    )

    run = puppet.apply(site, modules)
    assert run.rc == 2, run.output
    packs_dir = tmp_path / "root" / HOSTILE_DIR / "packs"
    assert deployed(config_dir, packs_dir) == expected(module.compiled, SECRET)
    assert "pwn" not in run.output


def test_repository_module(
    render_puppet: RenderPuppet, puppet: Puppet, tmp_path: Path
) -> None:
    """The module rendered from the repository's own inventory (fleet.yml + packs/)."""
    assert (REPO / "fleet.yml").is_file(), f"{REPO / 'fleet.yml'} is not written yet"
    module = render_puppet(REPO, tmp_path / "modules")
    name = module.compiled.target.deploy.name
    puppet.check_module(module.dir, tmp_path / "scratch")

    # As shipped, with the module's own defaults: a no-op run shows what it would do.
    secret = {f"{name}::enroll_secret": SECRET}
    site = tmp_path / "noop.pp"
    site.write_text(
        f'include {name}\nnotice("validate_cmd=${{{name}::validate_cmd}}")\n'
    )
    hiera = write_hiera(tmp_path / "noop", secret)
    run = puppet.apply(site, module.dir.parent, "--noop", f"--hiera_config={hiera}")
    assert run.rc == 0, run.output
    version = re.escape(f"{module.compiled.target.deploy.package_version}-1.linux")
    would = r"/ensure: current_value '\w+', should be '{}' \(noop\)"
    assert re.search(r"Package\[osquery\]" + would.format(version), run.output)
    assert re.search(r"Service\[osqueryd\]" + would.format("running"), run.output)
    validate = "validate_cmd=/opt/osquery/bin/osqueryi --config_path % --config_check"
    assert validate in run.output

    apply_into_root(module, puppet, tmp_path)


def test_imported_corpus_module(
    render_puppet: RenderPuppet, puppet: Puppet, tmp_path: Path
) -> None:
    """Real-world packs through 'fleet import', given a Puppet target, then applied."""
    inventory = tmp_path / "imported"
    done = subprocess.run(
        [sys.executable, "-m", "fleet", "import", str(CORPUS / "osquery-packs"),
         "--out", str(inventory)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    with (inventory / "fleet.yml").open("a", encoding="utf-8") as root:
        root.write(IMPORTED_SERVERS)
    module = render_puppet(inventory, tmp_path / "modules")
    assert len(module.compiled.packs) > 3

    puppet.check_module(module.dir, tmp_path / "scratch")
    apply_into_root(module, puppet, tmp_path)
