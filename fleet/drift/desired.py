"""What a host of each target should hold: the compiled target plus the inventory
settings drift checks (the oldest osquery version, the pack delimiter)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from fleet.compare import normalise_config
from fleet.compare.normalise import normalise_pack
from fleet.compile.config import CompiledTarget
from fleet.drift.secrets import scrub
from fleet.model import Inventory


@dataclass(frozen=True, slots=True)
class Desired:
    compiled: CompiledTarget
    osquery_version: str | None
    pack_delimiter: str
    # Normalised once per target, not once per host.
    config: dict[str, object] = field(default_factory=dict)
    packs: dict[str, dict[str, object]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.compiled.name


def desired_targets(
    inventory: Inventory, compiled: dict[str, CompiledTarget]
) -> dict[str, Desired]:
    return {
        name: Desired(
            result,
            inventory.osquery_version,
            inventory.pack_delimiter,
            normalise_config(result.config),
            {pack: normalise_pack(body) for pack, body in result.packs.items()},
        )
        for name, result in compiled.items()
    }


def show(value: object, limit: int = 80) -> str:
    """A value as messages print it: JSON, so "true " shows its trailing space.

    Credentials in it are hidden before it is shortened, never after."""
    text = json.dumps(scrub(value), ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"
