"""Render Chef cookbooks for tests and check them with the real Ruby tools.

The tools (ruby, erubis, rubocop, Fauxhai) come from Debian packages; a missing one
fails the test with the install command, it never skips it. ``evaluate`` runs
``evaluate.rb`` (this directory), which is not Chef: see its header for what it
models.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from fleet.compile.config import CompiledTarget
from fleet.compile.manifest import inventory_digest
from fleet.findings import Severity
from fleet.load.inventory import load_inventory
from fleet.model import Inventory
from fleet.render.base import RenderInput
from fleet.render.chef import ChefRenderer
from fleet.render.run import targets_for
from fleet.render.templating import template_dirs
from fleet.validate.run import validate_inventory

HERE = Path(__file__).resolve().parent
EVALUATOR = HERE / "evaluate.rb"
INSTALL = "apt-get install -y ruby rubocop ruby-erubis ruby-fauxhai"
# Fauxhai platform data bundled with fauxhai-ng 7.5 (no network): (platform, version).
NODES = {
    "darwin": ("mac_os_x", "10.15"),
    "windows": ("windows", "2019"),
    "linux": ("ubuntu", "18.04"),
    "rhel": ("centos", "8"),
    "freebsd": ("freebsd", "11.2"),
}


@dataclass
class Rendered:
    inventory: Inventory
    compiled: CompiledTarget
    files: dict[str, bytes]
    root: Path  # the cookbook directory once written

    @property
    def name(self) -> str:
        return self.compiled.target.deploy.name


def need(tool: str) -> str:
    """The tool's path; fails (never skips) when it is not installed."""
    path = shutil.which(tool)
    if path is None:
        pytest.fail(
            f"{tool} is not installed; the Chef checks need it ({INSTALL})",
            pytrace=False,
        )
    return path


def validation_errors(inventory_dir: Path) -> list[str]:
    report = validate_inventory(load_inventory(inventory_dir), None)
    return [f.code for f in report.findings if f.severity is Severity.ERROR]


def render(inventory_dir: Path, out: Path, validated: bool = True) -> Rendered:
    """Validate (no errors allowed), compile, render the one chef target, write it.

    ``validated=False`` skips the validation gate, to show the renderer's own
    refusals hold even when it is called without ``fleet validate`` first.
    """
    inventory = load_inventory(inventory_dir)
    report = validate_inventory(inventory, None)
    errors = [f.as_text() for f in report.findings if f.severity is Severity.ERROR]
    if validated:
        assert not errors, "the test inventory must be valid:\n" + "\n".join(errors)
    names = targets_for(inventory, "chef")
    assert len(names) == 1, f"expected one chef target, got {names}"
    compiled = report.compiled[names[0]]
    given = RenderInput(
        inventory,
        compiled,
        template_dirs("chef"),
        inventory_digest(report.compiled),
    )
    files = ChefRenderer().render(given)
    root = out / compiled.target.deploy.name
    write(files, root)
    return Rendered(inventory, compiled, files, root)


def write(files: dict[str, bytes], root: Path) -> Path:
    if root.exists():
        shutil.rmtree(root)
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def evaluate(
    cookbook: Path,
    platform: str,
    attributes: dict[str, Any] | None = None,
    converge: bool = False,
) -> dict[str, Any]:
    """The evaluator's JSON for one Fauxhai platform (``NODES`` key).

    A cookbook error comes back as ``{"error": {"class", "message", "where"}}``.
    """
    ruby = need("ruby")
    fauxhai, version = NODES[platform]
    command = [ruby, str(EVALUATOR), str(cookbook), fauxhai, version]
    if attributes is not None:
        command.append(json.dumps(attributes))
    if converge:
        command.append("--converge")
    proc = subprocess.run(
        command, capture_output=True, text=True, timeout=60, check=False
    )
    try:
        result: dict[str, Any] = json.loads(proc.stdout)
    except json.JSONDecodeError:
        pytest.fail(
            f"the evaluator printed no JSON (rc {proc.returncode}):\n"
            f"{proc.stdout}\n{proc.stderr}",
            pytrace=False,
        )
    assert (proc.returncode != 0) == ("error" in result), proc.stderr
    return result


def ruby_syntax_problems(cookbook: Path) -> list[str]:
    """``ruby -wc`` on every .rb: a syntax error or any warning is a problem."""
    ruby = need("ruby")
    problems = []
    for path in sorted(cookbook.rglob("*.rb")):
        proc = subprocess.run(
            [ruby, "-wc", str(path)], capture_output=True, text=True, check=False
        )
        if proc.returncode != 0 or proc.stderr or proc.stdout != "Syntax OK\n":
            problems.append(
                f"{path.relative_to(cookbook)}: {proc.stderr or proc.stdout}"
            )
    return problems


def erb_problems(cookbook: Path) -> list[str]:
    """Every .erb compiled by Erubis, then checked by ``ruby -wc``.

    ``erubis -z`` prints a syntax error but exits 0, hence ``-x`` into ruby.
    """
    erubis, ruby = need("erubis"), need("ruby")
    problems = []
    for path in sorted(cookbook.rglob("*.erb")):
        code = subprocess.run(
            [erubis, "-x", str(path)], capture_output=True, check=True
        )
        proc = subprocess.run(
            [ruby, "-wc"], input=code.stdout, capture_output=True, check=False
        )
        if proc.returncode != 0 or proc.stderr:
            problems.append(f"{path.relative_to(cookbook)}: {proc.stderr.decode()}")
    return problems


def rubocop(cookbooks: list[Path]) -> dict[str, Any]:
    """One rubocop run over several cookbooks; each file uses its cookbook's config."""
    rubocop_bin = need("rubocop")
    proc = subprocess.run(
        [rubocop_bin, "--cache", "false", "--format", "json", *map(str, cookbooks)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode in (0, 1), (
        f"rubocop failed (rc {proc.returncode}): {proc.stderr}"
    )
    assert proc.stderr == "", f"rubocop warned: {proc.stderr}"
    result: dict[str, Any] = json.loads(proc.stdout)
    return result
