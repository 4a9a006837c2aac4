"""One side of a diff: the inventory at a revision (or in the working tree), loaded
and compiled."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from fleet.compile.config import CompiledTarget, compile_inventory
from fleet.errors import FleetError
from fleet.findings import Finding, Pos, Severity
from fleet.gitrepo import Revision, export_inventory
from fleet.load.inventory import ROOT_FILE, load_inventory
from fleet.model import Inventory

WORK_TREE = "working tree"


class SideNotLoaded(FleetError):
    """A side whose inventory does not load: the diff would be wrong in ways nobody
    could see, so there is none. Carries the findings to show."""

    def __init__(self, where: str, findings: list[Finding]) -> None:
        super().__init__(
            f"the inventory {where} does not load: {len(findings)} error(s)",
            "fix them, or diff against another revision",
        )
        self.findings = findings


@dataclass(slots=True)
class Side:
    label: str
    commit: str | None
    inventory: Inventory
    compiled: dict[str, CompiledTarget]


def load_side(root: Path, revision: Revision | None, scratch: Path) -> Side:
    """Load and compile the inventory at ``revision``, or in the working tree if None.

    A revision's files are written below ``scratch`` first; its findings name files
    the way git does (``<commit>:<path in the repository>``).
    """
    if revision is None:
        directory, where = root, f"in the {WORK_TREE}"
        missing = str(root / ROOT_FILE)
    else:
        directory = export_inventory(root, revision, scratch)
        where = f"at {revision.name} ({revision.short})"
        missing = f"{revision.short}:{_in_repo(directory / ROOT_FILE, scratch)}"
    if not (directory / ROOT_FILE).is_file():
        raise FleetError(f"there is no inventory {where}: {missing} does not exist")

    inventory = load_inventory(directory)
    errors = [f for f in inventory.findings if f.severity is Severity.ERROR]
    if errors:
        if revision is not None:
            errors = [_in_revision(f, scratch, revision) for f in errors]
        raise SideNotLoaded(where, errors)
    return Side(
        revision.name if revision else WORK_TREE,
        revision.commit if revision else None,
        inventory,
        compile_inventory(inventory),
    )


def _in_repo(path: Path, scratch: Path) -> str:
    return path.resolve().relative_to(scratch.resolve()).as_posix()


def _in_revision(finding: Finding, scratch: Path, revision: Revision) -> Finding:
    """The finding with its files named ``<commit>:<path>``, not the scratch copy."""

    def moved(pos: Pos) -> Pos:
        try:
            inside = _in_repo(Path(pos.file), scratch)
        except ValueError:
            return pos
        return dataclasses.replace(pos, file=f"{revision.short}:{inside}")

    return dataclasses.replace(
        finding,
        pos=moved(finding.pos),
        related=tuple(moved(p) for p in finding.related),
    )
