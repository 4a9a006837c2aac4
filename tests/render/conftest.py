"""Fixtures for the render tests.

Puppet: ``render_puppet`` renders an inventory's Puppet module the way
``fleet render puppet`` lays it out, and ``puppet`` runs the real Puppet tools with
Puppet's own state (confdir, vardir, ...) isolated in the test's temporary
directory. A missing tool fails the test with the package to install; it never skips.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from fleet.compile.config import CompiledTarget, compile_inventory
from fleet.compile.manifest import inventory_digest
from fleet.findings import Severity
from fleet.load.inventory import load_inventory
from fleet.outdir import write_tree
from fleet.render.base import RenderInput
from fleet.render.puppet import renderer
from fleet.render.run import targets_for
from fleet.render.templating import template_dirs
from tests.conftest import WriteInventory

STDLIB = Path("/usr/share/puppet/modules")
PUPPET_PACKAGES = {
    "puppet": "puppet-agent",
    "puppet-lint": "puppet-lint",
    "metadata-json-lint": "metadata-json-lint",
    "ruby": "ruby",
}
FACTER_NOISE = re.compile(r"^Error: Facter: Permission denied.*\n", re.MULTILINE)


# A server target: external packs, an enroll secret, options and flags.
SERVERS = """\
version: "1.2.0"
osquery_version: "5.12.1"
targets:
  servers:
    description: Linux servers
    platforms: [linux]
    deploy:
      {tool: puppet, name: osquery_fleet, author: fleet, package_version: "5.12.1"}
    packs: ['*']
    pack_mode: external
    enroll_secret: true
    options:
      schedule_splay_percent: 10
    flags:
      config_plugin: filesystem
      logger_plugin: filesystem
"""
WEB_PACK = """\
description: Web servers
queries:
  listening:
    query: SELECT pid, port FROM listening_ports
    interval: 300
"""
DB_PACK = """\
queries:
  users:
    query: SELECT uid, username FROM users
    interval: 600
    platform: linux
"""
# Text that must stay data: quotes, backslashes, Puppet/Ruby/Hiera interpolation,
# a comment that would end a line of code, a line break, non-ASCII.
HOSTILE = (
    'it\'s \\ ${::osfamily} #{x} %{facts.os.family} "dq"\n'
    "'; exec { 'pwn': command => '/bin/touch /tmp/pwned' } # ünï ☃"
)
HOSTILE_MARKERS = ("${::osfamily}", "#{x}", "%{facts.os.family}", "pwn", "☃")
# A packs directory named with the same kinds of text. (Line breaks of any kind, the
# Unicode LINE and PARAGRAPH SEPARATOR included, are refused when the inventory loads:
# control-character.)
HOSTILE_DIR = "o'q \\ ${p} #{p} %{p} ü"
HOSTILE_DIR_MARKERS = ("${p}", "#{p}", "%{p}")


def hostile_root(packs_dir: Path) -> str:
    """fleet.yml of a Puppet target whose free text is all hostile (JSON is YAML)."""
    text = json.dumps(HOSTILE, ensure_ascii=False)
    sql = json.dumps(
        "SELECT '" + HOSTILE.replace("'", "''") + "' AS note", ensure_ascii=False
    )
    path = "/srv/" + HOSTILE.replace("\n", " ") + "/%%"
    return f"""\
version: "3.0.1"
targets:
  servers:
    description: {text}
    platforms: [linux]
    deploy: {{tool: puppet, name: hostile, author: fleet, package_version: "5.12.1"}}
    packs: ['*']
    pack_mode: external
    packs_dir: {json.dumps(str(packs_dir))}
    enroll_secret: true
    flags:
      config_plugin: filesystem
      tls_hostname: {json.dumps("fleet.example${::fqdn}#{x}'q")}
    decorators:
      load: [{sql}]
    file_paths:
      hostile: [{json.dumps(path, ensure_ascii=False)}]
"""


def hostile_pack() -> str:
    text = json.dumps(HOSTILE, ensure_ascii=False)
    return f"""\
description: {text}
queries:
  odd-name_1:
    query: SELECT pid FROM processes
    interval: 60
    description: {text}
"""


@pytest.fixture
def servers_inventory(write_inventory: WriteInventory) -> Path:
    return write_inventory(
        root=SERVERS, files={"packs/web/web.yml": WEB_PACK, "packs/db/db.yml": DB_PACK}
    )


@pytest.fixture
def hostile_inventory(write_inventory: WriteInventory, tmp_path: Path) -> Path:
    """Packs go to ``tmp_path/root/<hostile name>/packs``: the module's data default."""
    (tmp_path / "root" / HOSTILE_DIR).mkdir(parents=True)
    return write_inventory(
        root=hostile_root(tmp_path / "root" / HOSTILE_DIR / "packs"),
        files={"packs/g/odd-pack_1.yml": hostile_pack()},
    )


