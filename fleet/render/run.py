"""Render every target deployed with one tool into that tool's directory."""

from __future__ import annotations

from pathlib import Path

from fleet.compile.config import CompiledTarget
from fleet.compile.manifest import inventory_digest
from fleet.errors import FleetError
from fleet.model import Inventory
from fleet.render.base import RenderInput, renderer_for
from fleet.render.templating import template_dirs


def targets_for(inventory: Inventory, tool: str) -> list[str]:
    return sorted(n for n, t in inventory.targets.items() if t.deploy.tool == tool)


def render_tool(
    inventory: Inventory,
    compiled: dict[str, CompiledTarget],
    tool: str,
    templates: Path | None = None,
) -> dict[str, bytes]:
    """Files of every cookbook (or module) for ``tool``, under ``<deploy name>/``."""
    renderer = renderer_for(tool)
    names = targets_for(inventory, tool)
    if not names:
        raise FleetError(
            f"no target is deployed with {tool}",
            f"set deploy: {{tool: {tool}}} on a target in fleet.yml",
        )
    dirs = template_dirs(tool, templates)
    digest = inventory_digest(compiled)
    files: dict[str, bytes] = {}
    owners: dict[str, str] = {}
    for name in names:
        deploy_name = inventory.targets[name].deploy.name
        if deploy_name in owners:
            raise FleetError(
                f"targets '{owners[deploy_name]}' and '{name}' both render {tool} "
                f"'{deploy_name}'",
                "give them different deploy names",
            )
        owners[deploy_name] = name
        given = RenderInput(inventory, compiled[name], dirs, digest)
        for path, data in renderer.render(given).items():
            files[f"{deploy_name}/{path}"] = data
    return files
