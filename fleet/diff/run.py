"""``fleet diff``: revisions -> compiled sides -> per-target changes -> a report."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from fleet.diff.model import DiffReport, ReportWarning, SideInfo
from fleet.diff.notes import target_notes, version_warning
from fleet.diff.revisions import (
    default_base,
    ignored_files,
    inventory_prefix,
    open_repo,
    resolve_revision,
    unchecked_files,
)
from fleet.diff.sides import Side, load_side
from fleet.diff.targets import compare_target
from fleet.load.inventory import PACK_SUFFIXES

if TYPE_CHECKING:
    from git import Repo


def diff_inventory(start: Path, base: str | None, head: str | None) -> DiffReport:
    """Compare the inventory at ``base`` (default: the merge base with the main
    branch) with the one at ``head`` (default: the working tree)."""
    root = start.parent if start.is_file() else start
    repo = open_repo(root)
    prefix = inventory_prefix(repo, root)
    base_rev = resolve_revision(repo, base) if base else default_base(repo)
    head_rev = resolve_revision(repo, head) if head else None
    with tempfile.TemporaryDirectory(prefix="fleet-diff-") as scratch:
        old = load_side(repo, root, prefix, base_rev, Path(scratch) / "base")
        new = load_side(repo, root, prefix, head_rev, Path(scratch) / "head")
    report = build_report(old, new, prefix or ".")
    if head_rev is None:
        report.warnings.extend(_work_tree_warnings(repo, prefix))
    return report


def _work_tree_warnings(repo: Repo, prefix: str) -> list[ReportWarning]:
    """Where the working tree and its commits differ in a way git hides: the diff
    shows the working tree as fleet compile reads it, and says so."""
    ignored = [
        ReportWarning(
            "ignored-file",
            f"{path} is ignored by git: this diff counts it, as fleet compile does, "
            "but no commit will hold it",
        )
        for path in ignored_files(repo, prefix, PACK_SUFFIXES)
    ]
    unchecked = [
        ReportWarning(
            "not-checked-out",
            f"{path} is not checked out (sparse checkout or skip-worktree): this "
            "diff, as fleet compile, reads the working tree without it",
        )
        for path in unchecked_files(repo, prefix, PACK_SUFFIXES)
    ]
    return ignored + unchecked


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
