"""Drift over the root the rendered Puppet module is really applied into.

Reuses the render tests' helpers (``render_puppet``, ``puppet``): the module from
``fleet render puppet`` is applied with ``puppet apply`` into a temporary root,
drift finds it in sync, finds each change made afterwards, and finds it in sync
again once Puppet has put things back.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from fleet.drift.model import IN_SYNC
from tests.drift.conftest import CheckHost, codes
from tests.render.conftest import Puppet, RenderPuppet, Run, puppet, render_puppet
from tests.render.test_puppet_apply import JSON_CHECK, write_hiera

pytestmark = pytest.mark.puppet
__all__ = ["puppet", "render_puppet"]  # fixtures shared with tests/render

SECRET = "Puppet-enroll-9f8e7d6c5b4a3210"


def test_applied_module_then_hand_edits(
    servers_inventory: Path,
    render_puppet: RenderPuppet,
    puppet: Puppet,
    tmp_path: Path,
    check: CheckHost,
) -> None:
    modules = tmp_path / "modules"
    render_puppet(servers_inventory, modules)
    root = tmp_path / "root"
    config_dir = root / "etc/osquery"
    config_dir.parent.mkdir(parents=True)
    settings: dict[str, object] = {
        "osquery_fleet::config_dir": str(config_dir),
        "osquery_fleet::packs_dir": str(config_dir / "packs"),
        "osquery_fleet::manage_package": False,
        "osquery_fleet::manage_service": False,
        "osquery_fleet::validate_cmd": JSON_CHECK,
        "osquery_fleet::restart_command": "/bin/true",
        "osquery_fleet::enroll_secret": SECRET,
    }
    site = tmp_path / "site.pp"
    site.write_text("include osquery_fleet\n")

    def apply() -> Run:
        hiera = write_hiera(tmp_path, settings)
        return puppet.apply(site, modules, f"--hiera_config={hiera}")

    run = apply()
    assert run.rc == 2, run.output
    result = check(root)
    assert (result.status, codes(result)) == (IN_SYNC, [])

    web = config_dir / "packs/web.conf"
    pack = json.loads(web.read_text())
    pack["queries"]["procs"]["interval"] = 60
    web.write_text(json.dumps(pack))
    (config_dir / "packs/db.conf").write_text("{}\n")
    os.chmod(config_dir / "osquery.conf", 0o644)
    os.chmod(config_dir / "enroll_secret", 0o644)
    flags = config_dir / "osquery.flags"
    flags.write_text(flags.read_text().replace("=false\n", "=false \n"))
    drifted = check(root)
    assert codes(drifted) == [
        ("file-mode", "/etc/osquery/enroll_secret", ""),
        ("file-mode", "/etc/osquery/osquery.conf", ""),
        ("flag-changed", "/etc/osquery/osquery.flags", "--disable_events"),
        ("pack-file-unexpected", "/etc/osquery/packs/db.conf", ""),
        ("query-changed", "/etc/osquery/packs/web.conf", "/queries/procs/interval"),
    ]
    assert all(SECRET not in json.dumps(f.as_dict()) for f in drifted.findings)

    run = apply()
    assert run.rc == 2, run.output
    assert check(root).status == IN_SYNC
