"""The renderer protocol, the registry, and what every renderer shares.

A renderer turns one compiled target into the files of a cookbook or module. The
compiled bytes (config, packs, flag files) are shipped unchanged as static files;
only what varies per host is templated. Templates are Jinja2 files under
``templates/<tool>/`` (or a team's own directory given with ``--templates``).
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
    templates: Path  # the directory holding this tool's templates
    digest: str  # the inventory digest (fleet.compile.manifest.inventory_digest)


class Renderer(Protocol):
    tool: str

    def render(self, given: RenderInput) -> dict[str, bytes]:
        """The cookbook or module as relative POSIX paths to bytes."""
        ...


def templates_root(custom: Path | None = None) -> Path:
    """The directory holding ``chef/`` and ``puppet/`` templates."""
    if custom is not None:
        if not custom.is_dir():
            raise FleetError(f"templates directory {custom} does not exist")
        return custom
    # templates/ at the repository root; fleet/templates links to it, so the wheel
    # ships it as package data and a source checkout finds it the same way.
    shipped = Path(__file__).resolve().parents[1] / "templates"
    if shipped.is_dir():
        return shipped
    raise FleetError("fleet's templates are missing from this installation")


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
