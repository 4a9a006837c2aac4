"""One side of a diff: the inventory at a revision (or in the working tree), loaded
and compiled."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from fleet.compile.config import CompiledTarget, compile_inventory
from fleet.diff.checkout import Checkout, check_out, repo_path
from fleet.diff.revisions import Revision
from fleet.errors import FleetError
from fleet.findings import Finding, Pos, Severity, error
from fleet.load.inventory import ROOT_FILE, display_path, load_inventory
from fleet.model import Inventory

if TYPE_CHECKING:
    from git import Repo

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


def load_side(
    repo: Repo, root: Path, prefix: str, revision: Revision | None, scratch: Path
) -> Side:
    """Load and compile the inventory at ``revision``, or in the working tree if None.

    A revision's files are laid out below ``scratch`` first, as a checkout would;
    its findings name files the way git does (``<commit>:<path in the repository>``).
    """
    if revision is None:
        directory, where, missing = root, f"in the {WORK_TREE}", str(root / ROOT_FILE)
        checkout = None
    else:
        checkout = check_out(repo, revision.commit, prefix, scratch)
        directory = checkout.directory
        where = f"at {revision.name} ({revision.short})"
        missing = f"{revision.short}:{repo_path(prefix, ROOT_FILE)}"
    if not (directory / ROOT_FILE).is_file():
        raise FleetError(f"there is no inventory {where}: {missing} does not exist")

    inventory = load_inventory(directory)
    errors = [f for f in inventory.findings if f.severity is Severity.ERROR]
    if revision is not None and checkout is not None:
        errors = _at_revision(errors, scratch, revision, checkout)
    if errors:
        raise SideNotLoaded(where, errors)
    return Side(
        revision.name if revision else WORK_TREE,
        revision.commit if revision else None,
        inventory,
        compile_inventory(inventory),
    )


def _in_repo(file: str, scratch: Path) -> str | None:
    """The repository path of a scratch file as a finding names it, links not
    followed: a link is named where it is, as in the working tree."""
    inside = os.path.relpath(os.path.abspath(file), os.path.abspath(scratch))
    if inside == os.curdir or inside.startswith(os.pardir):
        return None
    return Path(inside).as_posix()


def _at_revision(
    errors: list[Finding], scratch: Path, revision: Revision, checkout: Checkout
) -> list[Finding]:
    """The findings with files named ``<commit>:<path>``, not the scratch copy, in
    their places and in their texts. What the checkout could not give gets one
    finding that says why: a file that is an LFS pointer (instead of what the loader
    made of the pointer), a submodule."""
    scratch_shown = display_path(scratch) + os.sep

    def named(text: str) -> str:
        return text.replace(scratch_shown, f"{revision.short}:")

    def moved(pos: Pos) -> Pos:
        inside = _in_repo(pos.file, scratch)
        if inside is None:
            return pos
        return dataclasses.replace(pos, file=f"{revision.short}:{inside}")

    out: list[Finding] = []
    pointers_shown: set[str] = set()
    for finding in errors:
        inside = _in_repo(finding.pos.file, scratch)
        if inside in checkout.lfs_pointers:
            if inside not in pointers_shown:
                pointers_shown.add(inside)
                out.append(_lfs_pointer(f"{revision.short}:{inside}"))
            continue
        out.append(
            dataclasses.replace(
                finding,
                message=named(finding.message),
                hint=named(finding.hint),
                pos=moved(finding.pos),
                related=tuple(moved(p) for p in finding.related),
            )
        )
    for path, commit in sorted(checkout.missing_submodules.items()):
        out.append(
            error(
                "unreadable",
                Pos(f"{revision.short}:{path}", 1, 1),
                f"a git submodule whose commit {commit[:7]} is not in this clone: "
                "fleet cannot read what it holds",
                "run git submodule update --init, then diff again",
            )
        )
    return out


def _lfs_pointer(file: str) -> Finding:
    return error(
        "unreadable",
        Pos(file, 1, 1),
        "the file is a Git LFS pointer, not the file's content",
        "install git-lfs (git lfs install) and fetch the objects (git lfs pull)",
    )
