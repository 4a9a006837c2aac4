"""The renderer protocol, the registry, and what every renderer shares.

A renderer turns one compiled target into the files of a cookbook or module. The
compiled bytes (config, packs, flag files) are shipped unchanged as static files;
only what varies per host is templated. Templates are Jinja2 files under
``templates/<tool>/``, overlaid by a team's own with ``--templates``
(``fleet.render.templating``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from fleet.compile.config import CompiledTarget
from fleet.errors import FleetError
from fleet.model import Inventory


@dataclass(frozen=True, slots=True)
class RenderInput:
    inventory: Inventory
    compiled: CompiledTarget
    templates: tuple[Path, ...]  # search path: the team's directory, then fleet's
    digest: str  # the inventory digest (fleet.compile.manifest.inventory_digest)


class Renderer(Protocol):
    tool: str

    def render(self, given: RenderInput) -> dict[str, bytes]:
        """The cookbook or module as relative POSIX paths to bytes."""
        ...


_REGISTRY: dict[str, Renderer] = {}


def register(renderer: Renderer) -> Renderer:
    _REGISTRY[renderer.tool] = renderer
    return renderer


def renderer_for(tool: str) -> Renderer:
    # Importing the modules registers them; kept lazy so 'fleet validate' stays fast.
    from fleet.render import chef, puppet  # noqa: F401

    if tool not in _REGISTRY:
        raise FleetError(f"no renderer for '{tool}'", "use chef or puppet")
    return _REGISTRY[tool]
