"""Which commit an inventory is at, and whether what was read differs from it.

Uses GitPython. An inventory outside a git work tree is not an error for stamping:
it simply has no commit to stamp. Reading old revisions is fleet diff's
(``fleet.diff.revisions``, ``fleet.diff.checkout``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fleet.errors import FleetError


@dataclass(frozen=True, slots=True)
class Stamp:
    commit: str | None
    dirty: bool


def _repo(path: Path):  # type: ignore[no-untyped-def]
    import git

    try:
        return git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None


def stamp(
    root: Path,
    paths: tuple[str, ...] = ("fleet.yml", "packs"),
    read: Iterable[str] = (),
) -> Stamp:
    """The commit the inventory is at and whether what it holds differs from it.

    Dirty means a file under ``paths`` differs from the commit (changed, staged,
    deleted, or new and not ignored), or a file the loader ``read`` (paths relative
    to ``root``, links followed) is not in git at all: untracked or ignored, its
    text is in the artifacts but in no commit.
    """
    import git

    repo = _repo(root)
    if repo is None:
        return Stamp(None, False)
    try:
        commit = repo.head.commit.hexsha
    except ValueError:  # a repository with no commits yet
        return Stamp(None, True)
    work_tree = Path(repo.working_tree_dir or root).resolve()
    prefix = root.resolve().relative_to(work_tree)

    def scoped(path: str) -> str:
        return path if str(prefix) == "." else (prefix / path).as_posix()

    try:
        changed = repo.git.status("--porcelain", "--", *map(scoped, paths)).strip()
        tracked = set(repo.git.ls_files("-z", "--", scoped(".")).split("\0"))
    except git.GitCommandError as exc:
        raise FleetError(f"git status failed: {exc.stderr.strip()}") from exc
    return Stamp(
        commit, bool(changed) or not _all_tracked(root, read, work_tree, tracked)
    )


def _all_tracked(
    root: Path, read: Iterable[str], work_tree: Path, tracked: set[str]
) -> bool:
    """Whether git tracks every file read as the loader reached it: each link on
    the way (a linked group directory) and the file where it really is."""

    def in_git(real: Path) -> bool:
        try:
            return real.relative_to(work_tree).as_posix() in tracked
        except ValueError:  # outside the work tree
            return False

    for path in read:
        here = root
        for part in Path(path).parts:
            here = here / part
            link = Path(os.path.realpath(here.parent)) / here.name
            if here.is_symlink() and not in_git(link):
                return False
        if not in_git(Path(os.path.realpath(here))):
            return False
    return True
