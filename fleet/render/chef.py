"""``fleet render chef``: the Chef cookbook that deploys a laptop target.

The compiled ``osquery.conf``, the flag file of each platform and, in external pack
mode, the pack files ship unchanged under ``files/default/`` and are deployed with
``cookbook_file``: the bytes on a host are the bytes compile wrote. Every other file
is a Jinja2 template under ``templates/chef/`` (overlaid by ``--templates DIR/chef/``):
each ``*.j2`` gives the file of the same path without the suffix; names starting
with ``_`` are partials. Inventory text reaches Ruby only as single-quoted literals
(the ``ruby`` filter), Markdown only escaped (``md``, ``md_code``), and never
reaches an ERB template: those are rendered with no values at all.
"""

from __future__ import annotations

import hashlib

from fleet import __version__
from fleet.compile.config import CompiledTarget
from fleet.compile.serialize import json_bytes
from fleet.render.base import RenderInput, register
from fleet.render.chef_context import cookbook_context
from fleet.render.templating import environment, render_template, template_names

MANIFEST = ".fleet-manifest.json"
# Files only a cookbook that deploys Linux needs.
LINUX_ONLY = frozenset({"templates/default/osqueryd.env.erb"})


def static_files(compiled: CompiledTarget) -> dict[str, bytes]:
    """The compiled bytes, exactly, under ``files/default/``."""
    return {f"files/default/{path}": data for path, data in compiled.files.items()}


def template_files(given: RenderInput, context: dict[str, object]) -> dict[str, bytes]:
    env = environment(given.templates)
    platforms = context["platforms"]
    assert isinstance(platforms, list)
    files = {}
    for name in template_names(env):
        path = name.removesuffix(".j2")
        if path in LINUX_ONLY and "linux" not in platforms:
            continue
        # ERB is code Chef runs on the host: it gets no inventory value to embed.
        erb = path.endswith(".erb")
        text = render_template(
            env,
            given.templates,
            name,
            {} if erb else context,
            "ERB templates are rendered without inventory values" if erb else "",
        )
        files[path] = (text if text.endswith("\n") else text + "\n").encode("utf-8")
    return files


def manifest(given: RenderInput, files: dict[str, bytes]) -> bytes:
    """File digests and where they came from; no commit: the cookbook stays stable."""
    return json_bytes(
        {
            "generator": "fleet",
            "fleet_version": __version__,
            "cookbook": given.compiled.target.deploy.name,
            "target": given.compiled.name,
            "inventory": {"version": given.inventory.version, "digest": given.digest},
            "config_hash": given.compiled.config_hash,
            "files": {
                path: {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                for path, data in sorted(files.items())
            },
        }
    )


class ChefRenderer:
    tool = "chef"

    def render(self, given: RenderInput) -> dict[str, bytes]:
        context = cookbook_context(given)
        files = static_files(given.compiled)
        files.update(template_files(given, context))
        files[MANIFEST] = manifest(given, files)
        return files


renderer = register(ChefRenderer())
