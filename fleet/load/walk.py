"""Finding the files of an inventory, and what its links may point at.

A link inside the inventory (a group shared by two inventories in one repository,
say) is followed; one that leads outside it (in a pull request, to a file on the
reviewer's machine) is not read, and one that points at nothing is reported as
dangling. Every link that is not followed is a finding, never a silent skip.
"""

from __future__ import annotations

import os
from pathlib import Path

from fleet.findings import Finding, Pos, error
from fleet.load.yamldoc import one_line

PACK_SUFFIXES = (".yml", ".yaml")


def display_path(path: Path) -> str:
    """How a file is named in findings: relative to the working directory if below,
    with control and line-breaking characters escaped."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return one_line(str(path))
    return one_line(str(path) if rel.startswith("..") else rel)


def inside(path: Path, root: Path) -> bool:
    """Whether ``path``, links resolved, is inside ``root``: an inventory file that
    links elsewhere must not make fleet read it."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def dangling(path: Path) -> bool:
    return path.is_symlink() and not path.exists()


def link_finding(path: Path, root: Path) -> Finding | None:
    """Why the file or directory at ``path`` is not read, or None when it is."""
    if dangling(path):
        return error(
            "unreadable",
            Pos(display_path(path), 1, 1),
            "the link is dangling: nothing exists where it points",
            "fix the link or remove it",
        )
    if not inside(path, root):
        kind = "directory" if path.is_dir() else "file"
        return error(
            "pack-location",
            Pos(display_path(path), 1, 1),
            f"the {kind} is a link to a place outside the inventory; fleet does not "
            "read it",
            f"copy the {kind} into the inventory instead of linking to it",
        )
    return None


def pack_files(packs_dir: Path, root: Path) -> tuple[list[Path], list[Finding]]:
    """The YAML files under packs/, in order, and findings for links not followed.

    Directory links are followed inside the inventory, but never into a directory
    the walk is already in (a loop).
    """
    found: list[Path] = []
    findings: list[Finding] = []
    chains = {str(packs_dir): frozenset({packs_dir.resolve()})}
    for directory, dirnames, filenames in os.walk(packs_dir, followlinks=True):
        chain = chains.pop(directory)
        followed = []
        for name in sorted(dirnames):
            path = Path(directory, name)
            problem = link_finding(path, root) if path.is_symlink() else None
            real = path.resolve()
            if problem is None and real in chain:
                problem = error(
                    "pack-location",
                    Pos(display_path(path), 1, 1),
                    "the directory is a link back to a directory that holds it; "
                    "fleet does not follow it",
                    "remove the link",
                )
            if problem is not None:
                findings.append(problem)
                continue
            chains[os.path.join(directory, name)] = chain | {real}
            followed.append(name)
        dirnames[:] = followed
        for name in filenames:
            path = Path(directory, name)
            if path.suffix in PACK_SUFFIXES and (path.is_file() or path.is_symlink()):
                found.append(path)
            elif Path(directory) == packs_dir and dangling(path):
                # Most likely a group directory's link: os.walk lists it as a file.
                findings.extend(filter(None, [link_finding(path, root)]))
    return sorted(found), findings
