"""``manifest.json``: what was compiled, from which inventory, with file digests."""

from __future__ import annotations

import hashlib

from fleet import __version__
from fleet.compile.config import CompiledTarget, packs_dir
from fleet.gitrepo import Stamp
from fleet.model import Inventory
from fleet.osquery.layout import LAYOUTS

GENERATOR = "fleet"
MANIFEST_VERSION = 1


def inventory_digest(compiled: dict[str, CompiledTarget]) -> str:
    """A digest of everything compiled: equal digests mean equal artifacts."""
    h = hashlib.sha256()
    for name in sorted(compiled):
        for path in sorted(compiled[name].files):
            h.update(f"{name}/{path}\0{compiled[name].digest(path)}\n".encode())
    return h.hexdigest()


def _query_count(pack: dict[str, object]) -> int:
    queries = pack.get("queries")
    return len(queries) if isinstance(queries, dict) else 0


def build_manifest(
    inventory: Inventory, compiled: dict[str, CompiledTarget], stamp: Stamp | None
) -> dict[str, object]:
    targets: dict[str, object] = {}
    for name, result in sorted(compiled.items()):
        target = result.target
        targets[name] = {
            "config_hash": result.config_hash,
            "deploy": {"tool": target.deploy.tool, "name": target.deploy.name},
            "files": {
                path: {"bytes": len(data), "sha256": result.digest(path)}
                for path, data in sorted(result.files.items())
            },
            "layout": {
                p: {**LAYOUTS[p].as_dict(), "packs_dir": packs_dir(target, p)}
                for p in target.platforms
                if p in LAYOUTS
            },
            "pack_mode": target.pack_mode,
            "packs": sorted(result.packs),
            "platforms": list(target.platforms),
            "queries": sum(_query_count(p) for p in result.packs.values()),
        }
    manifest: dict[str, object] = {
        "generator": GENERATOR,
        "manifest_version": MANIFEST_VERSION,
        "fleet_version": __version__,
        "inventory": {
            "version": inventory.version,
            "osquery_version": inventory.osquery_version,
            "digest": inventory_digest(compiled),
        },
        "targets": targets,
    }
    if stamp is not None:
        manifest["inventory"]["commit"] = stamp.commit  # type: ignore[index]
        manifest["inventory"]["dirty"] = stamp.dirty  # type: ignore[index]
    return manifest
