"""``fleet diff``: revisions -> compiled sides -> per-target changes -> a report."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fleet.diff.model import DiffReport, SideInfo
from fleet.diff.notes import target_notes, version_warning
from fleet.diff.sides import Side, load_side
from fleet.diff.targets import compare_target
from fleet.gitrepo import default_base, inventory_prefix, resolve_revision


def diff_inventory(start: Path, base: str | None, head: str | None) -> DiffReport:
    """Compare the inventory at ``base`` (default: the merge base with the main
    branch) with the one at ``head`` (default: the working tree)."""
    root = start.parent if start.is_file() else start
    base_rev = resolve_revision(root, base) if base else default_base(root)
    head_rev = resolve_revision(root, head) if head else None
    with tempfile.TemporaryDirectory(prefix="fleet-diff-") as scratch:
        old = load_side(root, base_rev, Path(scratch) / "base")
        new = load_side(root, head_rev, Path(scratch) / "head")
    return build_report(old, new, inventory_prefix(root) or ".")


def _info(side: Side) -> SideInfo:
    return SideInfo(side.label, side.commit, side.inventory.version)


def build_report(old: Side, new: Side, inventory: str) -> DiffReport:
    delimiters = (old.inventory.pack_delimiter, new.inventory.pack_delimiter)
    targets = []
    for name in sorted(set(old.compiled) | set(new.compiled)):
        diff = compare_target(
            name, old.compiled.get(name), new.compiled.get(name), delimiters
        )
        diff.notes = target_notes(diff, delimiters)
        targets.append(diff)
    report = DiffReport(_info(old), _info(new), inventory, targets)
    warning = version_warning(report)
    if warning is not None:
        report.warnings.append(warning)
    return report
