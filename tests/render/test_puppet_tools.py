"""Puppet's own static checks on rendered modules.

``puppet parser validate``, ``puppet-lint --fail-on-warnings`` (from the module
root, so the autoloader check sees the module name), ``metadata-json-lint
--strict-license --strict-dependencies``, and ``puppet strings``, whose markdown must
equal the REFERENCE.md fleet rendered without Puppet. The module has no EPP
templates: everything host-varying is a class parameter.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import WriteInventory
from tests.render.conftest import SERVERS, WEB_PACK, Puppet, RenderPuppet

pytestmark = pytest.mark.puppet


@pytest.fixture
def inline_inventory(write_inventory: WriteInventory) -> Path:
    root = SERVERS.replace("pack_mode: external", "pack_mode: inline").replace(
        "enroll_secret: true", "enroll_secret: false"
    )
    return write_inventory(root=root, files={"packs/web/web.yml": WEB_PACK})


@pytest.mark.parametrize(
    "inventory", ["servers_inventory", "inline_inventory", "hostile_inventory"]
)
def test_puppet_tools_accept_the_module(
    inventory: str,
    request: pytest.FixtureRequest,
    render_puppet: RenderPuppet,
    puppet: Puppet,
    tmp_path: Path,
) -> None:
    module = render_puppet(request.getfixturevalue(inventory), tmp_path / "out")
    assert not list(module.dir.rglob("*.epp"))
    puppet.check_module(module.dir, tmp_path / "scratch")


def test_lint_catches_a_broken_manifest(
    servers_inventory: Path, render_puppet: RenderPuppet, puppet: Puppet, tmp_path: Path
) -> None:
    """The checks above can fail: a double-quoted string and a 3-digit mode."""
    module = render_puppet(servers_inventory, tmp_path / "out")
    config = module.dir / "manifests" / "config.pp"
    config.write_text(config.read_text().replace("'0640'", '"640"', 1))

    done = puppet.run("puppet-lint", "--fail-on-warnings", ".", cwd=module.dir)
    assert done.rc == 1
    assert "double quoted string containing no variables" in done.output
    assert "mode should be represented as a 4 digit octal value" in done.output
