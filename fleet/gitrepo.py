"""The one choke point for git: which commit an inventory is at, and old revisions.

Uses GitPython. An inventory outside a git work tree is not an error: it simply has
no commit to stamp.
"""

from __future__ import annotations

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


def stamp(root: Path, paths: tuple[str, ...] = ("fleet.yml", "packs")) -> Stamp:
    """The commit the inventory is at and whether its files differ from it."""
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
    scoped = [str(prefix / p) if str(prefix) != "." else p for p in paths]
    try:
        dirty = bool(repo.git.status("--porcelain", "--", *scoped).strip())
    except git.GitCommandError as exc:
        raise FleetError(f"git status failed: {exc.stderr.strip()}") from exc
    return Stamp(commit, dirty)