@dataclass(frozen=True)
class RenderedModule:
    dir: Path  # <out>/<module name>
    compiled: CompiledTarget
    files: dict[str, bytes]  # relative to the module directory


RenderPuppet = Callable[[Path, Path], RenderedModule]


@pytest.fixture
def render_puppet() -> RenderPuppet:
    """Render the Puppet target of ``inventory`` into ``out/<name>`` (out replaced)."""

    def render(inventory_dir: Path, out: Path) -> RenderedModule:
        inventory = load_inventory(inventory_dir)
        errors = [
            f.as_text() for f in inventory.findings if f.severity is Severity.ERROR
        ]
        assert not errors, "\n".join(errors)
        compiled = compile_inventory(inventory)
        (name,) = targets_for(inventory, "puppet")
        given = RenderInput(
            inventory,
            compiled[name],
            template_dirs("puppet"),
            inventory_digest(compiled),
        )
        files = renderer.render(given)
        module = inventory.targets[name].deploy.name
        write_tree(out, {f"{module}/{path}": data for path, data in files.items()})
        return RenderedModule(out / module, compiled[name], files)

    return render


@dataclass(frozen=True)
class Run:
    rc: int
    output: str  # stdout and stderr, without Facter's sandbox noise


class Puppet:
    """The Puppet command-line tools, with every state directory under ``state``."""

    def __init__(self, state: Path) -> None:
        self.state = state

    def run(self, *args: str | Path, cwd: Path | None = None) -> Run:
        tool = str(args[0])
        if shutil.which(tool) is None:
            pytest.fail(
                f"'{tool}' is not installed: apt-get install {PUPPET_PACKAGES[tool]}",
                pytrace=False,
            )
        # Tools read $PWD, not just the working directory: puppet-lint's autoloader
        # check reports every class as misplaced when they disagree.
        env = {**os.environ, "PWD": str(cwd)} if cwd else None
        done = subprocess.run(
            [str(a) for a in args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        return Run(done.returncode, FACTER_NOISE.sub("", done.stdout + done.stderr))

    def isolated(self) -> list[str]:
        return [
            f"--{name}={self.state / name}"
            for name in ("confdir", "vardir", "codedir", "logdir", "rundir")
        ]

    def check_module(self, module: Path, scratch: Path) -> None:
        """Puppet's own static checks, each asserted to pass, on a rendered module."""
        manifests = sorted(str(p) for p in (module / "manifests").glob("*.pp"))
        checks = [
            (module, ["puppet", "parser", "validate", "--color=false", *manifests]),
            (module, ["puppet-lint", "--fail-on-warnings", "."]),
            (
                module,
                [
                    "metadata-json-lint",
                    "--strict-license",
                    "--strict-dependencies",
                    "metadata.json",
                ],
            ),
        ]
        for cwd, args in checks:
            done = self.run(*args, cwd=cwd)
            assert (done.rc, done.output) == (0, ""), (
                f"{args[0]} failed:\n{done.output}"
            )

        # puppet-strings leaves .yardoc/ in its working directory: run it on a copy.
        copy = scratch / module.name
        shutil.copytree(module, copy)
        done = self.run(
            "puppet",
            "strings",
            "generate",
            "--format",
            "markdown",
            "--out",
            scratch / "REFERENCE.md",
            cwd=copy,
        )
        if "Unknown Puppet subcommand 'strings'" in done.output:
            pytest.fail(
                "'puppet strings' is not installed: apt-get install puppet-strings",
                pytrace=False,
            )
        assert done.rc == 0, done.output
        assert "100.00% documented" in done.output
        generated = (scratch / "REFERENCE.md").read_text(encoding="utf-8")
        assert (module / "REFERENCE.md").read_text(encoding="utf-8") == generated

    def apply(self, manifest: Path, modules: Path, *extra: str | Path) -> Run:
        """``puppet apply --detailed-exitcodes``: 0 no change, 2 changes, 4 failed."""
        if os.geteuid() != 0:
            pytest.fail(
                "puppet apply tests need root: the module makes root own its files",
                pytrace=False,
            )
        return self.run(
            "puppet",
            "apply",
            *self.isolated(),
            f"--modulepath={modules}:{STDLIB}",
            "--color=false",
            "--detailed-exitcodes",
            *extra,
            manifest,
        )


@pytest.fixture
def puppet(tmp_path: Path) -> Puppet:
    if not (STDLIB / "stdlib" / "metadata.json").is_file():
        pytest.fail(
            f"puppetlabs-stdlib is missing from {STDLIB}: "
            "apt-get install puppet-module-puppetlabs-stdlib",
            pytrace=False,
        )
    return Puppet(tmp_path / "puppet-state")
