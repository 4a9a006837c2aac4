"""Which targets of an existing inventory take in the packs an import added.

Packs added to an inventory are selected at once by every target whose ``packs:``
reaches them (``*``, a ``group:`` of theirs, a ``tag:`` they carry, their name),
and the next compile ships them. ``reach`` loads the inventory as it is after the
import and asks compile's own selection (platforms and tags included), so the
counts are compile's: each such target gets a warning at the first selector that
takes the packs in, saying how to keep them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fleet.compile.select import select, selector_matches
from fleet.errors import FleetError
from fleet.findings import Finding, warning
from fleet.load.inventory import load_inventory
from fleet.model import Pack, Target


@dataclass(frozen=True, slots=True)
class Reach:
    """One existing target that now selects imported packs."""

    target: str
    packs: int  # imported packs it selects
    queries: int  # imported queries it selects
    total: int  # queries it selects in all, the imported ones included

    @property
    def before(self) -> int:
        return self.total - self.queries


def reach(out: Path, imported: set[str]) -> tuple[list[Reach], list[Finding]]:
    """The targets of ``out``'s fleet.yml that select any of the packs named
    ``imported``, and a warning for each."""
    try:
        inventory = load_inventory(out)
    except FleetError:  # no readable fleet.yml: no target selects anything
        return [], []
    found: list[Reach] = []
    findings: list[Finding] = []
    for name in sorted(inventory.targets):
        target = inventory.targets[name]
        chosen = select(inventory, target)
        mine = [s for s in chosen if s.pack.name in imported]
        if not mine:
            continue
        one = Reach(
            name,
            len(mine),
            sum(len(s.queries) for s in mine),
            sum(len(s.queries) for s in chosen),
        )
        found.append(one)
        findings.append(_warning(target, one, [s.pack for s in mine]))
    return found, findings


def _warning(target: Target, one: Reach, packs: list[Pack]) -> Finding:
    used = [
        (i, s)
        for i, s in enumerate(target.select)
        if any(selector_matches(s, p) for p in packs)
    ]
    index, _ = used[0]
    pos = target.where.get(f"packs[{index}]") or target.where.get("packs") or target.pos
    through = ", ".join(f"`{s}`" for _, s in used)
    return warning(
        "import-selected",
        pos,
        f"target `{target.name}` now selects {one.packs} imported pack(s) with "
        f"{one.queries} query(ies) through {through}: {one.total} query(ies) in "
        f"all, {one.before} before the import; its next compile ships them",
        "to keep them out, " + ", or ".join(dict.fromkeys(_hint(s) for _, s in used)),
    )


def _hint(selector: str) -> str:
    if selector == "*":
        return "select this target's packs by group:NAME or name instead of '*'"
    if selector.startswith("group:"):
        return f"import them under another --group than {selector[6:]}"
    if selector.startswith("tag:"):
        return f"remove the tag {selector[4:]} from the imported packs"
    return f"rename the imported pack {selector} or drop it from this target"
