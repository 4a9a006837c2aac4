"""Write a compile result: every target's files and the manifest, atomically."""

from __future__ import annotations

import os
from pathlib import Path

from fleet.compile.config import CompiledTarget
from fleet.compile.manifest import build_manifest
from fleet.compile.serialize import json_bytes
from fleet.errors import FleetError
from fleet.findings import Finding, sort_findings
from fleet.gitrepo import stamp
from fleet.model import Inventory
from fleet.outdir import write_tree


def files_read(inventory: Inventory) -> list[str]:
    """The inventory files the loader read into the model, relative to its root."""
    root = os.path.abspath(inventory.root)
    shown = [inventory.root_file, *(pack.file for pack in inventory.packs.values())]
    return sorted(
        Path(os.path.relpath(os.path.abspath(path), root)).as_posix() for path in shown
    )


def unwritable(compiled: dict[str, CompiledTarget]) -> list[Finding]:
    """What no option may write: settings the flag file cannot carry raw."""
    return sort_findings(f for c in compiled.values() for f in c.unwritable)


def build_files(
    inventory: Inventory, compiled: dict[str, CompiledTarget]
) -> dict[str, bytes]:
    refused = unwritable(compiled)
    if refused:
        raise FleetError(f"refusing to compile: {refused[0].as_text()}")
    manifest = build_manifest(
        inventory, compiled, stamp(inventory.root, read=files_read(inventory))
    )
    files = {"manifest.json": json_bytes(manifest)}
    for name, result in compiled.items():
        for path, data in result.files.items():
            files[f"{name}/{path}"] = data
    return files


def write_build(
    inventory: Inventory, out: Path, compiled: dict[str, CompiledTarget]
) -> str:
    files = build_files(inventory, compiled)
    write_tree(out, files, keep=inventory.root)
    return f"{len(compiled)} target(s), {len(files)} file(s)"
