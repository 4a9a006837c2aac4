"""``fleet render puppet``: the Puppet module that deploys a server target.

The compiled ``osquery.conf``, Linux flag file and pack files are shipped unchanged
under ``files/`` and deployed with ``source =>``, so the bytes on a host are the
bytes compile wrote. Every other file of the module is a Jinja2 template under
``templates/puppet/``, overlaid by ``--templates DIR/puppet/`` (each ``*.j2`` file
gives the file of the same path without the suffix). Inventory text reaches Puppet
code only as single-quoted literals (the ``puppet`` filter), Hiera data only as
escaped scalars (``hiera``) and Markdown only escaped (``md``, ``md_code``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from fleet import __version__
from fleet.compile.config import CompiledTarget, packs_dir
from fleet.compile.serialize import json_bytes
from fleet.errors import FleetError
from fleet.osquery.layout import LAYOUTS, packs_dir_problem
from fleet.render.base import RenderInput, register
from fleet.render.naming import DEPLOY_NAME, PUPPET_AUTHOR, PUPPET_RESERVED
from fleet.render.puppet_docs import CONFIG_DIR, class_docs, module_params
from fleet.render.templating import environment, render_template, template_names

PLATFORM = "linux"
LAYOUT = LAYOUTS[PLATFORM]
MANIFEST = ".fleet-manifest.json"


@dataclass(frozen=True, slots=True)
class QueryRow:
    pack: str
    query: str
    interval: object
    platform: object


def module_version(version: str) -> str:
    """The inventory version as the x.y.z semver Puppet modules need."""
    parts = version.split(".")
    if len(parts) > 3:
        raise FleetError(
            f"inventory version '{version}' has more than three parts",
            "Puppet module versions are semver (x.y.z)",
        )
    return ".".join(parts + ["0"] * (3 - len(parts)))


def check_target(compiled: CompiledTarget) -> str:
    """The target's packs directory, after refusing what cannot make a safe module."""
    target = compiled.target
    deploy = target.deploy
    if not DEPLOY_NAME.fullmatch(deploy.name) or deploy.name in PUPPET_RESERVED:
        raise FleetError(
            f"'{deploy.name}' cannot name a Puppet module",
            "use lowercase letters, digits and '_', starting with a letter",
        )
    if not PUPPET_AUTHOR.fullmatch(deploy.author):
        raise FleetError(
            f"Puppet module author '{deploy.author}' must be lowercase "
            "letters and digits"
        )
    if not deploy.package_version:
        raise FleetError(
            f"target '{target.name}' is deployed with Puppet but pins no osquery "
            "version",
            'set deploy: {package_version: "5.12.1"} (the module never installs '
            "'latest')",
        )
    if f"osquery.{PLATFORM}.flags" not in compiled.files:
        raise FleetError(
            f"target '{target.name}' has no Linux flag file to deploy",
            "the Puppet module deploys Linux servers: platforms: [linux]",
        )
    directory = packs_dir(target, PLATFORM)
    problem = packs_dir_problem(directory, PLATFORM)
    if target.pack_mode == "external" and problem:
        raise FleetError(
            f"packs_dir '{directory}' cannot be the packs directory of the Puppet "
            f"module: it {problem}, and Puppet deletes every file in it that is not "
            "a managed pack",
            f"use a directory of its own, such as {LAYOUT.packs_dir}",
        )
    return directory


def query_rows(compiled: CompiledTarget) -> list[QueryRow]:
    rows = []
    for pack, body in sorted(compiled.packs.items()):
        queries = body["queries"]
        assert isinstance(queries, dict)
        for name, query in sorted(queries.items()):
            rows.append(
                QueryRow(pack, name, query.get("interval"), query.get("platform"))
            )
    return rows


def static_files(compiled: CompiledTarget) -> dict[str, bytes]:
    """The compiled bytes, exactly, under ``files/``."""
    files = {
        "files/osquery.conf": compiled.files["osquery.conf"],
        "files/osquery.flags": compiled.files[f"osquery.{PLATFORM}.flags"],
    }
    for path, data in compiled.files.items():
        if path.startswith("packs/"):
            files[f"files/{path}"] = data
    return files


def manifest(given: RenderInput, files: dict[str, bytes]) -> bytes:
    """File digests and where they came from; no commit, so the module stays stable."""
    deploy = given.compiled.target.deploy
    return json_bytes(
        {
            "generator": "fleet",
            "fleet_version": __version__,
            "module": f"{deploy.author}-{deploy.name}",
            "target": given.compiled.name,
            "inventory": {"version": given.inventory.version, "digest": given.digest},
            "files": {
                path: {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                for path, data in sorted(files.items())
            },
        }
    )


class PuppetRenderer:
    tool = "puppet"

    def render(self, given: RenderInput) -> dict[str, bytes]:
        compiled = given.compiled
        target = compiled.target
        directory = check_target(compiled)
        files = static_files(compiled)
        packs = sorted(compiled.packs) if target.pack_mode == "external" else []
        context = {
            "name": target.deploy.name,
            "author": target.deploy.author,
            "version": module_version(given.inventory.version),
            "inventory_version": given.inventory.version,
            "osquery_version": given.inventory.osquery_version,
            "digest": given.digest,
            "fleet_version": __version__,
            "target": target.name,
            "external": target.pack_mode == "external",
            "packs": packs,
            "queries": query_rows(compiled),
            "secret": target.enroll_secret,
            "params": module_params(target, directory),
            "classes": {
                doc.name: doc for doc in class_docs(target.deploy.name, target)
            },
            "config_dir": CONFIG_DIR,
            "names": {
                "config": LAYOUT.config_path.rpartition("/")[2],
                "flags": LAYOUT.flags_path.rpartition("/")[2],
                "secret": LAYOUT.secret_path.rpartition("/")[2],
            },
        }
        env = environment(given.templates)
        for template in template_names(env):
            text = render_template(env, given.templates, template, context)
            files[template.removesuffix(".j2")] = text.encode("utf-8")
        files[MANIFEST] = manifest(given, files)
        return files


renderer = register(PuppetRenderer())
